"""Stage 4, briefing: every entry → one Briefing (topics, timeline, entities, figures,
duplicates), from the entries alone: no file is read or written."""
