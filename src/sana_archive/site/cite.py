"""How to cite a statement: Chicago text, BibTeX, RIS, CSL-JSON, JSON-LD and Dublin Core.

Every format is made from one Article and its permalink, so they always agree. A statement
is a news item: its author is whoever filed it, the byline when the text names one and
otherwise the agency (a corporate author), and the official who spoke is its *subject*,
never its author (a reference manager would otherwise file a wire story under a foreign
minister's name). With neither byline nor agency the reference starts with the title, as
for any unsigned item; no placeholder such as "Unknown source" is printed. An undated
statement is cited "n.d." in every format: no format is ever given a date the text does
not state. A date derived from evidence follows "n.d." as a marked conjecture (Chicago's
"[c. ...]", EDTF's "?", CSL's ``circa``); JSON-LD and Dublin Core never carry it. Pure
functions: no clock, no build time, no access date.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from sana_archive.config import SiteConfig
from sana_archive.model import MONTHS, Article, Dating

# Files written next to each statement page, with what they hold.
CITATION_FILES = (
    ("cite.bib", "BibTeX"),
    ("cite.ris", "RIS"),
    ("cite.json", "CSL-JSON"),
)


@dataclass(frozen=True, slots=True)
class Author:
    """Who a citation names as author: a person (the byline) or an organization (the
    agency)."""

    name: str
    person: bool

    @property
    def family_given(self) -> tuple[str, str]:
        """(family, given), splitting at the last space: a byline is one name as written,
        and reference managers sort a person by the family name."""
        given, _, family = self.name.rpartition(" ")
        return family, given


def author_of(article: Article) -> Author | None:
    """The byline when the text names one, else the agency; None when neither is known."""
    if article.byline:
        return Author(article.byline, True)
    if article.source:
        return Author(article.source, False)
    return None


def _names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def subject_note(article: Article) -> str:
    """Who made the statement: "Statement by Sergey Lavrov, Russian Foreign Minister"."""
    if not article.speakers:
        return ""
    return "Statement by " + "; ".join(
        f"{p.name}, {p.role}" if p.role else p.name for p in article.speakers
    )


def _conjecture(article: Article) -> Dating | None:
    """A derived date, cited only as a conjecture: never where a stated date would go."""
    return article.dating if article.date is None else None


def _us_date(d: dt.date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def _edtf(dating: Dating) -> str:
    """ISO 8601/EDTF as biblatex reads it: "2015-10-19?" (uncertain day) or an interval."""
    if dating.day is not None:
        return f"{dating.day.isoformat()}?"
    return f"{dating.earliest.isoformat()}/{dating.latest.isoformat()}"


def _chicago_date(article: Article) -> str:
    """Chicago prints a conjectured date in brackets after "n.d.": "n.d. [c. October 19,
    2015]", or the span the evidence allows."""
    if article.date is None:
        dating = _conjecture(article)
        if dating is None:
            return "n.d."
        if dating.day is not None:
            return f"n.d. [c. {_us_date(dating.day)}]"
        return f"n.d. [between {_us_date(dating.earliest)}, and {_us_date(dating.latest)}]"
    return _us_date(article.date)


def chicago(article: Article, permalink: str, archive: str) -> str:
    """A Chicago-style (notes-bibliography) entry for a news item: the byline, or the agency
    standing in for an unsigned story's author; then title, agency and date."""
    author = author_of(article)
    lead = ""
    if author and author.person and author.family_given[1]:
        lead = ", ".join(author.family_given) + "."  # a bibliography inverts the first name
    elif author:
        lead = author.name + "."
    parts = [lead, f"“{article.title.rstrip('.')}.”"]
    when = _chicago_date(article)
    if article.source and not (author and not author.person):
        parts.append(f"{article.source}, {when}{'' if when.endswith('.') else '.'}")
    else:  # the agency is already named as author, or no agency is known
        parts.append(f"{when}{'' if when.endswith('.') else '.'}")
    if article.speakers:
        parts.append(subject_note(article) + ".")
    parts.append(f"{archive}. {permalink}.")
    return " ".join(p for p in parts if p)


