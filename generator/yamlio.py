"""Safe YAML loading that remembers where each key was written, for precise messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

KeyPath = tuple[Any, ...]
# libyaml's C loader and dumper when PyYAML was built with it: ~10× faster, same results.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(data: Any) -> str:
    """YAML text for plain data: Unicode kept, keys in order, short lists inline.

    The same text as ``yaml.dump(data, Dumper=SafeDumper, allow_unicode=True,
    sort_keys=False, width=100, default_flow_style=None)`` (a test holds them equal), but
    the node tree is built by ``_node`` instead of PyYAML's representer, whose generic
    dispatch took a quarter of extracting an article."""
    return yaml.serialize(_node(data), Dumper=_Dumper, allow_unicode=True, width=100)


class _Dumper(SafeDumper):  # type: ignore[misc, valid-type]
    """``SafeDumper`` asking PyYAML's resolver once per scalar text. The emitter asks it,
    in Python, whether each scalar would read back as a string when written plainly: 600
    calls an article, a third of making its ``extracted:`` block. The answer depends on
    the text alone (a safe dumper has no path resolvers), and keys, roles, names and
    numbers recur from article to article."""

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


def parse(text: str) -> tuple[Any, dict[KeyPath, int], yaml.Node | None]:
    """Parse with ``yaml.SafeLoader``; return data, {key path: line}, and the root node."""
    try:
        node = yaml.compose(text, Loader=SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        reason = f"YAML syntax error: {exc.problem}" + (f" ({exc.context})" if exc.context else "")
        raise YamlSyntaxError(
            reason, mark.line + 1 if mark else None, mark.column + 1 if mark else None
        ) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(f"YAML error: {exc}", None, None) from None
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


def load_file(path: Path) -> tuple[Any, dict[KeyPath, int]]:
    """Read and parse one UTF-8 YAML file."""
    data, lines, _ = parse(path.read_text(encoding="utf-8-sig"))
    return data, lines
