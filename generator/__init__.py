"""Arabic briefing-site generator: seeds/*.txt → site_src/*.md → MkDocs Material site."""

__version__ = "0.1.0"
