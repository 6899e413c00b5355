"""Which of the generator's own source files a stage runs, read from the imports.

A cache keyed by "the code that made it" must change when any module the stage runs
changes, and only then. Listing those modules by hand goes stale the day a module
imports one more; so the list is the transitive closure of a root module's imports
within the ``generator`` package, read from the source (nothing imported).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]  # generator/


def _file_of(module: str) -> Path | None:
    """The source file of ``generator.…`` ``module`` (a package: its __init__.py)."""
    parts = module.split(".")[1:]
    base = PACKAGE.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


# ``from generator.x import a, b`` (also in parentheses over several lines) and
# ``import generator.x``: read with a pattern, as parsing every module with ``ast`` cost
# more than the build step it keys
_FROM = re.compile(r"^[ \t]*from[ \t]+(generator(?:\.\w+)*)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)", re.M)
_IMPORT = re.compile(r"^[ \t]*import[ \t]+(generator(?:\.\w+)*)", re.M)
# what a module imports for its annotations alone, which never runs
_TYPES_ONLY = re.compile(r"^if TYPE_CHECKING:[ \t]*\n(?:[ \t]*\n|[ \t]+[^\n]*\n)*", re.M)


def _imports(path: Path) -> set[str]:
    """The ``generator.…`` modules ``path`` imports (``from generator.x import y``: x and,
    when y is a module itself, x.y); a package's parent packages run too."""
    text = _TYPES_ONLY.sub("", path.read_text(encoding="utf-8"))
    found = set(_IMPORT.findall(text))
    for module, names in _FROM.findall(text):
        found.add(module)
        for name in names.strip("()").replace("\n", ",").split(","):
            name = name.split("#")[0].split(" as ")[0].strip()
            if name and _file_of(f"{module}.{name}"):
                found.add(f"{module}.{name}")
    parents = {".".join(m.split(".")[:i]) for m in found for i in range(1, m.count(".") + 1)}
    return found | parents


@lru_cache(maxsize=8)
def modules_run_by(root: str) -> tuple[Path, ...]:
    """Every source file of the package that importing ``root`` runs, sorted."""
    seen: set[Path] = set()
    todo = [root]
    while todo:
        path = _file_of(todo.pop())
        if path is None or path in seen:
            continue
        seen.add(path)
        todo.extend(_imports(path))
    return tuple(sorted(seen))


@lru_cache(maxsize=8)
def code_fingerprint(root: str) -> str:
    """A hash of every source file ``root`` runs (``modules_run_by``), names and bytes."""
    digest = hashlib.sha256()
    for path in modules_run_by(root):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]
