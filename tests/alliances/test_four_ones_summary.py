"""The home page's "four ones": the report's totals and the first incomplete alliances by name, counted in the
database."""

import datetime

import pytest

from accounts import scopes
from alliances.selectors.four_ones import four_ones, four_ones_summary
from tests.alliances.test_four_ones import activity, all_four, at
from tests.factories import AllianceFactory, MembershipFactory, MemberUnitFactory, child

pytestmark = pytest.mark.django_db

ON = datetime.date(2025, 6, 1)


def _more_alliances(city, n, *, complete):
    for i in range(n):
        community = child(city.street_2, "community", f"新社区{complete}{i}")
        alliance = AllianceFactory(node=community)
        MembershipFactory(alliance=alliance, unit=MemberUnitFactory(location=community))
        if complete:
            all_four(alliance, at(2025, 5, 5))
        else:
            activity(alliance, "visit", at(2025, 5, 5))


def test_summary_agrees_with_the_report(alliances, city):
    all_four(alliances.c1, at(2025, 5, 5))
    _more_alliances(city, 3, complete=True)
    _more_alliances(city, 7, complete=False)
    report = four_ones(user=alliances.city_office, on=ON)
    summary = four_ones_summary(user=alliances.city_office, on=ON)
    assert (summary.total, summary.completed) == (report.total, report.completed) == (12, 4)
    by_name = sorted(report.incomplete, key=lambda row: (row.alliance.name, row.alliance.pk))[:5]
    assert [row.alliance for row in summary.first_incomplete] == [row.alliance for row in by_name]
    assert [row.done for row in summary.first_incomplete] == [row.done for row in by_name]
    assert (summary.incomplete_count, summary.more_incomplete) == (8, 3)


def test_summary_counts_only_what_the_user_sees(alliances, city):
    summary = four_ones_summary(user=alliances.street_secretary, on=ON)
    report = four_ones(user=alliances.street_secretary, on=ON)
    assert summary.total == report.total


def test_summary_runs_two_queries_whatever_the_number_of_alliances(alliances, city, django_assert_num_queries):
    scopes.scope_of(alliances.city_office)
    with django_assert_num_queries(2):
        four_ones_summary(user=alliances.city_office, on=ON)
    _more_alliances(city, 9, complete=False)
    with django_assert_num_queries(2):
        summary = four_ones_summary(user=alliances.city_office, on=ON)
    assert len(summary.first_incomplete) == 5
