"""Bytes → text: encodings detected, binaries and oversized files refused with a reason."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

from generator.errors import ArticleError

# Magic numbers of files that are certainly not articles.
_BINARY_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or .docx/.xlsx)",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
    b"RIFF": "a RIFF media file",
    b"\x7fELF": "a program",
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def decode(data: bytes, path: object, *, max_bytes: int) -> Decoded:
    """Decode an article's bytes, or raise ``ArticleError`` saying why it cannot be read."""
    if len(data) > max_bytes:
        raise ArticleError(
            path, f"file is {len(data):,} bytes, over the limit of {max_bytes:,} (max_article_bytes)"
        )
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise ArticleError(path, f"not a text file: looks like {what}")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="strict"), encoding, path)
    try:
        return _checked(data.decode("utf-8"), "utf-8", path)
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise ArticleError(path, "not a text file: contains NUL bytes")
    best = from_bytes(data).best()
    if best is None:
        raise ArticleError(path, "cannot decode: not UTF-8 and no known encoding fits")
    return _checked(str(best), best.encoding, path)


def _checked(text: str, encoding: str, path: object) -> Decoded:
    if "\x00" in text:
        raise ArticleError(path, "not a text file: contains NUL characters")
    return Decoded(text, encoding)
