"""Tools beside the shipped pipeline: the extraction evaluation and the benchmark."""
