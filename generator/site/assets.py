"""Static files the site takes from npm packages (installed by ``make setup``).

The Arabic web font is self-hosted: Fontsource's variable Noto Naskh Arabic (one woff2
per script subset, weights 400–700, SIL Open Font License) is copied into site_src/ at
build time, so the site fetches nothing from Google Fonts or any CDN.
"""

from __future__ import annotations

from pathlib import Path

FONT_PACKAGE = "@fontsource-variable/noto-naskh-arabic"
FONT_DIR = "assets/fonts/noto-naskh-arabic"  # extra_css in mkdocs.yml links its wght.css


def font_files(node_modules: Path) -> dict[str, bytes] | None:
    """{site_src path: bytes} for the font's stylesheet, its woff2 files and its licence;
    None when the npm package is not installed."""
    package = node_modules / FONT_PACKAGE
    stylesheet = package / "wght.css"
    if not stylesheet.is_file():
        return None
    # font-display: optional, not Fontsource's swap: the page preloads the Arabic face
    # (templates/theme/main.html), so it is there for the first paint on any usable
    # connection; if it is late, the page keeps the system font instead of re-flowing
    # every line when it arrives (a layout shift readers see and Lighthouse counts).
    css = stylesheet.read_bytes().replace(b"font-display: swap", b"font-display: optional")
    files = {f"{FONT_DIR}/wght.css": css,
             f"{FONT_DIR}/LICENSE.txt": (package / "LICENSE").read_bytes()}
    for woff2 in sorted((package / "files").glob("*-wght-normal.woff2")):
        files[f"{FONT_DIR}/files/{woff2.name}"] = woff2.read_bytes()
    return files


def robots_txt(site_url: str) -> str:
    """Crawlers may read everything; the sitemap MkDocs writes is at the site's root."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    return f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n"
