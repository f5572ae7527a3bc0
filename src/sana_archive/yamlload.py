"""Loading YAML from untrusted files without surprises.

Front matter and registries are typed by hand and scraped from the web, so the loader
constructs only plain data (no tags that build objects), refuses anchors and aliases (the
"billion laughs" expansion), reports duplicate keys instead of silently keeping the last,
and leaves dates as text so that the archive, not YAML, decides what a valid date is.
Every problem comes back as a located Diagnostic; nothing here raises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from sana_archive.controls import find_forbidden, printable, strip_forbidden
from sana_archive.model import Diagnostic


class _AliasError(yaml.MarkedYAMLError):
    pass


class _DuplicateKey(yaml.MarkedYAMLError):
    pass


def _make_loaders() -> tuple[type[yaml.SafeLoader], type[yaml.SafeLoader]]:
    """A fast loader (libyaml's parser when installed) and a strict pure-Python one.

    Both construct plain data only, without timestamps, and report duplicate keys. Only the
    strict one can refuse anchors and aliases event by event (libyaml composes them in C),
    so text containing ``&`` or ``*``, the only characters that can start either, goes to
    it; everything else, which is nearly all front matter, takes the fast path.
    """

    def construct_mapping(self: Any, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, Any] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise _DuplicateKey(
                    None, None, "a mapping key must be a plain value", key_node.start_mark
                ) from None
            if key in seen:
                raise _DuplicateKey(
                    None,
                    None,
                    f"duplicate key {key!r} (first at line "
                    f"{getattr(self, 'first_line', 1) + seen[key].line})",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark
        return yaml.SafeLoader.construct_mapping(self, node, deep=deep)

    def construct_scalar(self: Any, node: Any) -> Any:
        # A double-quoted "\e" or "\x07" is a control character no output may carry.
        value = yaml.SafeLoader.construct_scalar(self, node)
        if isinstance(value, str) and find_forbidden(value) is not None:
            if getattr(self, "controls_at", None) is None:
                self.controls_at = (node.start_mark, value)
            value = strip_forbidden(value)
        return value

    def compose_node(self: Any, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            kind = "aliases (*name)" if isinstance(event, yaml.AliasEvent) else "anchors (&name)"
            raise _AliasError(
                None, None, f"YAML {kind} are not allowed in archive files", event.start_mark
            )
        return yaml.composer.Composer.compose_node(self, parent, index)

    # Copy the resolver table so our change does not leak into yaml.SafeLoader itself.
    resolvers = {
        first: [(tag, rx) for tag, rx in entries if tag != "tag:yaml.org,2002:timestamp"]
        for first, entries in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    fast_base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    fast = type(
        "FastArchiveLoader",
        (fast_base,),
        {
            "yaml_implicit_resolvers": resolvers,
            "construct_mapping": construct_mapping,
            "construct_scalar": construct_scalar,
        },
    )
    strict = type(
        "StrictArchiveLoader",
        (yaml.SafeLoader,),
        {
            "yaml_implicit_resolvers": resolvers,
            "construct_mapping": construct_mapping,
            "construct_scalar": construct_scalar,
            "compose_node": compose_node,
        },
    )
    return fast, strict


_FAST_LOADER, _STRICT_LOADER = _make_loaders()


@dataclass(frozen=True, slots=True)
class YamlDoc:
    """A loaded YAML value with the line of each top-level key, for later field errors."""

    value: Any
    key_lines: dict[str, int] = field(default_factory=dict)
    diagnostics: tuple[Diagnostic, ...] = ()


_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP = f"{_TAG}str", f"{_TAG}seq", f"{_TAG}map"
_CORE_SCALARS = frozenset(f"{_TAG}{name}" for name in ("null", "bool", "int", "float"))


class _NotPlain(Exception):
    """A node the direct walk leaves to PyYAML's constructor."""


def _plain(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """The value of a tree of mappings, lists and core scalars, built directly.

    PyYAML's constructor builds each node through a generator, a memo and a recursion
    guard, which for front matter cost as much as libyaml's parsing. A tree of these
    tags alone (no anchors, merge keys or other tags; no key twice) comes out the same
    when walked: each scalar by the loader's own constructor for its tag, a string as
    written. Anything else raises ``_NotPlain`` and goes the constructor's way.
    """
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        if tag == _STR:
            return node.value
        if tag in _CORE_SCALARS:
            return loader.yaml_constructors[tag](loader, node)
    elif isinstance(node, yaml.SequenceNode) and tag == _SEQ:
        return [_plain(loader, item) for item in node.value]
    elif isinstance(node, yaml.MappingNode) and tag == _MAP:
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _NotPlain
            key = _plain(loader, key_node)
            if key in mapping:  # the constructor says where the first one was
                raise _NotPlain
            mapping[key] = _plain(loader, value_node)
        return mapping
    raise _NotPlain


def _parse(
    loader_class: type[yaml.SafeLoader], text: str, first_line: int
) -> tuple[Any, Any, Any]:
    """The root node, the value, and where a control character was removed (or None)."""
    loader = loader_class(text)
    loader.first_line = first_line  # type: ignore[attr-defined]
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None, None
        # A value can hold a control character only if the text does or a double-quoted
        # escape makes one; without either, no scalar needs cleaning, and the walk can
        # build the value (where it was removed is reported in the constructor's order).
        if "\\" not in text and find_forbidden(text) is None:
            try:
                return node, _plain(loader, node), None
            except (_NotPlain, RecursionError):
                pass
        value = loader.construct_document(node)
        return node, value, getattr(loader, "controls_at", None)
    finally:
        loader.dispose()


def load_yaml(text: str, path: str, *, first_line: int = 1) -> YamlDoc:
    """Parse ``text`` (which starts at ``first_line`` of ``path``) into plain data."""
    if "\t" in text:
        for number, line in enumerate(text.splitlines(), start=first_line):
            indent = line[: len(line) - len(line.lstrip(" \t"))]
            if "\t" in indent:
                return YamlDoc(
                    None,
                    {},
                    (
                        Diagnostic(
                            path,
                            number,
                            indent.index("\t") + 1,
                            "error",
                            "tab used for indentation in YAML; use spaces",
                        ),
                    ),
                )
    strict = "&" in text or "*" in text
    try:
        try:
            node, value, controls = _parse(
                _STRICT_LOADER if strict else _FAST_LOADER, text, first_line
            )
        except yaml.MarkedYAMLError:
            if strict:
                raise
            # libyaml's messages and positions are vaguer; say it the way PyYAML does.
            node, value, controls = _parse(_STRICT_LOADER, text, first_line)
        if node is None:
            return YamlDoc(None)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        col = (mark.column + 1) if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in str(problem):
            problem = f"unsupported YAML tag ({problem}); only plain data is allowed"
        return YamlDoc(None, {}, (Diagnostic(path, line, col, "error", f"YAML: {problem}"),))
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        return YamlDoc(None, {}, (Diagnostic(path, first_line, 1, "error", f"YAML: {exc}"),))
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key_lines[str(key_node.value)] = first_line + key_node.start_mark.line
    problems = ()
    if controls is not None:
        mark, raw = controls
        shown = printable(raw if len(raw) <= 60 else raw[:60] + "…")
        where = (path, first_line + mark.line, mark.column + 1)
        problems = (Diagnostic(*where, "warning", f'control characters removed from "{shown}"'),)
    return YamlDoc(value, key_lines, problems)