_BIB_SPECIAL = {
    "\\": r"\textbackslash{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    **{c: "\\" + c for c in "{}&%$#_"},
}
_BIB_SPECIAL_RE = re.compile("[" + re.escape("".join(_BIB_SPECIAL)) + "]")
# TeX joins "--", "``", "''", "?`" and "!`" into a dash, curly quotes or ¿ ¡: an empty
# group between the two characters keeps them as typed.
_LIGATURE_RE = re.compile(r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=[?!])(?=`)")


def _bib_escape(text: str) -> str:
    """LaTeX-escape in one pass: escaping ``\\`` first and braces after would escape the
    braces of ``\\textbackslash{}`` itself, which then decodes to ``\\{}``."""
    text = _BIB_SPECIAL_RE.sub(lambda m: _BIB_SPECIAL[m.group(0)], " ".join(text.split()))
    return _LIGATURE_RE.sub("{}", text)


def bibtex_key(article: Article) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "", article.slug) or "statement"


def bibtex(article: Article, permalink: str, archive: str) -> str:
    """A ``@misc`` entry. A byline is written "Family, Given" so BibTeX sorts it by family
    name; an agency is braced whole, as a corporate author. The speakers are keywords and a
    note, not authors."""
    fields: list[tuple[str, str]] = [("title", _bib_escape(article.title))]
    author = author_of(article)
    if author and author.person and author.family_given[1]:
        family, given = author.family_given
        fields.append(("author", f"{_bib_escape(family)}, {_bib_escape(given)}"))
    elif author:
        fields.append(("author", "{" + _bib_escape(author.name) + "}"))
    if article.date is not None:
        fields.append(("year", str(article.date.year)))
        fields.append(("month", str(article.date.month)))
        fields.append(("date", article.date.isoformat()))
    else:
        fields.append(("year", "n.d."))
        if (dating := _conjecture(article)) is not None:
            fields.append(("date", _edtf(dating)))
    if article.source:
        fields.append(("howpublished", _bib_escape(article.source)))
    notes = [subject_note(article)] if article.speakers else []
    if (dating := _conjecture(article)) is not None:
        notes.append(f"date derived, not stated: {dating.evidence}")
    if article.location:
        notes.append(f"in {article.location}")
    if notes:
        fields.append(("note", _bib_escape(", ".join(notes))))
    keywords = [*(p.name for p in article.speakers), *article.topics]
    if keywords:
        fields.append(("keywords", _bib_escape(", ".join(dict.fromkeys(keywords)))))
    fields.append(("organization", _bib_escape(archive)))
    fields.append(("url", permalink))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{bibtex_key(article)},\n{body}\n}}\n"


def ris(article: Article, permalink: str, archive: str) -> str:
    """An RIS record (type NEWS); an undated statement has no PY/DA line, only a note. The
    author (AU) is the byline, else the agency; the speakers are keywords and a note."""
    lines = [("TY", "NEWS"), ("TI", article.title)]
    author = author_of(article)
    if author and author.person and author.family_given[1]:
        lines.append(("AU", ", ".join(author.family_given)))
    elif author:
        lines.append(("AU", author.name))
    if article.date is not None:
        d = article.date
        lines += [("PY", str(d.year)), ("DA", f"{d.year:04d}/{d.month:02d}/{d.day:02d}/")]
    elif (dating := _conjecture(article)) is not None:
        lines.append(("N1", f"n.d. [{_edtf(dating)}] (derived: {dating.evidence})"))
    else:
        lines.append(("N1", "n.d. (the text states no date)"))
    if article.source:
        lines.append(("T2", article.source))
    if article.location:
        lines.append(("CY", article.location))
    if article.speakers:
        lines.append(("N1", subject_note(article)))
    keywords = [*(p.name for p in article.speakers), *article.topics]
    lines += [("KW", k) for k in dict.fromkeys(keywords)]
    lines += [("DB", archive), ("UR", permalink), ("ER", "")]
    return "".join(f"{tag}  - {' '.join(value.split())}".rstrip() + "\r\n" for tag, value in lines)


def csl(article: Article, permalink: str, archive: str) -> dict[str, Any]:
    """A CSL-JSON item; ``issued`` is left out when undated so processors print "n.d.".
    A byline is a family/given name, an agency a ``literal`` (corporate) name; with neither
    there is no ``author`` and styles start with the title."""
    item: dict[str, Any] = {
        "id": article.slug,
        "type": "article-newspaper",
        "title": article.title,
        "URL": permalink,
        "archive": archive,
    }
    author = author_of(article)
    if author and author.person and author.family_given[1]:
        family, given = author.family_given
        item["author"] = [{"family": family, "given": given}]
    elif author:
        item["author"] = [{"literal": author.name}]
    if article.date is not None:
        d = article.date
        item["issued"] = {"date-parts": [[d.year, d.month, d.day]]}
    elif (dating := _conjecture(article)) is not None:
        ends = dict.fromkeys((dating.earliest, dating.latest))
        item["issued"] = {
            "date-parts": [[e.year, e.month, e.day] for e in ends],
            "circa": True,
        }
    if article.source:
        item["container-title"] = article.source
    if article.location:
        item["event-place"] = article.location
    if article.speakers:
        item["note"] = subject_note(article)
    keywords = [*(p.name for p in article.speakers), *article.topics]
    if keywords:
        item["keyword"] = ", ".join(dict.fromkeys(keywords))
    return item


def csl_json(article: Article, permalink: str, archive: str) -> str:
    return json.dumps([csl(article, permalink, archive)], ensure_ascii=False, indent=2) + "\n"


def citation_file(name: str, article: Article, permalink: str, archive: str) -> bytes:
    maker = {"cite.bib": bibtex, "cite.ris": ris, "cite.json": csl_json}[name]
    return maker(article, permalink, archive).encode("utf-8")


_MEDIA_TYPES = {
    "cite.bib": "application/x-bibtex",
    "cite.ris": "application/x-research-info-systems",
    "cite.json": "application/vnd.citationstyles.csl+json",
}


def citation_texts(article: Article, permalink: str, archive: str) -> list[dict[str, Any]]:
    """The three files as a statement page shows them, one code block each, from which the
    page's script makes the download links: a file's bytes are its text in UTF-8, except
    that RIS, shown with plain line ends, is saved with the CRLF its readers expect
    (``crlf``). A ``data:`` link per format used to carry each file a second time, in
    base64: about 2.8 KB of a 18 KB page, at 10,000 pages 28 MB of every cold build.
    """
    return [
        {
            "name": name,
            "label": label,
            "type": _MEDIA_TYPES[name],
            "text": text.replace("\r\n", "\n"),
            "crlf": "\r\n" in text,
        }
        for name, label in CITATION_FILES
        for text in [citation_file(name, article, permalink, archive).decode("utf-8")]
    ]


def json_ld(
    article: Article,
    permalink: str,
    description: str = "",
    archive: dict[str, str] | None = None,
    geo: dict[str, float] | None = None,
) -> dict[str, Any]:
    """schema.org NewsArticle; ``datePublished`` only when the text states the date. The
    author is the byline or the agency, as in every other format; the speakers are what
    the article is ``about``. Only what is known is said: there is no ``dateModified`` (the
    archive does not know when an agency revised a story) and no publisher ``logo`` (no
    registry holds one)."""
    about: list[dict[str, Any]] = []
    for person in article.speakers:
        entry: dict[str, Any] = {"@type": "Person", "name": person.name}
        if person.role:
            entry["jobTitle"] = person.role
        about.append(entry)
    about += [{"@type": "Thing", "name": t} for t in article.topics]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "url": permalink,
        "mainEntityOfPage": permalink,
        "inLanguage": article.language,
        "about": about,
    }
    if description:
        data["description"] = description
    if archive:
        data["isPartOf"] = {"@type": "WebSite", **archive}
    author = author_of(article)
    if author:
        data["author"] = {
            "@type": "Person" if author.person else "Organization",
            "name": author.name,
        }
    if article.source:
        data["publisher"] = {"@type": "Organization", "name": article.source}
    if article.location:
        data["contentLocation"] = {"@type": "Place", "name": article.location}
        if geo:  # from the locations registry, when it knows the place
            data["contentLocation"]["geo"] = {"@type": "GeoCoordinates", **geo}
    if article.date is not None:
        data["datePublished"] = article.date.isoformat()
    if article.counterparts:
        data["mentions"] = [{"@type": "Person", "name": n} for n in article.counterparts]
    if article.source_url:
        data["isBasedOn"] = article.source_url
    return data


def dublin_core(article: Article, permalink: str) -> list[tuple[str, str]]:
    """``<meta name="DC.*">`` pairs, in a fixed order: the creator is the byline or the
    agency, the speakers are subjects."""
    tags = [("DC.title", article.title)]
    author = author_of(article)
    if author:
        tags.append(("DC.creator", author.name))
    if article.date is not None:
        tags.append(("DC.date", article.date.isoformat()))
    if article.source:
        tags.append(("DC.publisher", article.source))
    tags += [
        ("DC.subject", n)
        for n in dict.fromkeys([*(p.name for p in article.speakers), *article.topics])
    ]
    if article.location:
        tags.append(("DC.coverage", article.location))
    tags += [
        ("DC.type", "Text"),
        ("DC.format", "text/html"),
        ("DC.language", article.language),
        ("DC.identifier", permalink),
    ]
    if article.source_url:
        tags.append(("DC.source", article.source_url))
    return tags


def citation_view(
    article: Article,
    url: str,
    config: SiteConfig,
    description: str = "",
    geo: dict[str, float] | None = None,
) -> dict[str, Any]:
    """What an article page shows and embeds about citing it; ``description`` is the page's
    own (its summary or opening words)."""
    permalink = config.absolute(url)
    archive = config.title
    return {
        "cite": {
            "chicago": chicago(article, permalink, archive),
            "files": citation_texts(article, permalink, archive),
        },
        "json_ld": json_ld(
            article, permalink, description, {"name": archive, "url": config.absolute("/")}, geo
        ),
        "dublin_core": [{"name": n, "content": c} for n, c in dublin_core(article, permalink)],
    }
