"""The pipeline: dataset → validate → reason → store → report; background processes; pipeline orchestrates."""
