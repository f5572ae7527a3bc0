from hypothesis import given, settings
from hypothesis import strategies as st

from sana_archive.site.urls import Linker, assign_unique, output_path, relative, slug_for


def test_relative_links_between_pretty_urls():
    assert relative("/", "/speakers/x/") == "speakers/x/"
    assert relative("/speakers/x/", "/") == "../../"
    assert relative("/speakers/x/page/2/", "/statements/y/") == "../../../../statements/y/"
    assert relative("/speakers/", "/speakers/") == "./"
    assert relative("/a/", "/static/style.css") == "../static/style.css"
    assert relative("/a/", "/statements/y/#quote-1") == "../statements/y/#quote-1"


def test_output_paths():
    assert output_path("/") == "index.html"
    assert output_path("/speakers/x/") == "speakers/x/index.html"
    assert output_path("/404.html") == "404.html"


def test_slugs_are_ascii_and_stable():
    assert slug_for("Sergey Lavrov") == "sergey-lavrov"
    assert slug_for("Walid al-Moallem") == "walid-al-moallem"
    assert slug_for("Сергей Лавров") == "sergei-lavrov"
    assert slug_for("!!!")  # never empty


def test_collisions_keep_the_first_and_suffix_the_rest_by_their_own_key():
    mapping, problems = assign_unique([("a.md", "x"), ("b.md", "x"), ("c.md", "y")], "article")
    assert mapping["a.md"] == "x" and mapping["c.md"] == "y"
    assert mapping["b.md"].startswith("x-") and mapping["b.md"] != "x"
    (d,) = problems
    assert d.path == "b.md" and "a.md" in d.message and d.level == "error"
    again, _ = assign_unique([("a.md", "x"), ("b.md", "x"), ("aa.md", "x")], "article")
    assert again["b.md"] == mapping["b.md"]  # independent of other colliders



_SEGMENT = st.sampled_from(["a", "ab", "b", "statements", "stat", "page", "2", "x-y", "é", ""])
_URL = st.lists(_SEGMENT, max_size=5).flatmap(
    lambda parts: st.sampled_from(["/" + "/".join(parts), "/" + "/".join(parts) + "/"]))


@settings(max_examples=500)
@given(_URL, _URL, st.sampled_from(["", "#quote-1", "#a#b"]))
def test_a_pages_linker_links_as_relative_does(page, target, fragment):
    """The renderer's per-page linker (folder split once, repeats memoised) is relative()."""
    link = Linker(page)
    assert link(target + fragment) == relative(page, target + fragment)
    assert link(target + fragment) == relative(page, target + fragment)  # from its memo
