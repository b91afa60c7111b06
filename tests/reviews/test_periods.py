"""Periods are computed from a date: months, quarters, years and ISO weeks, with their boundaries, 29 February
and the year end."""

import datetime

import pytest

from liaoyuan.core.periods import PeriodKind, label, period_containing, period_from_key

D = datetime.date


@pytest.mark.parametrize(
    ("day", "kind", "start", "end", "key"),
    [
        (D(2026, 5, 31), PeriodKind.MONTH, D(2026, 5, 1), D(2026, 5, 31), "2026-05"),
        (D(2026, 6, 1), PeriodKind.MONTH, D(2026, 6, 1), D(2026, 6, 30), "2026-06"),
        (D(2028, 2, 29), PeriodKind.MONTH, D(2028, 2, 1), D(2028, 2, 29), "2028-02"),
        (D(2027, 2, 28), PeriodKind.MONTH, D(2027, 2, 1), D(2027, 2, 28), "2027-02"),
        (D(2026, 3, 31), PeriodKind.QUARTER, D(2026, 1, 1), D(2026, 3, 31), "2026-Q1"),
        (D(2026, 4, 1), PeriodKind.QUARTER, D(2026, 4, 1), D(2026, 6, 30), "2026-Q2"),
        (D(2026, 12, 31), PeriodKind.QUARTER, D(2026, 10, 1), D(2026, 12, 31), "2026-Q4"),
        (D(2026, 12, 31), PeriodKind.YEAR, D(2026, 1, 1), D(2026, 12, 31), "2026"),
        (D(2027, 1, 1), PeriodKind.YEAR, D(2027, 1, 1), D(2027, 12, 31), "2027"),
        (D(2026, 12, 31), PeriodKind.WEEK, D(2026, 12, 28), D(2027, 1, 3), "2026-W53"),
        (D(2027, 1, 4), PeriodKind.WEEK, D(2027, 1, 4), D(2027, 1, 10), "2027-W01"),
        (D(2028, 2, 29), PeriodKind.WEEK, D(2028, 2, 28), D(2028, 3, 5), "2028-W09"),
    ],
)
def test_period_containing_a_day(day, kind, start, end, key):
    period = period_containing(day, kind)
    assert (period.starts_on, period.ends_on, period.key) == (start, end, key)
    assert period_from_key(key) == period
    assert period.next().starts_on == end + datetime.timedelta(days=1)
    assert period.previous().ends_on == start - datetime.timedelta(days=1)


def test_labels_speak_the_active_language(settings):
    assert label("2026-Q2") == "2026 Q2"
    assert label("2026-W07") == "2026 week 7"
    assert label("not a period") == "not a period"


def test_a_bad_key_is_refused():
    with pytest.raises(ValueError, match="not a period"):
        period_from_key("2026-13x")
