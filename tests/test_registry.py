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


def test_coordinates_off_the_globe_are_refused_with_a_warning():
    from sana_archive.registry import parse_locations

    rows = [{"name": "Nowhere", "latitude": float("inf"), "longitude": 3.0},
            {"name": "Farside", "latitude": 270, "longitude": 3.0},
            {"name": "Void", "latitude": float("nan"), "longitude": 3.0},
            {"name": "Veldia", "latitude": 33.5, "longitude": 36.3}]
    places, problems = parse_locations(rows, "content/_data/locations.yaml")
    assert [(p.name, p.latitude) for p in places] == [
        ("Nowhere", None), ("Farside", None), ("Void", None), ("Veldia", 33.5)]
    assert [p.level for p in problems] == ["warning"] * 3


def test_roles_that_are_not_a_list_are_a_warning_not_a_crash():
    from sana_archive.registry import parse_speakers

    people, problems = parse_speakers([{"name": "Ilse Varga", "roles": 5}], "speakers.yaml")
    assert people[0].roles == () and "roles must be a list" in problems[0].message
