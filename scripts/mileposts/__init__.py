"""Mileposts' generator: loads and checks the YAML under data/ and renders pages and PDFs from it.

Plain Python with no MkDocs import, so it runs on its own (`python -m mileposts`)
and under any site generator; scripts/mkdocs_hooks.py adapts it to MkDocs.
"""
