"""Why markdown-it-py and not Python-Markdown: time per article, and time on nested brackets.

The design card named Python-Markdown; sana-archive renders bodies with markdown-it-py. This
script measures the two on the same inputs so the choice rests on figures, not on taste:

* per article: the bodies of the synthetic archive ``generate.py`` writes (wire text, as
  Markdown paragraphs), each rendered by both libraries, CPU time per article;
* hostile input: ``[`` * n + ``x`` + ``]`` * n (brackets nested n deep) and ``[`` * n
  (never closed), for growing n. A parser linear in its input takes twice the time for
  twice the brackets; a quadratic one four times.

Python-Markdown is not a dependency of sana-archive: run this from the ``bench`` extra
(``make .venv/.bench``) or from a throwaway virtual environment::

    python3 -m venv /tmp/md && /tmp/md/bin/pip install markdown markdown-it-py python-slugify
    /tmp/md/bin/python benchmarks/markdown_libs.py

Results go to ``benchmarks/results/markdown-libs.json`` (``--out`` to change).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import markdown
from markdown_it import MarkdownIt

HERE = Path(__file__).resolve().parent
SIZES = (1000, 2000, 4000, 8000, 16000)
LIMIT_SECONDS = 60.0  # a case slower than this is not grown further


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate_md", HERE / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def renderers() -> dict[str, Callable[[str], str]]:
    """Each library configured as sana-archive needs it: CommonMark with tables."""
    it = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    py = markdown.Markdown(extensions=["tables"])

    def python_markdown(text: str) -> str:
        py.reset()
        return py.convert(text)

    return {"markdown-it-py": it.render, "Python-Markdown": python_markdown}


def cpu(render: Callable[[str], str], text: str) -> float:
    started = time.process_time()
    render(text)
    return time.process_time() - started


def per_article(count: int, repeat: int) -> dict[str, dict[str, float]]:
    generate = _generator()
    _, articles = generate.make_articles(count, seed=1)
    bodies = [generate.peer_body(a) for a in articles]
    result = {}
    for name, render in renderers().items():
        runs = []
        for _ in range(repeat):
            started = time.process_time()
            for body in bodies:
                render(body)
            runs.append((time.process_time() - started) / len(bodies))
        result[name] = {"ms_per_article": round(statistics.median(runs) * 1000, 3)}
    return result


def nested(sizes: tuple[int, ...]) -> dict[str, dict[str, dict[str, float]]]:
    cases = {
        "nested": lambda n: "[" * n + "x" + "]" * n,
        "unclosed": lambda n: "[" * n,
    }
    result: dict[str, dict[str, dict[str, float]]] = {}
    for name, render in renderers().items():
        result[name] = {}
        for case, make in cases.items():
            times: dict[str, float] = {}
            for n in sizes:
                seconds = cpu(render, make(n))
                times[str(n)] = round(seconds, 4)
                if seconds > LIMIT_SECONDS:
                    break
            result[name][case] = times
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "markdown-libs.json")
    args = parser.parse_args(argv)
    report = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "versions": {
            "markdown-it-py": importlib.metadata.version("markdown-it-py"),
            "Python-Markdown": importlib.metadata.version("markdown"),
        },
        "articles": args.articles,
        "per_article": per_article(args.articles, args.repeat),
        "brackets_cpu_seconds": nested(SIZES),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
