"""Prints how much the access matrix checked, added up over the xdist workers."""

TOTALS = {"routes": 0, "answers": 0}


def pytest_runtest_logreport(report):
    if report.when != "call":
        return
    for name, value in report.user_properties:
        if name == "matrix_answers":
            TOTALS["routes"] += 1
            TOTALS["answers"] += value


def pytest_terminal_summary(terminalreporter):
    if TOTALS["routes"]:
        terminalreporter.write_line(
            f"access matrix: {TOTALS['routes']} routes, {TOTALS['answers']} answers checked "
            "(each route × 15 accounts × the objects it is checked on, per method)"
        )
