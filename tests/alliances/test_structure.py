"""The alliance structure: setting it up (one per street or community), its rules file, members joining
and leaving with history, the big party committee, and specialised committees."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from alliances.models import Alliance, Committee, Membership
from alliances.services import alliances as services
from tests.factories import MemberUnitFactory, UserFactory, child

pytestmark = pytest.mark.django_db

D = datetime.date


def pdf(name="议事规则.pdf", size=None) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n" + (b"0" * (size - 9) if size else b"rules")
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def create(user, node, **fields) -> Alliance:
    values = {
        "name": f"{node.name}党建联合体",
        "founded_on": D(2025, 1, 1),
        "rotation_starts_on": D(2025, 1, 1),
    }
    values.update(fields)
    return services.alliance_create(user=user, node=node, **values)


def test_community_secretary_sets_up_the_alliance_of_their_community(city, alliances):
    alliance = create(alliances.c2_secretary, city.c2, brand="福满家园", rules_file=pdf())
    assert alliance.node == city.c2 and alliance.brand == "福满家园"
    assert alliance.rules_file.read().startswith(b"%PDF")


def test_one_alliance_per_street_or_community(city, alliances):
    with pytest.raises(ValidationError) as exc:
        create(alliances.c1_secretary, city.c1)
    assert "already has an alliance" in exc.value.message_dict["node"][0]


def test_an_alliance_belongs_to_a_street_or_community_only(city, alliances):
    with pytest.raises(ValidationError) as exc:
        create(alliances.c1_secretary, city.grid_1)
    assert "node" in exc.value.message_dict


def test_secretary_cannot_set_up_the_neighbours_alliance(city, alliances):
    for user in (alliances.c1_secretary, alliances.city_office, alliances.unit_1_admin):
        with pytest.raises(PermissionDenied):
            create(user, city.c2)
    assert not Alliance.objects.filter(node=city.c2).exists()
    assert create(alliances.street_secretary, city.street_1).node == city.street_1  # the street's own


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("rules.exe", b"MZ..."), "as a PDF, Word"),
        (pdf(size=10 * 1024 * 1024 + 1), "at most 10 MB"),
        (SimpleUploadedFile("rules.docx", b"%PDF-1.4 renamed"), "not a real .docx"),
    ],
)
def test_rules_file_must_be_a_small_document(city, alliances, upload, message):
    with pytest.raises(ValidationError) as exc:
        services.alliance_update(user=alliances.c1_secretary, alliance=alliances.c1, rules_file=upload)
    assert message in exc.value.message_dict["rules_file"][0]
    alliances.c1.refresh_from_db()
    assert not alliances.c1.rules_file


def test_unit_admin_cannot_edit_the_alliance_of_its_unit(alliances):
    with pytest.raises(PermissionDenied):
        services.alliance_update(user=alliances.unit_1_admin, alliance=alliances.c1, brand="改名")
    alliances.c1.refresh_from_db()
    assert alliances.c1.brand == ""


def test_a_unit_joins_with_its_party_leader_on_the_big_party_committee(city, alliances):
    unit = MemberUnitFactory(location=city.c1, party_secretary="赵书记")
    membership = services.membership_join(
        user=alliances.c1_secretary, alliance=alliances.c1, unit=unit, joined_on=D(2025, 3, 1), chair_position=3
    )
    assert membership.committee_member == "赵书记" and membership.is_current
    assert membership.chair_position == 3


def test_joining_refuses_a_taken_place_a_current_member_and_a_far_unit(city, alliances):
    unit = MemberUnitFactory(location=city.c1, party_secretary="赵书记")
    with pytest.raises(ValidationError) as exc:
        services.membership_join(
            user=alliances.c1_secretary, alliance=alliances.c1, unit=unit, joined_on=D(2025, 3, 1), chair_position=2
        )
    assert "already taken" in exc.value.message_dict["chair_position"][0]
    with pytest.raises(ValidationError) as exc:
        services.membership_join(
            user=alliances.c1_secretary, alliance=alliances.c1, unit=city.unit_1, joined_on=D(2025, 3, 1)
        )
    assert "already a member" in exc.value.message_dict["unit"][0]
    other_district_community = child(child(city.district_b, "street"), "community")
    far_unit = MemberUnitFactory(location=other_district_community, party_secretary="钱书记")
    with pytest.raises(ValidationError) as exc:
        services.membership_join(
            user=UserFactory(is_superuser=True), alliance=alliances.c1, unit=far_unit, joined_on=D(2025, 3, 1)
        )
    assert "not an active unit that this alliance accepts" in exc.value.message_dict["unit"][0]
    with pytest.raises(ValidationError) as exc:
        services.membership_join(
            user=alliances.c1_secretary, alliance=alliances.c1, unit=far_unit, joined_on=D(2025, 3, 1)
        )
    assert exc.value.message_dict == {"unit": ["No such unit."]}  # out of the secretary's sight: not named


def test_leaving_keeps_history_and_a_unit_may_rejoin_later(city, alliances):
    membership = alliances.c1.memberships.get(unit=city.unit_2)
    committee = services.committee_create(
        user=alliances.c1_secretary, alliance=alliances.c1, kind="aid", name="帮扶专委", units=[city.unit_2]
    )
    services.membership_leave(user=alliances.c1_secretary, membership=membership, left_on=D(2025, 6, 30), reason="搬迁")
    membership.refresh_from_db()
    assert membership.left_on == D(2025, 6, 30) and membership.leave_reason == "搬迁"
    assert list(committee.units.all()) == []
    with pytest.raises(ValidationError) as exc:
        services.membership_join(
            user=alliances.c1_secretary, alliance=alliances.c1, unit=city.unit_2, joined_on=D(2025, 6, 1)
        )
    assert "joined_on" in exc.value.message_dict
    again = services.membership_join(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        unit=city.unit_2,
        joined_on=D(2026, 1, 1),
        committee_member="孙委员",
    )
    assert Membership.objects.filter(alliance=alliances.c1, unit=city.unit_2).count() == 2
    assert again.is_current


def test_leaving_needs_a_reason_and_a_date_after_joining(city, alliances):
    membership = alliances.c1.memberships.get(unit=city.unit_1)
    with pytest.raises(ValidationError) as exc:
        services.membership_leave(user=alliances.c1_secretary, membership=membership, left_on=D(2025, 1, 1), reason="")
    assert "leave_reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.membership_leave(user=alliances.c1_secretary, membership=membership, left_on=D(2019, 1, 1), reason="x")
    assert "left_on" in exc.value.message_dict


def test_unit_admin_cannot_manage_memberships(city, alliances):
    membership = alliances.c1.memberships.get(unit=city.unit_1)
    with pytest.raises(PermissionDenied):
        services.membership_leave(user=alliances.unit_1_admin, membership=membership, left_on=D(2025, 1, 2), reason="x")
    with pytest.raises(PermissionDenied):
        services.membership_update(
            user=alliances.unit_1_admin, membership=membership, committee_member="我", chair_position=9
        )


def test_committees_hold_only_current_members(city, alliances):
    with pytest.raises(ValidationError) as exc:
        services.committee_create(
            user=alliances.c1_secretary, alliance=alliances.c1, kind="civility", name="文明专委", units=[city.unit_3]
        )
    assert "units" in exc.value.message_dict
    committee = services.committee_create(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        kind="city_management",
        name="城管专委",
        units=[city.unit_1, city.unit_2],
    )
    with pytest.raises(ValidationError):
        services.committee_create(
            user=alliances.c1_secretary, alliance=alliances.c1, kind="other", name="城管专委", units=[]
        )
    services.committee_update(
        user=alliances.c1_secretary, committee=committee, kind="governance", name="综治专委", units=[city.unit_1]
    )
    committee.refresh_from_db()
    assert committee.kind == Committee.Kind.GOVERNANCE and list(committee.units.all()) == [city.unit_1]
    with pytest.raises(PermissionDenied):
        services.committee_delete(user=alliances.c2_secretary, committee=committee)
    services.committee_delete(user=alliances.c1_secretary, committee=committee)
    assert not Committee.objects.exists()


def test_only_node_managers_may_set_up_alliances_and_only_where_none_is(city, alliances):
    from alliances.selectors import alliances as selectors

    assert services.can_create_alliance(alliances.c1_secretary) and services.can_create_alliance(
        alliances.street_secretary
    )
    for user in (alliances.unit_1_admin, alliances.city_office):
        assert not services.can_create_alliance(user)
        assert not selectors.creatable_nodes(user=user).exists()
    assert list(selectors.creatable_nodes(user=alliances.street_secretary)) == [city.street_1, city.c2]
    assert list(selectors.creatable_nodes(user=alliances.c2_secretary)) == [city.c2]
