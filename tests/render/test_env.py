"""The environment's attribute fast path answers exactly as Jinja's own lookup does."""

from __future__ import annotations

import jinja2
import pytest
from markupsafe import Markup

from sana_archive.render.env import make_environment


def render(source: str, **values: object) -> str:
    env = make_environment([])
    return env.from_string(source).render(**values)


def test_a_dict_key_reads_as_an_attribute() -> None:
    assert render("{{ page.title }}|{{ page['title'] }}", page={"title": "Talks & aid"}) == (
        "Talks &amp; aid|Talks &amp; aid"
    )


def test_a_dict_method_still_wins_over_a_key_of_the_same_name() -> None:
    """Jinja prefers the attribute: ``page.items`` is the method, ``page['items']`` the key."""
    page = {"items": [1, 2], "n": 1}
    out = render("{{ page['items']|length }}|{{ page.items()|list|length }}", page=page)
    assert out == "2|2"


def test_a_missing_key_is_an_error_as_before() -> None:
    with pytest.raises(jinja2.UndefinedError, match="'dict object' has no attribute 'nope'"):
        render("{{ page.nope }}", page={"title": "x"})


def test_objects_and_dict_subclasses_take_jinjas_own_path() -> None:
    class Page(dict):  # type: ignore[type-arg]
        title = "from the class"

    assert render("{{ p.title }}", p=Page(title="from the key")) == "from the class"
    assert render("{{ e.args[0] }}", e=ValueError("v")) == "v"


def test_url_and_macros_called_directly_draw_what_jinjas_own_call_draws() -> None:
    """The context's direct call for a Linker and a macro: in a loop, in a block, with a
    caller and keyword arguments, the page is the one stock Jinja draws."""
    from sana_archive.site.urls import Linker

    macros = (
        "{% macro item(name, href, note='') %}<a href=\"{{ href }}\">{{ name }}</a>"
        "{% if note %} ({{ note }}){% endif %}{% endmacro %}"
        "{% macro wrap(name) %}<b>{{ name }}</b>[{{ caller() }}]{% endmacro %}"
    )
    base = "<nav>{{ url('/speakers/') }}</nav>{% block content %}{% endblock %}"
    page = (
        "{% extends 'base.html' %}{% import 'macros.html' as m %}{% block content %}"
        "{% for p in page.people %}{{ m.item(p.name, url(p.url), note=loop.index) }}"
        "{% call m.wrap(p.name) %}{{ url('/x/#' ~ p.name) }}{% endcall %}"
        "{% endfor %}{{ url('/') }}{% autoescape false %}{{ m.item('<i>', url('/'))|e }}"
        "{% endautoescape %}{% endblock %}"
    )
    templates = {"base.html": base, "macros.html": macros, "page.html": page}
    people = [{"name": "Ana <B>", "url": "/speakers/ana/"}, {"name": "Tom", "url": "/t/"}]

    def draw(env: jinja2.Environment) -> str:
        return env.get_template("page.html").render(
            page={"people": people}, url=Linker("/speakers/ana/")
        )

    ours = make_environment([])
    ours.loader = jinja2.DictLoader(templates)
    stock = jinja2.Environment(
        loader=jinja2.DictLoader(templates), autoescape=True, undefined=jinja2.StrictUndefined
    )
    drawn = draw(ours)
    assert drawn == draw(stock)
    assert drawn.startswith("<nav>../</nav>")
    assert '<a href="./">Ana &lt;B&gt;</a> (1)<b>Ana &lt;B&gt;</b>[../../x/#Ana &lt;B&gt;]' in drawn
    assert '<a href="../../t/">Tom</a> (2)<b>Tom</b>[../../x/#Tom]' in drawn
    # Called where autoescape is off, the macro returns plain text, which |e escapes.
    assert drawn.endswith('../../&lt;a href=&#34;../../&#34;&gt;&amp;lt;i&amp;gt;&lt;/a&gt;')


def test_the_directly_called_types_want_what_they_are_given() -> None:
    """Jinja passes a context, environment or eval context to a callable marked for one
    (on itself or its ``__call__``); the context's direct calls pass a Linker nothing and a
    macro the eval context, so those must be exactly their marks."""
    from jinja2.runtime import Macro
    from jinja2.utils import _PassArg

    from sana_archive.site.urls import Linker

    assert _PassArg.from_obj(Linker) is None
    assert _PassArg.from_obj(Linker.__call__) is None
    assert _PassArg.from_obj(Macro) is None
    assert _PassArg.from_obj(Macro.__call__) is _PassArg.eval_context


def test_the_templates_escape_exactly_as_markupsafe_does() -> None:
    """Compiled templates escape with the environment's own ``_escape``; its text is
    ``markupsafe.escape``'s for plain text and for everything else (plain text and integers
    come back as ``str``, since only the text of a printed value is ever read)."""
    from markupsafe import Markup, escape

    from sana_archive.render.env import _escape

    class Html:
        def __html__(self) -> str:
            return "<b>safe</b>"

    class Text(str):
        pass

    values = ["Ana & <Tom> \"'", "", "plain", Markup("<i>x</i>"), 3, -7, 2.5, None, True,
              Html(), Text("a<b")]
    for value in values:
        ours, theirs = _escape(value), escape(value)
        assert str(ours) == str(theirs)
        assert type(ours) is (str if type(value) in (str, int) else type(theirs))
        if type(value) is Markup:
            assert ours is value  # already safe: not copied
    template = make_environment([]).from_string("{{ v }}")
    assert template.root_render_func.__globals__["escape"] is _escape
    assert template.render(v="<&>") == "&lt;&amp;&gt;"


def test_every_place_a_printed_value_lands_draws_what_stock_jinja_draws() -> None:
    """A printed value ends up in the page, a macro's output, a caller, a ``set`` block, a
    filter block or an included template; each is drawn as stock Jinja draws it, so the
    escaped text losing its ``Markup`` wrapper changes no byte (and nothing escapes twice)."""
    templates = {
        "inc.html": "[{{ v }}|{{ n }}]",
        "page.html": (
            "{% macro m(x) %}<m>{{ x }}</m>{% endmacro %}"
            "{% macro w(x) %}<w>{{ x }}</w>{{ caller() }}{% endmacro %}"
            "{{ v }} {{ n }} {{ f }} {{ none }} {{ safe }} {{ v|e }} {{ v ~ safe }}"
            "{% set block %}<s>{{ v }}</s>{{ n }}{% endset %}{{ block }}|{{ block|length }}"
            "{% filter upper %}{{ v }}{{ safe }}{% endfilter %}"
            "{{ m(v) }}{% call w(n) %}{{ v }}{% endcall %}{{ m(v)|striptags }}"
            "{% include 'inc.html' %}{% for c in v %}{{ c }}{% endfor %}"
            "{% autoescape false %}{{ v }}{{ m(v) }}{% endautoescape %}"
        ),
    }
    values = {"v": "Ana & <Tom> \"'", "n": 42, "f": 2.5, "none": None,
              "safe": Markup("<i>ok</i>")}
    ours = make_environment([])
    ours.loader = jinja2.DictLoader(templates)
    stock = jinja2.Environment(
        loader=jinja2.DictLoader(templates), autoescape=True, undefined=jinja2.StrictUndefined
    )
    drawn = ours.get_template("page.html").render(**values)
    assert drawn == stock.get_template("page.html").render(**values)
    assert drawn.startswith("Ana &amp; &lt;Tom&gt; &#34;&#39; 42 2.5 None <i>ok</i>")
