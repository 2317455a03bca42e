"""`python -m sistercity` runs the CLI."""

from sistercity.cli import main

main()
