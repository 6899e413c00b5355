"""Page keys: a hash of exactly what a page's template is given.

A keyed page (an article, a topic, an entity, a month's archive) is rendered again when
its key changes, and only then. The key hashes the template's name, the salt (the code
and templates that render, the knowledge base, the year) and the page's data, the
context its template receives. Keyed templates receive no ``briefing``, only their
page's data (``site/render.py``), so whatever a template reads, now or after an edit,
is in what the key hashed: there is no list of what a page depends on to keep up.

The data is hashed as pickled, with substitutions that keep it small and the same in
every process and every build: an article (``Entry``) stands as its fingerprint (every
field a page can read of it), a set as its items sorted (a set's order changes with the
hash seed of each process), and a dataclass as its fields alone (not what a
``cached_property`` worked out since, on an object a long-running process keeps).
"""

from __future__ import annotations

import hashlib
import io
import pickle
from dataclasses import fields, is_dataclass
from typing import Any

from generator.model import Entry


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj: Any) -> Any:
        if type(obj) is Entry:
            return ("entry", obj.fingerprint, obj.first_seen)
        if isinstance(obj, (set, frozenset)):
            return ("set", sorted(map(repr, obj)))
        return None

    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        names = _FIELDS.get(cls)
        if names is None:
            names = _FIELDS[cls] = tuple(f.name for f in fields(cls)) if is_dataclass(cls) else ()
        if not names:
            return NotImplemented
        return cls, tuple(getattr(obj, name) for name in names)


_FIELDS: dict[type, tuple[str, ...]] = {}  # a dataclass's field names, by class


def data_key(salt: str, template: str, context: dict[str, Any]) -> str:
    """The key of a page rendered from ``template`` with ``context``."""
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(context)
    digest = hashlib.blake2b(f"{salt}\0{template}\0".encode(), digest_size=16)
    digest.update(buffer.getbuffer())
    return digest.hexdigest()
