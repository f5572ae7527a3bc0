"""Sites for the browser, validator and link tests: a generated archive and a local server.

The sample archive has two undated seeds, which leaves year, month and day pages, paging and
long lists untested; a few hundred generated wire stories (plus the seeds) cover them. The
stories are deterministic so a failure names the same page on every run.
"""

from __future__ import annotations

import contextlib
import functools
import random
import shutil
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SPEAKERS = [
    ("Sergey Lavrov", "Russian Foreign Minister", "Moscow"),
    ("Walid al-Moallem", "Foreign and Expatriates Minister", "Damascus"),
    ("Fayssal Mikdad", "Deputy Foreign and Expatriates Minister", "Damascus"),
    ("Bashar al-Jaafari", "Syria's Permanent Representative to the UN", "New York"),
    ("Maria Zakharova", "Russian Foreign Ministry Spokeswoman", "Moscow"),
    ("Mohammad Javad Zarif", "Iranian Foreign Minister", "Tehran"),
    ("Wang Yi", "Chinese Foreign Minister", "Beijing"),
    ("Staffan de Mistura", "UN Special Envoy for Syria", "Geneva"),
]
COUNTERPARTS = [
    "Lamberto Zannier", "Adel al-Jubeir", "Antonio Guterres", "Federica Mogherini",
    "Mevlut Cavusoglu", "Ayman Safadi", "Sameh Shoukry", "Ibrahim al-Jaafari",
]
EXTRA_PLACES = ["Sochi", "Astana", "Geneva", "Beirut", "Baghdad", "Vienna"]
TOPICS = ["Terrorism", "Astana process", "Geneva process", "Chemical weapons", "Reconciliation"]
VERBS = ["stressed", "affirmed", "said", "underlined", "reiterated", "noted"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
CLAIMS = [
    "the political settlement of the crisis in Syria must be led by the Syrians themselves",
    "combating terrorism remains the priority for the international community",
    "the sovereignty and territorial integrity of Syria must be respected",
    "humanitarian aid should reach all Syrians without politicization",
    "the Astana meetings helped consolidate the cessation of hostilities",
    "unilateral coercive measures harm ordinary citizens first of all",
]
BYLINES = ["Hazem Sabbagh", "Manar/Mazen", "Rasha Milhem", "Baraa Ali", "Hala Zain"]
# One body word the search test looks for: said by several speakers, so a speaker filter
# has something to narrow.
SEARCH_WORD = "geopolitical"


def _story(number: int, rng: random.Random, start: date) -> str:
    name, role, home = SPEAKERS[number % len(SPEAKERS)]
    place = home if rng.random() < 0.7 else rng.choice(EXTRA_PLACES)
    counterpart = rng.choice(COUNTERPARTS)
    undated = number % 11 == 0
    day = start + timedelta(days=(number * 37) % 1500)
    weekday = WEEKDAYS[day.weekday()]
    claim, second = rng.sample(CLAIMS, 2)
    topics = rng.sample(TOPICS, rng.randint(1, 2))
    front = [
        "---",
        f"title: {name.split()[-1]} {rng.choice(VERBS)} that {claim} (statement {number})",
        *([] if undated else [f"date: {day.isoformat()}"]),
        "speakers:",
        f"  - {{name: {name}, role: \"{role}\"}}",
        f"location: {place}",
        "source: SANA",
        f"source_url: https://sana.sy/en/?p={100000 + number}",
        f"byline: {rng.choice(BYLINES)}",
        f"counterparts: [{counterpart}]",
        f"topics: [{', '.join(topics)}]",
        "language: en",
        f"slug: {name.split()[-1].lower()}-{number:04d}",
        "---",
    ]
    extra = f" He warned against {SEARCH_WORD} games in the region." if number % 25 == 0 else ""
    body = [
        f"{place}, SANA – {role} {name} {rng.choice(VERBS)} on {weekday} that {claim}.",
        f"In a meeting with {counterpart} in {place}, {name.split()[-1]} said "
        f"“{second[0].upper()}{second[1:]}, and this is what we discussed today.”{extra}",
        f"He added that contacts will continue in the coming weeks, and that {claim}.",
        rng.choice(BYLINES),
    ]
    return "\n".join(front) + "\n" + "\n\n".join(body) + "\n"


def generate_archive(site: Path, count: int = 300, *, seed: int = 7, settings: str = "") -> Path:
    """A site folder with the repo's theme, registries and seeds plus ``count`` stories;
    ``settings`` lines replace the repo's ``site.yaml`` ones (e.g. ``page_size: 10``)."""
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    shutil.copytree(REPO / "templates", site / "templates")
    shutil.copytree(REPO / "static", site / "static")
    shutil.copytree(REPO / "content", site / "content")
    keys = {line.split(":", 1)[0] for line in settings.splitlines() if ":" in line}
    kept = [
        line
        for line in (REPO / "site.yaml").read_text(encoding="utf-8").splitlines()
        if line.split(":", 1)[0] not in keys
    ]
    (site / "site.yaml").write_text("\n".join([*kept, settings, ""]), encoding="utf-8")
    rng = random.Random(seed)
    start = date(2015, 1, 5)
    folder = site / "content" / "generated"
    folder.mkdir()
    for number in range(1, count + 1):
        text = _story(number, rng, start)
        (folder / f"story-{number:04d}.txt").write_text(text, encoding="utf-8")
    return site


class _Handler(SimpleHTTPRequestHandler):
    """Static files as a plain host serves them, with ``404.html`` as the not-found page."""

    not_found: Path | None = None

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests assert on what the browser sees instead."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        if code == 404 and self.not_found is not None and self.not_found.is_file():
            body = self.not_found.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


@contextlib.contextmanager
def serve(root: Path, not_found: Path | None = None) -> Iterator[str]:
    """Serve ``root`` on a free localhost port; yields the base URL ``http://127.0.0.1:N/``."""
    handler = type("Handler", (_Handler,), {"not_found": not_found})
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(root))
    )
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def page_types(output: Path) -> dict[str, str]:
    """One representative URL path per page type of a built generated archive."""
    lavrov = sorted(p.parent.name for p in (output / "statements").glob("lavrov-0*/index.html"))
    statements = output / "statements"
    seed = sorted(p.parent.name for p in statements.glob("sana-57563-*/index.html"))
    months = sorted(p.parent for p in (output / "dates").glob("[0-9]*/[0-9]*/index.html"))
    days = sorted(p.parent for p in (output / "dates").glob("[0-9]*/[0-9]*/[0-9]*/index.html"))
    types = {
        "home": "",
        "article": f"statements/{lavrov[0]}/",
        "article-undated-with-quotes": f"statements/{seed[0]}/",
        "speakers": "speakers/",
        "locations": "locations/",
        "topics": "topics/",
        "counterparts": "counterparts/",
        "sources": "sources/",
        "term": "speakers/sergey-lavrov/",
        "term-page-2": "locations/moscow/page/2/",
        "location-with-map": "locations/geneva/",
        "quotations": "quotes/",
        "speaker-quotations": "speakers/sergey-lavrov/quotes/",
        "dates": "dates/",
        "year": "dates/2016/",
        "month": months[0].relative_to(output).as_posix() + "/",
        "day": days[0].relative_to(output).as_posix() + "/",
        "undated": "dates/undated/",
        "404": "no-such-page/",
    }
    if (output / "search" / "index.html").is_file():
        types["search"] = "search/"
    for name, path in types.items():
        if name != "404":
            assert (output / path / "index.html").is_file(), (name, path)
    return types
