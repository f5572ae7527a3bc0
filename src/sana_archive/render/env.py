"""One Jinja environment for the whole build: autoescape on, undefined is an error.

Templates get a ``url()`` bound to the page being rendered, which makes every internal link
relative; the 404 page, served at arbitrary addresses, gets root-anchored links instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.runtime
import markupsafe
from markupsafe import Markup, escape

from sana_archive.config import SiteConfig
from sana_archive.model import Diagnostic
from sana_archive.site.pages import PageSpec
from sana_archive.site.urls import Linker


def json_for_script(value: Any) -> Markup:
    """JSON safe inside <script>: no "</script>", "<!--" or U+2028 can break out of it."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    return Markup(text)


# markupsafe's own escaping of a str's text (its C speedup when built); without it, every
# value takes markupsafe.escape.
_escape_inner = getattr(markupsafe, "_escape_inner", None)

# What a plain dict answers as an attribute (its methods): Jinja's ``d.name`` prefers these.
_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Context(jinja2.runtime.Context):
    """Jinja's context, calling a page's ``url()`` and the templates' macros directly.

    Jinja routes every call in a template through ``Context.call``, which asks the callable
    (and its ``__call__``) what it wants passed first: four attribute probes per call, for
    about forty links and macros a page. The answer for these two types is known: a
    ``Linker`` takes nothing, a ``Macro`` the eval context. They are called as Jinja would
    call them, minus the probes (and minus the loop and block variables the compiler adds
    for callables that take a whole context).
    """

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        kind = type(__obj)
        if kind is not Linker and kind is not jinja2.runtime.Macro:
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_loop_vars", None)
        kwargs.pop("_block_vars", None)
        if kind is jinja2.runtime.Macro:
            args = (__self.eval_ctx, *args)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:  # as Jinja answers it
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


def _escape(value: Any) -> str:
    """``markupsafe.escape`` for a value a template prints (``{{ value }}``), as text.

    Jinja's compiled code calls ``escape`` only where it prints a value, and what it
    prints is only ever joined into the page (or into a macro's or block's output, which
    Jinja marks safe itself): the ``Markup`` that ``markupsafe.escape`` wraps the text in is
    never read. So plain text and integers, almost every value a page prints (a few
    hundred a page), are answered as the escaped text alone, without making that wrapper
    or taking ``escape``'s two Python-level calls, and a ``Markup`` (whose escape is a copy
    of itself, a whole body for ``|safe``) as it is; anything else is ``escape``'s.
    """
    kind = type(value)
    if kind is str and _escape_inner is not None:
        return _escape_inner(value)
    if kind is Markup:  # already safe (a macro's output, a body marked |safe): as it is
        return value
    if kind is int:  # digits and a sign: nothing to escape
        return str(value)
    return escape(value)


class _Template(jinja2.Template):
    """A template whose compiled code escapes with ``_escape``: the code looks ``escape``
    up in its own module's names, which Jinja fills with ``markupsafe.escape``."""

    @classmethod
    def _from_namespace(
        cls, environment: jinja2.Environment, namespace: Any, globals: Any
    ) -> jinja2.Template:
        if namespace.get("escape") is escape:
            namespace["escape"] = _escape
        return super()._from_namespace(environment, namespace, globals)


