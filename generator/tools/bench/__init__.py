"""Synthetic corpus and benchmark: `python -m generator.tools.bench --help`."""
