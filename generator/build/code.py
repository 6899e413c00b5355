"""Which of the generator's own source files a stage runs, read from the imports.

A cache keyed by "the code that made it" must change when any module the stage runs
changes, and only then. Listing those modules by hand goes stale the day a module
imports one more; so the list is the transitive closure of a root module's imports
within the ``generator`` package, read from the source with ``ast`` (nothing imported).
"""

from __future__ import annotations

import ast
import hashlib
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


def _imports(path: Path) -> set[str]:
    """The ``generator.…`` modules ``path`` imports (``from generator.x import y``: x and,
    when y is a module itself, x.y); a package's parent packages run too."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_bytes(), str(path))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "generator")
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "generator":
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names if _file_of(f"{node.module}.{a.name}"))
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
