"""How to cite a statement: Chicago text, BibTeX, RIS, CSL-JSON, JSON-LD and Dublin Core.

Every format is made from one Article and its permalink, so they always agree. The speaker
is treated as the author of a statement (the reporter is credited in a note), and an
undated statement is cited "n.d." in every format: no format is ever given a date the
text does not state. Pure functions: no clock, no build time, no access date.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

from sana_archive.config import SiteConfig
from sana_archive.model import MONTHS, Article

# Files written next to each statement page, with what they hold.
CITATION_FILES = (
    ("cite.bib", "BibTeX"),
    ("cite.ris", "RIS"),
    ("cite.json", "CSL-JSON"),
)


def _speakers(article: Article) -> str:
    names = [p.name for p in article.speakers]
    if not names:
        return "Unknown speaker"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _chicago_date(article: Article) -> str:
    if article.date is None:
        return "n.d."
    d = article.date
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def chicago(article: Article, permalink: str, archive: str) -> str:
    """A Chicago-style (notes-bibliography) reference for the statement."""
    roles = [f"{p.name}, {p.role}" for p in article.speakers if p.role]
    who = _speakers(article)
    parts = [f"{who}. “{article.title.rstrip('.')}.”"]
    when = _chicago_date(article)
    parts.append(f"{article.source or 'Unknown source'}, {when}{'' if when.endswith('.') else '.'}")
    if article.byline:
        parts.append(f"Reported by {article.byline}.")
    if roles and len(roles) == len(article.speakers):
        parts.append(f"Statement by {'; '.join(roles)}.")
    parts.append(f"{archive}. {permalink}.")
    return " ".join(parts)


def _bib_escape(text: str) -> str:
    text = text.replace("\\", r"\textbackslash{}")
    text = re.sub(r"([{}&%$#_])", r"\\\1", text)
    return text.replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")


def bibtex_key(article: Article) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "", article.slug) or "statement"


def bibtex(article: Article, permalink: str, archive: str) -> str:
    """A ``@misc`` entry; names are braced so BibTeX does not re-split non-Western names."""
    fields: list[tuple[str, str]] = [("title", _bib_escape(article.title))]
    if article.speakers:
        fields.append(
            ("author", " and ".join("{" + _bib_escape(p.name) + "}" for p in article.speakers))
        )
    if article.date is not None:
        fields.append(("year", str(article.date.year)))
        fields.append(("month", str(article.date.month)))
        fields.append(("date", article.date.isoformat()))
    else:
        fields.append(("year", "n.d."))
    if article.source:
        fields.append(("howpublished", _bib_escape(article.source)))
    notes = [f"{p.name}, {p.role}" for p in article.speakers if p.role]
    if article.byline:
        notes.append(f"reported by {article.byline}")
    if article.location:
        notes.append(f"in {article.location}")
    if notes:
        fields.append(("note", _bib_escape("; ".join(notes))))
    fields.append(("organization", _bib_escape(archive)))
    fields.append(("url", permalink))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{bibtex_key(article)},\n{body}\n}}\n"


def ris(article: Article, permalink: str, archive: str) -> str:
    """An RIS record (type NEWS); an undated statement has no PY/DA line, only a note."""
    lines = [("TY", "NEWS"), ("TI", article.title)]
    lines += [("AU", p.name) for p in article.speakers]
    if article.date is not None:
        d = article.date
        lines += [("PY", str(d.year)), ("DA", f"{d.year:04d}/{d.month:02d}/{d.day:02d}/")]
    else:
        lines.append(("N1", "n.d. (the text states no date)"))
    if article.source:
        lines.append(("T2", article.source))
    if article.byline:
        lines.append(("A2", article.byline))
    if article.location:
        lines.append(("CY", article.location))
    lines += [("KW", t) for t in article.topics]
    lines += [("DB", archive), ("UR", permalink), ("ER", "")]
    return "".join(f"{tag}  - {' '.join(value.split())}".rstrip() + "\r\n" for tag, value in lines)


def csl(article: Article, permalink: str, archive: str) -> dict[str, Any]:
    """A CSL-JSON item; ``issued`` is left out when undated so processors print "n.d."."""
    item: dict[str, Any] = {
        "id": article.slug,
        "type": "article-newspaper",
        "title": article.title,
        "author": [{"literal": p.name} for p in article.speakers],
        "URL": permalink,
        "archive": archive,
    }
    if article.date is not None:
        d = article.date
        item["issued"] = {"date-parts": [[d.year, d.month, d.day]]}
    if article.source:
        item["container-title"] = article.source
    if article.location:
        item["event-place"] = article.location
    if article.byline:
        item["note"] = f"Reported by {article.byline}"
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


def data_uri(name: str, article: Article, permalink: str, archive: str) -> str:
    """A download link that carries the file itself.

    Three small files beside every statement would triple the files an archive writes
    (30,000 more at 10,000 statements); a ``data:`` link downloads the same bytes, works
    offline and from any host, and costs the page about a kilobyte.
    """
    payload = base64.b64encode(citation_file(name, article, permalink, archive)).decode("ascii")
    return f"data:{_MEDIA_TYPES[name]};charset=utf-8;base64,{payload}"


def json_ld(article: Article, permalink: str) -> dict[str, Any]:
    """schema.org NewsArticle; ``datePublished`` only when the text states the date."""
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
    if article.byline:
        data["author"] = {"@type": "Person", "name": article.byline}
    elif article.source:
        data["author"] = {"@type": "Organization", "name": article.source}
    if article.source:
        data["publisher"] = {"@type": "Organization", "name": article.source}
    if article.location:
        data["contentLocation"] = {"@type": "Place", "name": article.location}
    if article.date is not None:
        data["datePublished"] = article.date.isoformat()
    if article.counterparts:
        data["mentions"] = [{"@type": "Person", "name": n} for n in article.counterparts]
    if article.source_url:
        data["isBasedOn"] = article.source_url
    return data


def dublin_core(article: Article, permalink: str) -> list[tuple[str, str]]:
    """``<meta name="DC.*">`` pairs, in a fixed order."""
    tags = [("DC.title", article.title)]
    tags += [("DC.creator", p.name) for p in article.speakers]
    if article.date is not None:
        tags.append(("DC.date", article.date.isoformat()))
    if article.source:
        tags.append(("DC.publisher", article.source))
    if article.byline:
        tags.append(("DC.contributor", article.byline))
    tags += [("DC.subject", t) for t in article.topics]
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


def citation_view(article: Article, url: str, config: SiteConfig) -> dict[str, Any]:
    """What an article page shows and embeds about citing it."""
    permalink = config.absolute(url)
    archive = config.title
    return {
        "cite": {
            "chicago": chicago(article, permalink, archive),
            "bibtex": bibtex(article, permalink, archive),
            "ris": ris(article, permalink, archive),
            "csl_json": csl_json(article, permalink, archive),
            "files": [
                {"href": data_uri(name, article, permalink, archive), "name": name, "label": label}
                for name, label in CITATION_FILES
            ],
        },
        "json_ld": json_ld(article, permalink),
        "dublin_core": [{"name": n, "content": c} for n, c in dublin_core(article, permalink)],
    }
