"""Stage 4, briefing: every entry → one Briefing (topics, timeline, entities, figures, duplicates), pure."""
