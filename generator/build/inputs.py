"""What a regeneration reads, at one moment: every input file's signature, the day, and
which files site_src/ holds.

Two callers compare two of these. A one-shot build (the command line, `mkdocs build`)
whose inputs are those the last one-shot build recorded has nothing to do: site_src/ is
as that build left it, and its report is given again (``pipeline.build``) without
regenerating anything, so `make build` then `make site` regenerates once. Under
`mkdocs serve`, a rebuild set off by anything but an input (a page a person put in
site_src/; with MkDocs' polling, the regeneration's own writes) finds the inputs it
recorded and skips the regeneration (generator/engine/plugin.py).

The build also reads its articles' and metadata files' signatures from here instead of
asking the system again for each (a second stat of every input file).

What a build records is the snapshot taken *before* it read anything, with its own
metadata writes stated afresh: a file someone changes while the build runs differs from
the record, so the next build sees it.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.build.parallel import collector_paused
from generator.config import Settings, build_date
from generator.ingest.safefiles import file_signature, signature_of
from generator.site.assets import FONT_PACKAGE

STATE = ".state"  # site_src/.state/: the generator's own records, not pages


@dataclass(frozen=True)
class Inputs:
    day: str
    # {path: file_signature} of every file under seeds/, templates/pages/, the knowledge
    # base and the font package
    files: dict[str, tuple] = field(default_factory=dict)
    pages: frozenset[str] = frozenset()  # files under site_src/ (relative, with /), less .state/

    def signature(self, path: Path) -> tuple | None:
        """``path``'s signature as seen then; asked of the system when it was not there."""
        return self.files.get(str(path)) or file_signature(path)

    def after(self, written: list[Path], site_src: Path) -> Inputs:
        """These inputs once a build has written ``written`` (metadata files) and site_src/."""
        files = dict(self.files)
        for path in written:
            signed = file_signature(path)
            if signed is not None:
                files[str(path)] = signed
        return replace(self, files=files, pages=frozenset(pages_under(site_src)))


def snapshot(settings: Settings) -> Inputs:
    """The inputs now. Plain os.scandir on strings, collector paused: pathlib's rglob is
    far slower over every input file, and a Path object per file beside what `mkdocs serve`
    keeps in memory sets off full collections."""
    files: dict[str, tuple] = {}
    with collector_paused():
        for folder in (settings.seeds, settings.templates, settings.knowledge, settings.node_modules / FONT_PACKAGE):
            _signatures(str(folder), files)
        return Inputs(build_date(), files, frozenset(pages_under(settings.site_src)))


def _signatures(folder: str, into: dict[str, tuple]) -> None:
    try:
        found = list(os.scandir(folder))
    except OSError:  # missing (no font installed) or removed meanwhile: the next look sees it
        return
    for item in found:
        try:  # a link is signed itself, never followed: it is not read (safefiles.py), and
            # a link to a folder above would be walked again and again
            signed = item.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISDIR(signed.st_mode):
            _signatures(item.path, into)
        elif stat.S_ISREG(signed.st_mode) or stat.S_ISLNK(signed.st_mode):
            into[item.path] = signature_of(signed)


def pages_under(root: Path) -> set[str]:
    """Every file's path under ``root``, relative, with /, less the generator's records (one
    listing per folder, not a stat per page: a stat per page costs more than the listings)."""
    found = set()
    for folder, dirs, files in os.walk(root):
        prefix = os.path.relpath(folder, root).replace(os.sep, "/")
        if prefix == ".":
            dirs[:] = [d for d in dirs if d != STATE]
            prefix = ""
        else:
            prefix += "/"
        found.update(prefix + name for name in files)
    return found
