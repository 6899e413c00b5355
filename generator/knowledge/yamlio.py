"""Safe, bounded YAML loading that remembers where each key was written, for precise
messages.

Every YAML file the generator reads (metadata, the knowledge base, the gold annotations)
comes through ``parse``, which checks the text against ``LIMITS`` before anything is
built from it: its size, how many values it holds, how deeply they nest, and no aliases.
An alias (``*name``) repeats a value without copying its text, so a few lines of nine
aliases nine times over stand for 387 million values (nine to the ninth), and walking
them exhausts the machine's memory. libyaml builds nested values by recursion in C, and
a file of nothing but ``[[[[…``, well within the size limit, crashes the process. The
check reads libyaml's events one at a time (no recursion, nothing kept), so a file over
a limit costs no more memory than its text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.ingest.safefiles import TooLargeError, read_regular

KeyPath = tuple[Any, ...]


@dataclass(frozen=True)
class Limits:
    """What one YAML file may hold. The defaults hold the largest ``extracted:`` block
    seen (an article near the size limit, all on one line) several times over, and bound
    the memory of parsing a file at the limit."""

    bytes: int = 4_000_000
    nodes: int = 200_000  # scalars, lists and mappings
    depth: int = 50  # the generator's own files nest 6 levels
    aliases: bool = False  # ``*name``: refused (anchors alone repeat nothing)


LIMITS = Limits()
# libyaml's C loader and dumper when PyYAML was built with it: much faster, same results.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(data: Any) -> str:
    """YAML text for plain data: Unicode kept, keys in order, short lists inline.

    The same text as ``yaml.dump(data, Dumper=SafeDumper, allow_unicode=True,
    sort_keys=False, width=100, default_flow_style=None)`` (a test holds them equal), but
    the node tree is built by ``_node`` instead of PyYAML's representer, whose generic
    dispatch is a large share of the cost of extracting an article."""
    return yaml.serialize(_node(data), Dumper=_Dumper, allow_unicode=True, width=100)


class _Dumper(SafeDumper):  # type: ignore[misc, valid-type]
    """``SafeDumper`` asking PyYAML's resolver once per scalar text. The emitter asks it,
    in Python, whether each scalar would read back as a string when written plainly:
    hundreds of calls an article, much of the cost of making its ``extracted:`` block. The
    answer depends on the text alone (a safe dumper has no path resolvers), and keys,
    roles, names and numbers recur from article to article."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is not yaml.ScalarNode or self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        found = _RESOLVED.get(key)
        if found is None:
            if len(_RESOLVED) >= 200_000:  # a bound: a long-running process dumps on and on
                _RESOLVED.clear()
            found = _RESOLVED[key] = super().resolve(kind, value, implicit)
        return found


_RESOLVED: dict[tuple[Any, Any], str] = {}


_STR, _INT, _BOOL, _NULL = (f"tag:yaml.org,2002:{t}" for t in ("str", "int", "bool", "null"))
_REPRESENTER = yaml.representer.SafeRepresenter()  # floats and anything unusual: PyYAML's own rules


def _node(data: Any) -> yaml.Node:
    """``SafeRepresenter.represent_data`` for plain data without shared sub-objects:
    collections holding only scalars are written inline (``default_flow_style=None``)."""
    if isinstance(data, str):
        return yaml.ScalarNode(_STR, data)
    if data is None:
        return yaml.ScalarNode(_NULL, "null")
    if isinstance(data, bool):
        return yaml.ScalarNode(_BOOL, "true" if data else "false")
    if isinstance(data, int):
        return yaml.ScalarNode(_INT, str(data))
    if isinstance(data, dict):
        pairs = [(_node(k), _node(v)) for k, v in data.items()]
        inline = all(isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode) for k, v in pairs)
        return yaml.MappingNode("tag:yaml.org,2002:map", pairs, flow_style=inline)
    if isinstance(data, list):
        items = [_node(item) for item in data]
        return yaml.SequenceNode("tag:yaml.org,2002:seq", items,
                                 flow_style=all(isinstance(n, yaml.ScalarNode) for n in items))
    return _REPRESENTER.represent_data(data)


class YamlSyntaxError(Exception):
    """A YAML file does not parse; carries the line and column (1-based)."""

    def __init__(self, reason: str, line: int | None, column: int | None) -> None:
        super().__init__(reason)
        self.reason, self.line, self.column = reason, line, column


