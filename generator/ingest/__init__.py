"""Stage 1, ingest: one file of seeds/ → an Article (decoded, cleaned of site leftovers, in numbered paragraphs)."""
