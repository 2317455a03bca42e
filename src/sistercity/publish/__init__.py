"""Everything that reads dist/: questions, answers, the endpoint, exporters."""
