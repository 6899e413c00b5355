"""Stage 3, metadata: the curator's seeds/<stem>.yml, merged over what was extracted (the curator always wins)."""
