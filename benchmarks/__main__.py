"""``make bench``: page and API timings, query counts and sizes on the demo city, at one scale or several side
by side.

Every app lists the pages it wants timed in ``<app>/bench.py`` (``pages() -> [(account, label, URL)]``, or
``(account, label, URL, (floor_sql, params))`` where hand-written SQL computing the same figures gives the
page's floor), and the background exports it wants timed in ``jobs() -> [(account, label, dataset, format)]``;
every list of the API is timed as well. Each scale runs in a process of its own (``benchmarks/run.py``) against
its own database, so scale 1 and scale 10 are compared in one run; the processes time each page in turns
(``benchmarks/lockstep.py``), so that a slower minute of the machine falls on both sides of a ratio:

- ``BENCH_SCALES=1,10`` (or ``BENCH_SCALE=1`` for one): the scales, 1 by default;
- ``BENCH_DATABASE_URL``: the database, with ``{scale}`` where the scale goes
  (``postgres://postgres@127.0.0.1:5432/liaoyuan_bench{scale}``); never DATABASE_URL, so that a configured
  database is not filled with the demo city by accident. Without it, ``var/bench-{scale}.sqlite3``;
- ``BENCH_ROUNDS``: requests per page and scale (20), in ``BENCH_TURNS`` turns per scale (2).

It writes ``var/bench/results.json`` (one object per page and scale: scale, account, page, url, p50_ms, p95_ms,
queries, bytes, floor_ms), ``var/bench/jobs.json`` (the background exports an app's ``bench.py`` lists in
``jobs()``: rows, seconds and ms per 1,000 rows at each scale), ``var/bench/results.md`` (the tables, printed
too) and ``var/bench/scales.svg`` (ms at the smallest and the largest scale, per page); ``BENCH_DOCS=1`` also
puts the tables into ``docs/performance.md`` (between its ``bench`` markers) and the chart into
``docs/performance-scales.svg``.
"""

import json
import os
from pathlib import Path

from benchmarks.lockstep import Child, in_turns
from benchmarks.report import chart_svg, markdown, replace_section

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))
TURNS = int(os.environ.get("BENCH_TURNS", "2"))


def scales() -> list[float]:
    text = os.environ.get("BENCH_SCALES") or os.environ.get("BENCH_SCALE") or "1"
    return [float(part) for part in text.split(",") if part.strip()]


def database_url(scale: float, several: bool) -> str:
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        return f"sqlite:///{ROOT / 'var' / f'bench-{scale:g}.sqlite3'}"
    if "{scale}" in url:
        return url.replace("{scale}", f"{scale:g}".replace(".", "_"))
    if several:
        raise SystemExit("BENCH_DATABASE_URL needs {scale} in it when BENCH_SCALES names several scales")
    return url


def main() -> None:
    if os.environ.get("BENCH_ONLY") and os.environ.get("BENCH_DOCS") == "1":
        raise SystemExit("BENCH_DOCS=1 writes the whole table: run it without BENCH_ONLY")
    wanted = scales()
    OUT.mkdir(parents=True, exist_ok=True)
    children = []
    try:
        for scale in wanted:
            env = {**os.environ, "DATABASE_URL": database_url(scale, len(wanted) > 1), "BENCH_RUN_SCALE": str(scale)}
            # the largest city takes longest to build: its seed shows its progress bars (on a terminal)
            env["BENCH_SEED_PROGRESS"] = "1" if scale == max(wanted) else "0"
            children.append(Child(env, ROOT))
        runs = in_turns(children, ROUNDS, TURNS)
    finally:
        for child in children:
            child.close()
    for run in runs:
        (OUT / f"scale-{run['meta']['scale']:g}.json").write_text(json.dumps(run, ensure_ascii=False, indent=1))
    rows = [row for run in runs for row in run["rows"]]
    (OUT / "results.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1))
    jobs = [job for run in runs for job in run.get("jobs", [])]
    (OUT / "jobs.json").write_text(json.dumps(jobs, ensure_ascii=False, indent=1))
    table = markdown(runs)
    (OUT / "results.md").write_text(table)
    svg = chart_svg(runs)
    (OUT / "scales.svg").write_text(svg)
    print()
    print(table)
    if os.environ.get("BENCH_DOCS") == "1":
        doc = ROOT / "docs" / "performance.md"
        doc.write_text(replace_section(doc.read_text(), table))
        (ROOT / "docs" / "performance-scales.svg").write_text(svg)


if __name__ == "__main__":
    main()
