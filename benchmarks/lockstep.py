"""The scales of one ``make bench`` run timed in turns, page by page, so that their ratio compares the code and
not the machine's moment.

Each scale is served by a process of its own (``benchmarks/run.py``: a Django process has one database). They
get their cities ready side by side; then this driver asks them in turn, one at a time, for a share of a
page's requests: scale 1, scale 10, scale 10, scale 1, … (the order flips each turn), and puts the shares
together. A machine that slows down for a minute (another tenant, autovacuum) slows down both sides of a row
alike, where timing one scale after the other put the whole slowdown on one side.

No Django here: the processes speak JSON lines (``Child``), and the tests drive this module with stand-ins.
"""

from __future__ import annotations

import json
import statistics
import subprocess  # noqa: S404 - this project's own bench processes
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


class Child:
    """A ``benchmarks.run`` process at one scale: a request is one JSON line on its stdin, its answer one JSON
    line on its stdout (its own printing goes to stderr)."""

    def __init__(self, env: dict, cwd: Path):
        self.process = subprocess.Popen(  # noqa: S603 - our interpreter, our module
            [sys.executable, "-m", "benchmarks.run"],
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ready(self) -> dict:
        """The process's first line, once its city is ready: its scale, seed time, pages and jobs."""
        return self._read()

    def ask(self, request: dict) -> dict:
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return self._read()

    def _read(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            code = self.process.wait()
            raise SystemExit(f"a bench process stopped (exit code {code}); its output is above")
        return json.loads(line)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


@dataclass
class Samples:
    """What the shares of one page at one scale measured."""

    timings: list[float] = field(default_factory=list)
    in_sql: list[float] = field(default_factory=list)
    first: dict = field(default_factory=dict)  # the first share's queries, bytes and floor

    def add(self, share: dict) -> None:
        self.timings += share["timings"]
        self.in_sql += share["in_sql"]
        if not self.first:
            self.first = {key: share[key] for key in ("queries", "bytes", "floor_ms")}

    def summary(self) -> dict:
        """Median and p95 ms, the median ms in SQL, and what the first share counted."""
        timings = sorted(self.timings)
        return {
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 1),
            "sql_ms": round(statistics.median(self.in_sql), 1),
            **self.first,
        }


def shares(rounds: int, turns: int) -> list[int]:
    """``rounds`` requests split into at most ``turns`` shares, none empty: 8 into 2 is [4, 4], 5 into 2 [3, 2]."""
    turns = max(1, min(turns, rounds))
    return [rounds // turns + (1 if i < rounds % turns else 0) for i in range(turns)]


def in_turns(children: list, rounds: int, turns: int, say: Callable[[str], None] = print) -> list[dict]:
    """Times every page at every scale in turns and returns one run per child (``{"meta", "rows", "jobs"}``, the
    shape ``benchmarks.report`` reads), in the children's order."""
    ready = [child.ready() for child in children]  # the children seed side by side; nothing is timed before
    pages = [tuple(page[:2]) for page in ready[0]["pages"]]
    for other in ready[1:]:
        if [tuple(page[:2]) for page in other["pages"]] != pages:
            raise SystemExit("the scales list different pages; their bench.py must name the same ones")
    rows: list[list[dict]] = [[] for _ in children]
    for index, (account, label) in enumerate(pages):
        samples = [Samples() for _ in children]
        for turn, share in enumerate(shares(rounds, turns)):
            order = list(range(len(children)))
            for at in order if turn % 2 == 0 else order[::-1]:
                samples[at].add(children[at].ask({"page": index, "rounds": share}))
        for at, child_ready in enumerate(ready):
            url = child_ready["pages"][index][2]
            row = {"scale": child_ready["scale"], "account": account, "page": label, "url": url}
            rows[at].append(row | samples[at].summary())
        times = " → ".join(f"{row[index]['p50_ms']:.1f}" for row in rows)
        say(f"  {account:10} {label:50} {times} ms {rows[-1][index]['queries']:3} q")
    jobs: list[list[dict]] = [[] for _ in children]
    for index, (account, label) in enumerate(tuple(job[:2]) for job in ready[0]["jobs"]):
        for at, child in enumerate(children):
            jobs[at].append({"scale": ready[at]["scale"], "account": account, "job": label} | child.ask({"job": index}))
        say(f"  {account:10} {label:50} " + " → ".join(f"{job[index]['s']:.2f}" for job in jobs) + " s")
    metas = [child.ask({"end": True}) for child in children]
    return [{"meta": meta, "rows": rows[at], "jobs": jobs[at]} for at, meta in enumerate(metas)]
