"""Matching resources to a need: proposals ranked, commitment lowering the remaining quantity, statuses."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ledgers.models import Category, Need, Resource
from ledgers.selectors.lists import proposals
from ledgers.services.needs import match_confirm, need_create, need_set_status, resource_create

pytestmark = pytest.mark.django_db
D = datetime.date


def _need(user, node, **kw):
    return need_create(
        user=user, node=node, title=kw.pop("title", "活动室"), category=kw.pop("category", "venue"), **kw
    )


def _resource(user, node, title, **kw):
    kw.setdefault("provider_name", "张师傅")
    return resource_create(
        user=user, node=node, title=title, category=kw.pop("category", "venue"), quantity=kw.pop("quantity", 5), **kw
    )


def test_proposals_rank_own_community_first_then_window_then_quantity(city, people):
    need = _need(people.c1, city.c1, needed_by=D(2100, 6, 1))
    street_big = _resource(people.street, city.street_1, "街道大礼堂", quantity=50)
    own = _resource(people.c1, city.c1, "社区活动室", quantity=2)
    sibling_short = _resource(people.c2, city.c2, "福镇会议室", quantity=9, available_until=D(2099, 1, 1))
    _resource(people.c1, city.c1, "资金", category="funds")  # another category
    _resource(people.c3, city.c3, "北寿活动室")  # another street
    _resource(people.c1, city.c1, "过期场地", available_until=D(2001, 1, 1))  # window over
    empty = _resource(people.c1, city.c1, "已满场地", quantity=1)
    match_confirm(user=people.c1, need=_need(people.c1, city.c1, title="另一个"), resource=empty, quantity=1)

    ranked = list(proposals(user=people.street, need=need))

    assert ranked == [own, street_big, sibling_short]


def test_proposals_only_show_resources_the_user_sees(city, people):
    need = _need(people.c1, city.c1)
    sibling = _resource(people.c2, city.c2, "福镇会议室")
    assert sibling not in proposals(user=people.c1, need=need)
    assert sibling in proposals(user=people.street, need=need)


def test_confirming_a_match_lowers_remaining_and_marks_need_matched(city, people):
    need = _need(people.c1, city.c1)
    resource = _resource(people.c1, city.c1, "活动室", quantity=5)

    match = match_confirm(user=people.c1, need=need, resource=resource, quantity=3)

    resource.refresh_from_db()
    need.refresh_from_db()
    assert resource.remaining == 2
    assert need.status == Need.Status.MATCHED
    assert match.confirmed_by == people.c1


def test_committing_more_than_remains_is_refused_and_writes_nothing(city, people):
    need = _need(people.c1, city.c1)
    resource = _resource(people.c1, city.c1, "活动室", quantity=2)

    with pytest.raises(ValidationError) as exc:
        match_confirm(user=people.c1, need=need, resource=resource, quantity=3)

    assert "quantity" in exc.value.message_dict
    resource.refresh_from_db()
    need.refresh_from_db()
    assert resource.remaining == 2
    assert need.status == Need.Status.OPEN
    assert not need.matches.exists()


def test_a_resource_of_another_category_or_street_cannot_be_matched(city, people):
    need = _need(people.c1, city.c1)
    funds = _resource(people.c1, city.c1, "资金", category=Category.FUNDS)
    far = _resource(people.c3, city.c3, "北寿活动室")
    with pytest.raises(ValidationError):
        match_confirm(user=people.c1, need=need, resource=funds)
    superuser_view = people.city_office  # sees everything but may change nothing
    with pytest.raises(PermissionDenied):
        match_confirm(user=superuser_view, need=need, resource=far)


def test_a_sibling_secretary_cannot_match_anothers_need(city, people):
    need = _need(people.c1, city.c1)
    resource = _resource(people.c2, city.c2, "福镇会议室")
    with pytest.raises(PermissionDenied):
        match_confirm(user=people.c2, need=need, resource=resource)
    assert Resource.objects.get(pk=resource.pk).remaining == 5


def test_a_met_need_cannot_be_matched_and_unmeetable_needs_a_reason(city, people):
    need = _need(people.c1, city.c1)
    with pytest.raises(ValidationError) as exc:
        need_set_status(user=people.c1, need=need, status=Need.Status.UNMEETABLE)
    assert "reason" in exc.value.message_dict
    need_set_status(user=people.c1, need=need, status=Need.Status.MET)
    resource = _resource(people.c1, city.c1, "活动室")
    with pytest.raises(ValidationError):
        match_confirm(user=people.c1, need=need, resource=resource)
    with pytest.raises(ValidationError) as exc:
        need_set_status(user=people.c1, need=need, status=Need.Status.OPEN)
    assert "status" in exc.value.message_dict


def test_database_refuses_a_remaining_quantity_below_zero(city, people):
    from django.db import IntegrityError, transaction

    resource = _resource(people.c1, city.c1, "活动室", quantity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Resource.objects.filter(pk=resource.pk).update(remaining=-1)


def test_an_accepted_wish_becomes_one_need_of_its_community(city):
    from types import SimpleNamespace

    from ledgers.services import need_from_wish

    wish = SimpleNamespace(community_id=city.c1.pk, title="帮独居老人买菜", tracking_code="W12345")
    need = need_from_wish(wish=wish)
    assert (need.node, need.source, need.source_ref, need.status) == (city.c1, "resident_wish", "W12345", "open")
    assert need_from_wish(wish=wish) == need  # accepted again (a retry): still one need
    assert Need.objects.count() == 1


def test_a_phone_typed_into_a_wish_does_not_reach_the_needs_list(city):
    from types import SimpleNamespace

    from ledgers.services import need_from_wish

    wish = SimpleNamespace(community_id=city.c1.pk, title="修水管 请打13912345678", tracking_code="W22222")
    assert need_from_wish(wish=wish).title == "修水管 请打139****5678"
