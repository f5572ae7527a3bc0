"""The environment's attribute fast path answers exactly as Jinja's own lookup does."""

from __future__ import annotations

import jinja2
import pytest

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
