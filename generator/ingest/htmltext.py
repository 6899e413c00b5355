"""An HTML page saved as .txt: keep the article's text, drop the page around it.

Standard library only (html.parser): block elements become paragraphs; script, style,
navigation, header, footer, forms and asides are dropped. Entities are decoded.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_HTML_SIGNS = re.compile(r"<!doctype html|<html[\s>]|<body[\s>]|<head[\s>]|<p[\s>]|<div[\s>]|<br\s*/?>", re.I)
_DROP = {"script", "style", "nav", "header", "footer", "form", "aside", "noscript", "svg", "iframe",
         "template", "button", "select", "head"}
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "section", "article",
           "blockquote", "tr", "figcaption", "title", "dd", "dt"}


def looks_like_html(text: str) -> bool:
    """True when the text is markup rather than prose (several tags near the top)."""
    head = text[:5000]
    return bool(_HTML_SIGNS.search(head)) and len(re.findall(r"<[a-zA-Z/!][^>]{0,200}>", head)) >= 3


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip = 0

    def _flush(self) -> None:
        line = " ".join("".join(self.current).split())
        if line:
            self.lines.append(line)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP:
            self.skip += 1
        elif tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.current.append(data)


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page, one block per line."""
    parser = _Extractor()
    parser.feed(markup)
    parser.close()
    parser._flush()
    return "\n".join(parser.lines)
