"""Synthetic corpus and benchmark: `python -m generator.bench --help`."""
