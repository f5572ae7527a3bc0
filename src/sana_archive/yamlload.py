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

from sana_archive.model import Diagnostic

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _AliasError(yaml.MarkedYAMLError):
    pass


class _DuplicateKey(yaml.MarkedYAMLError):
    pass


def _make_loader() -> type[yaml.SafeLoader]:
    class ArchiveLoader(_Base):  # type: ignore[valid-type, misc]
        """SafeLoader without timestamps or aliases, and with duplicate-key detection."""

    # Copy the resolver table so our change does not leak into yaml.SafeLoader itself.
    ArchiveLoader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _Base.yaml_implicit_resolvers.items()
    }

    def compose_node(self: Any, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _AliasError(
                None,
                None,
                "YAML aliases (*name) are not allowed in archive files",
                event.start_mark,
            )
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise _AliasError(
                None,
                None,
                "YAML anchors (&name) are not allowed in archive files",
                event.start_mark,
            )
        return yaml.composer.Composer.compose_node(self, parent, index)

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

    if _Base is not yaml.SafeLoader:
        # The C loader composes in C and never calls compose_node; keep the pure-Python
        # composer so the alias rule is enforced whichever parser is installed.
        class PyArchiveLoader(yaml.SafeLoader):
            pass

        PyArchiveLoader.yaml_implicit_resolvers = ArchiveLoader.yaml_implicit_resolvers
        ArchiveLoader = PyArchiveLoader  # type: ignore[misc]
    ArchiveLoader.compose_node = compose_node  # type: ignore[method-assign]
    ArchiveLoader.construct_mapping = construct_mapping  # type: ignore[method-assign]
    return ArchiveLoader


_LOADER = _make_loader()


@dataclass(frozen=True, slots=True)
class YamlDoc:
    """A loaded YAML value with the line of each top-level key, for later field errors."""

    value: Any
    key_lines: dict[str, int] = field(default_factory=dict)
    diagnostics: tuple[Diagnostic, ...] = ()


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
    try:
        loader = _LOADER(text)
        loader.first_line = first_line  # type: ignore[attr-defined]
        try:
            node = loader.get_single_node()
            if node is None:
                return YamlDoc(None)
            value = loader.construct_document(node)
        finally:
            loader.dispose()
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
    return YamlDoc(value, key_lines)
