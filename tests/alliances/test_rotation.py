"""The rotating chair: terms computed from the rotation across year ends, materialised idempotently, and
adjusted by swap, skip and reschedule (never leaving a gap or an overlap)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from alliances.models import ChairTerm
from alliances.services import alliances as alliance_services
from alliances.services import rotation
from tests.factories import AllianceFactory, MembershipFactory, MemberUnitFactory, user_with_role

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def c2_alliance(city):
    """The alliance of C2 rotating quarterly from 2025-11-01: the secretary (place 0), then units A, B, C."""
    alliance = AllianceFactory(node=city.c2, rotation_starts_on=D(2025, 11, 1), founded_on=D(2025, 1, 1))
    units = [MemberUnitFactory(location=city.c2, name=name) for name in ("甲单位", "乙单位", "丙单位")]
    for place, unit in enumerate(units, 1):
        MembershipFactory(alliance=alliance, unit=unit, chair_position=place, joined_on=D(2025, 1, 1))
    alliance.units = units
    alliance.secretary = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c2)
    return alliance


def schedule(alliance, until):
    """Returns [(starts_on, ends_on, chair name or "secretary")] of the projected terms."""
    terms = rotation.project_terms(
        alliance,
        stored=list(alliance.chair_terms.select_related("chair_unit")),
        memberships=list(alliance.memberships.select_related("unit")),
        until=until,
    )
    return [(t.starts_on, t.ends_on, t.chair_unit.name if t.chair_unit else "secretary") for t in terms]


def test_quarterly_rotation_runs_across_year_ends(c2_alliance):
    assert schedule(c2_alliance, D(2027, 2, 1)) == [
        (D(2025, 11, 1), D(2026, 1, 31), "secretary"),
        (D(2026, 2, 1), D(2026, 4, 30), "甲单位"),
        (D(2026, 5, 1), D(2026, 7, 31), "乙单位"),
        (D(2026, 8, 1), D(2026, 10, 31), "丙单位"),
        (D(2026, 11, 1), D(2027, 1, 31), "secretary"),
        (D(2027, 2, 1), D(2027, 4, 30), "甲单位"),
    ]


def test_five_month_terms_are_aligned_from_the_rotation_start(c2_alliance):
    c2_alliance.term_months = 5
    c2_alliance.save()
    assert schedule(c2_alliance, D(2027, 6, 30)) == [
        (D(2025, 11, 1), D(2026, 3, 31), "secretary"),
        (D(2026, 4, 1), D(2026, 8, 31), "甲单位"),
        (D(2026, 9, 1), D(2027, 1, 31), "乙单位"),
        (D(2027, 2, 1), D(2027, 6, 30), "丙单位"),
    ]


def test_terms_starting_on_a_month_end_are_clamped_not_drifting(city):
    alliance = AllianceFactory(node=city.c3, rotation_starts_on=D(2026, 1, 31), term_months=1)
    starts = [s for s, _, _ in schedule(alliance, D(2026, 5, 1))]
    assert starts == [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 30)]


def test_secretary_place_and_unit_places_set_the_order(c2_alliance):
    c2_alliance.secretary_chair_position = 2  # after A (1); B also has 2: the secretary comes first
    c2_alliance.save()
    chairs = [c for _, _, c in schedule(c2_alliance, D(2026, 11, 1))]
    assert chairs == ["甲单位", "secretary", "乙单位", "丙单位", "甲单位"]


def test_a_unit_without_a_place_does_not_chair_and_a_former_member_drops_out(c2_alliance, city):
    MembershipFactory(alliance=c2_alliance, unit=MemberUnitFactory(location=city.c2), chair_position=None)
    membership = c2_alliance.memberships.get(unit__name="乙单位")
    membership.left_on = D(2026, 3, 1)
    membership.save()
    chairs = [c for _, _, c in schedule(c2_alliance, D(2026, 11, 1))]
    assert chairs == ["secretary", "甲单位", "丙单位", "secretary", "甲单位"]


def test_ensure_stores_terms_once(c2_alliance):
    first = rotation.chair_terms_ensure(alliance=c2_alliance, until=D(2026, 6, 1))
    again = rotation.chair_terms_ensure(alliance=c2_alliance, until=D(2026, 6, 1))
    assert [t.pk for t in first] == [t.pk for t in again]
    assert ChairTerm.objects.filter(alliance=c2_alliance).count() == 3
    rotation.chair_terms_ensure(alliance=c2_alliance, until=D(2026, 9, 1))
    assert ChairTerm.objects.filter(alliance=c2_alliance).count() == 4


def test_stored_terms_win_and_the_rotation_continues_after_them(c2_alliance):
    rotation.chair_terms_ensure(alliance=c2_alliance, until=D(2025, 12, 1))
    term = ChairTerm.objects.get(alliance=c2_alliance)
    term.chair_unit = c2_alliance.units[1]  # B chaired the first term instead
    term.save()
    chairs = [c for _, _, c in schedule(c2_alliance, D(2026, 5, 1))]
    assert chairs == ["乙单位", "丙单位", "secretary"]


def test_swap_exchanges_two_chairs_and_keeps_the_rotation_after_them(c2_alliance, clock):
    clock.set(2025, 10, 1)
    first, second = rotation.chair_term_swap(
        user=c2_alliance.secretary,
        alliance=c2_alliance,
        starts_on=D(2026, 2, 1),
        other_starts_on=D(2026, 5, 1),
        reason="甲单位五月有检查",
    )
    assert (first.chair_unit.name, second.chair_unit.name) == ("乙单位", "甲单位")
    assert first.adjustment_reason == second.adjustment_reason == "甲单位五月有检查"
    chairs = [c for _, _, c in schedule(c2_alliance, D(2026, 11, 1))]
    assert chairs == ["secretary", "乙单位", "甲单位", "丙单位", "secretary"]


def test_swap_needs_whole_terms_so_it_cannot_leave_a_gap_or_overlap(c2_alliance, clock):
    clock.set(2025, 10, 1)
    with pytest.raises(ValidationError) as exc:
        rotation.chair_term_swap(
            user=c2_alliance.secretary,
            alliance=c2_alliance,
            starts_on=D(2026, 2, 1),
            other_starts_on=D(2026, 5, 15),
            reason="调整",
        )
    assert "gap or an overlap" in exc.value.message_dict["other_starts_on"][0]
    assert not ChairTerm.objects.filter(alliance=c2_alliance).exclude(adjustment_reason="").exists()


def test_swap_needs_a_reason_and_an_open_term(c2_alliance, clock):
    clock.set(2026, 6, 1)
    with pytest.raises(ValidationError) as exc:
        rotation.chair_term_swap(
            user=c2_alliance.secretary,
            alliance=c2_alliance,
            starts_on=D(2026, 2, 1),
            other_starts_on=D(2026, 8, 1),
            reason=" ",
        )
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        rotation.chair_term_swap(
            user=c2_alliance.secretary,
            alliance=c2_alliance,
            starts_on=D(2026, 2, 1),
            other_starts_on=D(2026, 8, 1),
            reason="调整",
        )
    assert exc.value.message_dict["starts_on"] == ["A term that has ended cannot be changed."]


def test_skip_passes_over_the_chair_and_the_rotation_moves_on(c2_alliance, clock):
    clock.set(2025, 10, 1)
    rotation.chair_terms_ensure(alliance=c2_alliance, until=D(2026, 9, 1))  # stored ahead, re-chained below
    term = rotation.chair_term_skip(
        user=c2_alliance.secretary, alliance=c2_alliance, starts_on=D(2026, 2, 1), reason="甲单位搬迁"
    )
    assert term.chair_unit.name == "乙单位" and term.adjustment_reason == "甲单位搬迁"
    chairs = [c for _, _, c in schedule(c2_alliance, D(2026, 11, 1))]
    assert chairs == ["secretary", "乙单位", "丙单位", "secretary", "甲单位"]


def test_reschedule_refuses_a_gap_or_an_overlap(c2_alliance, clock):
    clock.set(2025, 10, 1)
    rotation.chair_terms_ensure(alliance=c2_alliance, until=D(2026, 2, 1))  # two terms stored
    with pytest.raises(ValidationError) as exc:
        rotation.chair_term_reschedule(
            user=c2_alliance.secretary,
            alliance=c2_alliance,
            starts_on=D(2025, 11, 1),
            new_starts_on=D(2025, 11, 1),
            new_ends_on=D(2026, 1, 15),
            reason="提前换届",
        )
    assert "gap from 2026-01-16 to 2026-01-31" in exc.value.message_dict["new_ends_on"][0]
    with pytest.raises(ValidationError) as exc:
        rotation.chair_term_reschedule(
            user=c2_alliance.secretary,
            alliance=c2_alliance,
            starts_on=D(2026, 2, 1),
            new_starts_on=D(2026, 1, 20),
            new_ends_on=D(2026, 4, 30),
            reason="提前换届",
        )
    assert "overlap" in exc.value.message_dict["new_starts_on"][0]
    assert ChairTerm.objects.get(alliance=c2_alliance, starts_on=D(2025, 11, 1)).ends_on == D(2026, 1, 31)


def test_reschedule_of_the_last_stored_term_moves_the_next_one(c2_alliance, clock):
    clock.set(2025, 10, 1)
    rotation.chair_terms_ensure(alliance=c2_alliance, until=D(2025, 12, 1))
    rotation.chair_term_reschedule(
        user=c2_alliance.secretary,
        alliance=c2_alliance,
        starts_on=D(2025, 11, 1),
        new_starts_on=D(2025, 11, 1),
        new_ends_on=D(2026, 2, 28),
        reason="春节顺延",
    )
    # the next term starts the day after and ends on the grid again
    assert schedule(c2_alliance, D(2026, 3, 1))[1] == (D(2026, 3, 1), D(2026, 4, 30), "甲单位")


def test_a_unit_that_leaves_no_longer_chairs_its_coming_stored_term(c2_alliance, clock):
    clock.set(2026, 3, 1)
    rotation.chair_terms_ensure(alliance=c2_alliance, until=D(2026, 5, 1))
    membership = c2_alliance.memberships.get(unit__name="乙单位")
    alliance_services.membership_leave(
        user=c2_alliance.secretary, membership=membership, left_on=D(2026, 3, 15), reason="撤离辖区"
    )
    term = ChairTerm.objects.get(alliance=c2_alliance, starts_on=D(2026, 5, 1))
    assert term.chair_unit.name == "丙单位"


def test_only_the_alliance_managers_adjust_the_rotation(c2_alliance, alliances, clock):
    clock.set(2025, 10, 1)
    for user in (alliances.c1_secretary, alliances.city_office, alliances.unit_1_admin):
        with pytest.raises(PermissionDenied):
            rotation.chair_term_skip(user=user, alliance=c2_alliance, starts_on=D(2026, 2, 1), reason="x")
    assert not ChairTerm.objects.filter(alliance=c2_alliance).exists()
