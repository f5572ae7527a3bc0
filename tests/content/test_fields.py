import datetime as dt

from sana_archive.content.fields import FIELDS, parse_date, parse_speakers
from sana_archive.model import Person


def test_dates():
    assert parse_date("2017-04-12")[0] == dt.date(2017, 4, 12)
    # The local date the statement carries, not the UTC date.
    assert parse_date("2017-04-12T23:30:00+03:00")[0] == dt.date(2017, 4, 12)
    assert parse_date("2017-04-12T00:10:00-05:00")[0] == dt.date(2017, 4, 12)
    value, message, level = parse_date("2017-02-30")
    assert value is None and level == "error" and "does not exist" in message
    assert parse_date("yesterday")[0] is None
    assert "not int" in parse_date(20170412)[1] or "int" in parse_date(20170412)[1]


def test_speakers_forms():
    assert parse_speakers(["Sergey Lavrov"])[0] == (Person("Sergey Lavrov"),)
    people = parse_speakers([{"name": "Sergey Lavrov", "role": "Foreign Minister"}])[0]
    assert people == (Person("Sergey Lavrov", "Foreign Minister"),)
    value, message, level = parse_speakers("Sergey Lavrov")
    assert value == (Person("Sergey Lavrov"),) and level == "warning" and message
    assert parse_speakers(42)[2] == "error"


def test_long_names_are_shortened_with_a_warning():
    value, message, _ = FIELDS["location"]("x" * 2000)
    assert len(value) <= 201 and "shortened" in message


def test_source_url_must_be_http():
    assert FIELDS["source_url"]("javascript:alert(1)")[0] is None
    assert FIELDS["source_url"]("https://sana.sy/en/?p=1")[0] == "https://sana.sy/en/?p=1"


def test_aliases_are_lower_case_like_every_permalink():
    from sana_archive.content.fields import parse_aliases

    value, message, _ = parse_aliases(["/statements/Old-Address/", "OLDER"])
    assert message is None
    assert value == ("/statements/old-address/", "/statements/older/")
