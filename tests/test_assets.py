"""Files the site takes from npm and writes beside its pages: the font, robots.txt."""

from __future__ import annotations

import re

from conftest import ROOT
from generator.site.assets import FONT_DIR, font_files, robots_txt


def test_font_comes_from_npm_with_its_licence(tmp_path) -> None:
    assert font_files(tmp_path) is None  # not installed: the pipeline warns, nothing breaks
    files = font_files(ROOT / "node_modules")
    assert files is not None, "run `make setup` (npm ci) first"
    css = files[f"{FONT_DIR}/wght.css"].decode()
    for url in re.findall(r"url\(\./([^)]+)\)", css):
        assert f"{FONT_DIR}/{url}" in files  # every face the stylesheet names is shipped
    assert b"SIL Open Font License" in files[f"{FONT_DIR}/LICENSE.txt"]
    assert "googleapis" not in css and "http" not in css
    assert css.count("font-display: optional") == css.count("@font-face") > 0


def test_robots_points_to_the_sitemap() -> None:
    assert robots_txt("https://x.org/b").endswith("Sitemap: https://x.org/b/sitemap.xml\n")
