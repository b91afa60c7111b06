"""``make bench-import``: how long importing a workbook of 10,000 needs takes (the check of every cell, then
the write in one transaction with a history row per item) and how much memory it holds.

Runs against ``var/bench-import.sqlite3``, or the database named by BENCH_DATABASE_URL (never DATABASE_URL).
Seeds the demo city at BENCH_SCALE (default 0.1: its streets and communities are the places rows name), builds
the workbook in memory, then times ``check`` and ``run`` as the community secretary of the demo; the write is
rolled back afterwards, so the benchmark can run again. BENCH_IMPORT_ROWS (default 10000) tunes it. Prints a
Markdown table (docs/performance.md keeps the last one).
"""

import io
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaoyuan.settings")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-import.sqlite3'}")
os.environ.pop("REDIS_URL", None)
os.environ.setdefault("LOG_LEVEL", "WARNING")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import translation  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from accounts.models import User  # noqa: E402
from ledgers import imports  # noqa: E402
from ledgers.models import Category, Need, Urgency  # noqa: E402
from ledgers.selectors.lists import ledger_nodes  # noqa: E402
from liaoyuan.core import imports as engine  # noqa: E402

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def workbook(place: str) -> io.BytesIO:
    """Returns a workbook of ROWS needs in ``place``, with the template's headers and Chinese labels."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("需求清单")
    with translation.override("zh-hans"):
        sheet.append([str(f.header) for f in imports.NEEDS.fields])
        categories = [str(label) for label in Category.labels]
        source, urgency = str(Need.Source.HOME_VISIT.label), str(Urgency.NORMAL.label)
    for i in range(ROWS):
        sheet.append([None, place, f"需求{i}", categories[i % 6], source, i % 50 + 1, urgency, "2026-12-31", "基准"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def main() -> None:
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", scale=float(os.environ.get("BENCH_SCALE", "0.1")), no_progress=True, stdout=quiet)
    user = User.objects.get(username="community")
    node = ledger_nodes(user=user).first()
    place = next(label for label, found in imports._places(user).items() if found == node)
    file = workbook(place)
    size = len(file.getvalue())
    start = time.perf_counter()
    report = engine.check(user, imports.NEEDS, file)
    checked = time.perf_counter() - start
    if not report.ok:
        raise SystemExit(f"the workbook was refused: {report.refused or report.problems[:5]}")
    file.seek(0)
    with transaction.atomic():
        start = time.perf_counter()
        report = engine.run(user, imports.NEEDS, file)
        ran = time.perf_counter() - start
        transaction.set_rollback(True)
    print(f"Import of {ROWS:,} needs ({size / 1024:.0f} KB workbook) on {connection.vendor}.\n")
    print("| step | seconds | rows/s |")
    print("| --- | ---: | ---: |")
    print(f"| check every cell (nothing written) | {checked:.1f} | {ROWS / checked:,.0f} |")
    print(f"| check again and write, one transaction, with history | {ran:.1f} | {ROWS / ran:,.0f} |")
    print(f"\nCreated {report.created:,} (rolled back). Peak resident memory {peak_mb():.0f} MB.")


if __name__ == "__main__":
    main()