class YamlLimitError(YamlSyntaxError):
    """A YAML file over one of ``Limits``: nothing of it is used."""


def check_bounds(text: str, limits: Limits = LIMITS) -> None:
    """Raise ``YamlLimitError`` if ``text`` is over ``limits`` (``YamlSyntaxError`` if it
    does not parse), reading libyaml's events one at a time: nothing is built."""
    if len(text) > limits.bytes:  # characters: each is at least one byte
        raise YamlLimitError(f"{len(text):,} characters, over the limit of {limits.bytes:,} bytes "
                             "for a YAML file", None, None)
    loader = SafeLoader(text)
    get, nodes, depth = loader.get_event, 0, 0
    try:
        while (kind := _EVENTS.get(type(event := get()), "")) != "end":
            if kind == "value":
                nodes += 1
            elif kind == "open":
                nodes, depth = nodes + 1, depth + 1
                if depth > limits.depth:
                    _over(event, f"nested more than {limits.depth} levels deep, the limit for a YAML file")
            elif kind == "close":
                depth -= 1
            elif kind == "alias" and not limits.aliases:
                _over(event, f"YAML aliases are not allowed (*{event.anchor}); write the value out instead")
            if nodes > limits.nodes:
                _over(event, f"more than {limits.nodes:,} values, the limit for a YAML file")
    except yaml.YAMLError as exc:
        raise _syntax_error(exc) from None
    finally:
        loader.dispose()


# what ``check_bounds`` counts, by event type (a dict: one lookup costs less than isinstance chains)
_EVENTS = {yaml.ScalarEvent: "value", yaml.SequenceStartEvent: "open", yaml.MappingStartEvent: "open",
           yaml.SequenceEndEvent: "close", yaml.MappingEndEvent: "close", yaml.AliasEvent: "alias",
           yaml.StreamEndEvent: "end"}


def _over(event: yaml.Event, reason: str) -> None:
    mark = event.start_mark
    raise YamlLimitError(reason, mark.line + 1 if mark else None, mark.column + 1 if mark else None)


def _syntax_error(exc: yaml.YAMLError) -> YamlSyntaxError:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark
        reason = f"YAML syntax error: {exc.problem}" + (f" ({exc.context})" if exc.context else "")
        return YamlSyntaxError(reason, mark.line + 1 if mark else None, mark.column + 1 if mark else None)
    return YamlSyntaxError(f"YAML error: {exc}", None, None)


def parse(text: str, limits: Limits = LIMITS) -> tuple[Any, dict[KeyPath, int], yaml.Node | None]:
    """Parse with ``yaml.SafeLoader`` within ``limits``; return data, {key path: line}, and
    the root node."""
    check_bounds(text, limits)
    try:
        node = yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc) from None
    if node is None:
        return None, {}, None
    loader = SafeLoader("")
    try:
        data = loader.construct_document(node)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise YamlSyntaxError(
            f"YAML error: {exc.problem}", mark.line + 1 if mark else None, None
        ) from None
    except (ValueError, OverflowError) as exc:  # a date like 2023-13-45
        raise YamlSyntaxError(f"YAML error: {exc}", None, None) from None
    finally:
        loader.dispose()
    lines: dict[KeyPath, int] = {}
    _walk(node, (), lines)
    return data, lines, node


def _walk(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            lines[path + (key,)] = key_node.start_mark.line + 1
            _walk(value_node, path + (key,), lines)
            lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), lines)


def read_text(path: Path, limits: Limits = LIMITS) -> str:
    """One UTF-8 YAML file's text, if it is a regular file itself within ``limits.bytes``
    (``safefiles.read_regular``: ``InputFileError``; ``YamlLimitError`` when too large)."""
    try:
        data = read_regular(path, limits.bytes, "the limit for a YAML file")
    except TooLargeError as exc:
        raise YamlLimitError(exc.reason, None, None) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise YamlSyntaxError(f"not UTF-8 text ({exc.reason} at byte {exc.start:,})", None, None) from None


def load_file(path: Path) -> tuple[Any, dict[KeyPath, int]]:
    """Read and parse one UTF-8 YAML file (``read_text``, ``parse``)."""
    data, lines, _ = parse(read_text(path))
    return data, lines
