"""Stage 5, site: the Briefing → the Markdown/HTML pages, charts, feeds and search terms under site_src/."""
