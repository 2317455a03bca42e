"""`python -m sistercity` runs the CLI."""

from .cli import main

main()
