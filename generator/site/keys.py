"""Page keys: a hash of exactly what a page's template is given.

A keyed page (an article, an entity, a month's archive) is rendered again when
its key changes, and only then. The key hashes the template's name, the salt (the code
and templates that render, the knowledge base, the year) and the page's data, the
context its template receives. Keyed templates receive no ``briefing``, only their
page's data (``site/render.py``), so whatever a template reads, now or after an edit,
is in what the key hashed: there is no list of what a page depends on to keep up.

The data is hashed as pickled without pickle's memo (equal values give equal bytes,
whether or not they are one object), with substitutions that keep it small and the same
in every process and every build: an article (``Entry``) stands as its fingerprint (every
field a page can read of it), a dataclass as its fields alone (not what a
``cached_property`` worked out since, on an object a long-running process keeps), with a
set field's items sorted (a set's order changes with the hash seed of each process), a
``NamedTuple`` as its class and values (month archives hold many: pickle's own way is slower).
A value with an ``entry`` and a ``paragraph`` of that entry's article (a topic's item, a
dated event, a statement's source) gives the paragraph as its number: the entry's
fingerprint covers the article's text, from which the code and knowledge base the salt
names made its paragraphs, so the number stands for all of it without hashing the text
once per page that shows it.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from operator import attrgetter
from typing import Any

from generator.model import Entry, Paragraph


class _Reducers(dict):
    """The pickler's ``dispatch_table``: how each class is pickled for a key, made the
    first time the class is met. Plain values and containers never come here (the
    pickler writes them itself), so each object costs a call only when it is a class's."""

    def __missing__(self, cls: type) -> Any:
        named_tuple = issubclass(cls, tuple) and hasattr(cls, "_fields")
        names = [f.name for f in fields(cls)] if is_dataclass(cls) else list(cls._fields) if named_tuple else []
        if cls is Entry:
            reduce = _entry
        elif {"entry", "paragraph"} <= set(names):
            reduce = _with_own_paragraph(cls, names)
        elif is_dataclass(cls):
            values = attrgetter(*names) if len(names) > 1 else (lambda obj: (getattr(obj, names[0]),))
            if _has_sets(cls):
                reduce = lambda obj: (cls, tuple(map(_sorted, values(obj))))  # noqa: E731
            else:
                reduce = lambda obj: (cls, values(obj))  # noqa: E731
        elif named_tuple:  # its values
            reduce = lambda obj: (cls, tuple(obj))  # noqa: E731
        else:
            reduce = _default
        self[cls] = reduce
        return reduce


def _has_sets(cls: type) -> bool:
    return any("set" in str(f.type).lower() for f in fields(cls))  # set[...], frozenset[...]


def _entry(entry: Entry) -> tuple:
    return _Entry, (entry.fingerprint, entry.first_seen)


def _Entry(*_fingerprint: object) -> None:  # what an entry stands as in a key's data
    raise TypeError("only hashed, never unpickled")


def _with_own_paragraph(cls: type, names: list[str]) -> Callable[[Any], tuple]:
    values, at, of = attrgetter(*names), names.index("paragraph"), names.index("entry")
    sets = is_dataclass(cls) and _has_sets(cls)

    def reduce(obj: Any) -> tuple:
        given = list(map(_sorted, values(obj)) if sets else values(obj))
        entry, paragraph = given[of], given[at]
        if isinstance(entry, Entry):
            given[of] = _entry(entry)[1]
            own = entry.article.paragraphs
            if isinstance(paragraph, Paragraph) and 0 < paragraph.n <= len(own) and (
                    own[paragraph.n - 1] is paragraph or own[paragraph.n - 1] == paragraph):
                given[at] = paragraph.n  # anything else, a paragraph of another text say, is hashed whole
        return cls, tuple(given)
    return reduce


def _default(obj: Any) -> Any:
    return obj.__reduce_ex__(pickle.HIGHEST_PROTOCOL)


def _sorted(value: Any) -> Any:
    """A set's items in an order that does not change with the process's hash seed."""
    return tuple(sorted(value, key=repr)) if isinstance(value, (set, frozenset)) else value


def data_key(salt: str, template: str, context: dict[str, Any]) -> str:
    """The key of a page rendered from ``template`` with ``context``."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _REDUCERS
    # No memo: with it, a value met twice is written the second time as a reference, so
    # the bytes would tell one shared object from two equal ones (fresh values in a cold
    # build, some shared once loaded from the store) and a page would be rendered again
    # for nothing. Page data holds no cycles, which this mode cannot write.
    pickler.fast = True
    pickler.dump(context)
    digest = hashlib.blake2b(f"{salt}\0{template}\0".encode(), digest_size=16)
    digest.update(buffer.getbuffer())
    return digest.hexdigest()


_REDUCERS = _Reducers()
