"""`python -m benchmark_tools`: run the benchmark."""

import sys

from .cli import main

sys.exit(main())
