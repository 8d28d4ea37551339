"""Run the command line: `python -m mileposts --help`."""

from .cli import main

raise SystemExit(main())