class _Environment(jinja2.Environment):
    """Jinja's environment, with ``view.name`` on a plain dict answered without an exception
    (calls made by ``_Context``, escaping by ``_Template``).

    Page views are plain dicts, and Jinja resolves ``page.title`` by trying the attribute
    first: for a dict that raises and catches an AttributeError, about two hundred times per
    page. A plain dict has no attributes beyond its class's, so when the name is not one of
    those the lookup goes straight to the key; the answer is the same as Jinja's.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    context_class = _Context
    template_class = _Template


def compiled_templates(folder: Path, key: str) -> jinja2.BytecodeCache:
    """Templates as earlier builds compiled them, kept in ``folder`` under ``key`` (the code
    fingerprint: the environment's options are code, and Jinja's own check covers only a
    template's source). Compiling the templates an edit draws took ~0.05 s of a
    10,000-article edit; loading them is a fraction of that. What older code compiled is
    removed, so the folder holds one set."""
    folder.mkdir(parents=True, exist_ok=True)
    prefix = f"{key[:32]}-"
    for stale in folder.glob("*.cache"):
        if not stale.name.startswith(prefix):
            stale.unlink(missing_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder), prefix + "%s.cache")


def make_environment(
    template_dirs: list[Path], compiled: jinja2.BytecodeCache | None = None
) -> jinja2.Environment:
    """``compiled``: where templates compiled by earlier builds are kept (None: nowhere)."""
    env = _Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        bytecode_cache=compiled,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        cache_size=-1,
    )
    env.filters["json_script"] = json_for_script
    return env


@dataclass(frozen=True)
class RenderError:
    diagnostic: Diagnostic


class Renderer:
    """Renders PageSpecs; a template error becomes a located Diagnostic, not a crash."""

    def __init__(self, env: jinja2.Environment, config: SiteConfig, site_info: dict[str, Any]):
        self.env = env
        self.config = config
        self.globals = {"site": site_info}

    def compile_templates(self) -> None:
        """Compile every template now, before workers are forked: they then share the
        compiled code instead of each compiling every template again (about a tenth of a
        second per worker). A template that fails here is left for the page that uses it to
        report, with its location, as it would have been."""
        try:
            names = self.env.list_templates()
        except (OSError, TypeError):  # a loader that cannot list: each compiles on first use
            return
        for name in names:
            try:
                self.env.get_template(name)
            except (jinja2.TemplateError, UnicodeDecodeError, OSError, RecursionError, ValueError):
                continue

    def link_function(self, page_url: str, rooted: bool) -> Callable[[str], str]:
        if rooted:
            base = self.config.base_path
            return lambda to: base + to.lstrip("/")
        return Linker(page_url)

    def page(self, spec: PageSpec) -> bytes | RenderError:
        """A planned output's bytes: a page drawn by its template, any other file (a feed,
        a download) by its own encoder."""
        if spec.encode is not None:
            return spec.encode(spec.view)
        return self.render(spec.template, spec.url, spec.view)

    def render(
        self, template: str, page_url: str, view: dict[str, Any], *, rooted: bool = False
    ) -> bytes | RenderError:
        try:
            tmpl = self.env.get_template(template)
            text = tmpl.render(
                page=view,
                url=self.link_function(page_url, rooted),
                page_url=page_url,
                absolute=self.config.absolute,
                **self.globals,
            )
        except jinja2.TemplateSyntaxError as exc:
            name = exc.filename or exc.name or template
            return RenderError(
                Diagnostic(
                    _template_path(name),
                    exc.lineno or 1,
                    1,
                    "error",
                    f"template syntax: {exc.message}",
                )
            )
        except jinja2.TemplateNotFound as exc:
            return RenderError(
                Diagnostic(f"templates/{exc.name}", 1, 1, "error", "template not found")
            )
        except (
            jinja2.UndefinedError,
            TypeError,
            ValueError,
            AttributeError,
            KeyError,
            IndexError,
            ZeroDivisionError,
        ) as exc:
            return RenderError(
                Diagnostic(
                    *_location_in_traceback(exc, template), "error", f"rendering {page_url}: {exc}"
                )
            )
        return text.encode("utf-8")


def _template_path(name: str) -> str:
    path = Path(name)
    parts = path.parts
    if "templates" in parts:
        return Path(*parts[parts.index("templates") :]).as_posix()
    return f"templates/{path.name}"


def _location_in_traceback(exc: BaseException, template: str) -> tuple[str, int, int]:
    """The template file and line a runtime error happened at, found in the traceback."""
    tb = exc.__traceback__
    found = (f"templates/{template}", 1, 1)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html") or filename.endswith(".xml") or "templates" in filename:
            found = (_template_path(filename), tb.tb_lineno, 1)
        tb = tb.tb_next
    return found
