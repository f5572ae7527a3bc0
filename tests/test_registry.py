import datetime as dt

from sana_archive.content.registries import build_registries

SPEAKERS = """
- name: Sergey Lavrov
  aliases: [Sergei Lavrov, Lavrov, Сергей Лавров]
  roles:
    - {title: Russian Foreign Minister, from: 2004-03-09}
  country: Russia
- name: Walid al-Moallem
  aliases: [Walid Muallem, al-Moallem]
"""
LOCATIONS = """
- name: Nur-Sultan
  aliases: [NUR-SULTAN]
  country: Kazakhstan
  latitude: 51.16
  longitude: 71.47
"""


def test_aliases_fold_spellings_into_one_speaker():
    registries, problems = build_registries(
        {"speakers.yaml": SPEAKERS, "locations.yaml": LOCATIONS}, "content/_data")
    assert problems == []
    for spelling in ("Sergei Lavrov", "sergey lavrov", "Lavrov", "Сергей Лавров"):
        assert registries.canonical_speaker(spelling) == "Sergey Lavrov"
    assert registries.canonical_speaker("Walid al Moallem") == "Walid al-Moallem"
    assert registries.canonical_speaker("Unknown Person") == "Unknown Person"
    assert registries.canonical_location("NUR-SULTAN") == "Nur-Sultan"


def test_roles_with_date_ranges():
    registries, _ = build_registries({"speakers.yaml": SPEAKERS}, "content/_data")
    entry = registries.speaker("Lavrov")
    assert entry is not None
    assert entry.role_on(dt.date(2017, 1, 1)) == "Russian Foreign Minister"
    assert entry.role_on(dt.date(2000, 1, 1)) is None
    assert entry.role_on(None) is None


def test_bad_registry_is_a_located_error():
    _, problems = build_registries({"speakers.yaml": "- name: A\n- name: [\n"}, "content/_data")
    assert problems and problems[0].path == "content/_data/speakers.yaml"
    _, problems = build_registries({"topics.yaml": "just text"}, "content/_data")
    assert problems and "list of mappings" in problems[0].message
