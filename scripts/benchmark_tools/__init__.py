"""The Mileposts performance benchmark: build times, serve latency, PDF cost, scale and page weight.

Run it with `./scripts/benchmark` (or `.venv/bin/python -m benchmark_tools`). It works on
throwaway copies of the project, never on docs/ or data/ themselves, prints a table,
writes the figures as JSON and exits non-zero when a budget fails.
"""
