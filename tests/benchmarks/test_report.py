"""The benchmark's report: each row computed from the measured runs it names."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]


def _load_run() -> ModuleType:
    """benchmarks/ is a folder of scripts, not a package: load the runner by path."""
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "benchmarks" / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _row(lines: list[str], label: str) -> list[str]:
    row = next(line for line in lines if line.startswith(f"| {label}"))
    return [cell.strip() for cell in row.strip("|").split("|")]


def test_cold_cpu_is_also_given_per_thousand_pages_written() -> None:
    """Engines that write different sites are set side by side per page as well."""
    run = _load_run()
    data = {
        "engines": {
            "sana": {"pages_html": 2500,
                     "measures": {"cold": {"median_cpu_s": 3.0, "runs": [{}]}}},
            "hugo": {"pages_html": 1600,
                     "measures": {"cold": {"median_cpu_s": 0.8, "runs": [{}]}}},
        }
    }
    lines = run.size_table(1000, data)
    cells = _row(lines, "cold full build, no search: CPU time per 1,000 HTML pages written")
    assert cells[1:4] == ["1.20 s", "0.50 s", "–"]
    assert cells[4] == "2.4×"
    assert _row(lines, "cold full build, no search (sana")[4] == "3.8×"


def test_settle_waits_for_the_load_to_fall_and_no_longer_than_asked(monkeypatch) -> None:
    run = _load_run()
    loads = iter([3.0, 2.0, 0.4, 0.4])
    monkeypatch.setattr(run.os, "getloadavg", lambda: (next(loads), 0.0, 0.0))
    monkeypatch.setattr(run.time, "sleep", lambda seconds: None)
    run.settle(60.0)
    assert next(loads) == 0.4  # stopped at the first quiet reading
    monkeypatch.setattr(run.os, "getloadavg", lambda: (5.0, 0.0, 0.0))
    assert run.settle(0.0) == pytest.approx(0.0, abs=0.5)  # never quiet: gives up at once


def test_each_run_starts_after_a_sync(monkeypatch, tmp_path) -> None:
    """What the last run wrote is flushed before the next is timed."""
    run = _load_run()
    synced: list[int] = []
    monkeypatch.setattr(run.os, "sync", lambda: synced.append(1))
    done = run.measure([sys.executable, "-c", "pass"], tmp_path)
    assert done.rc == 0 and synced == [1]
