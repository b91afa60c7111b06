"""The whole life of a wish through the services: submit, triage, dispatch, claim, progress, complete, rate,
reopen; the history and the SMS each change sends; what each person may do."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import scopes
from wishes.models import ContactView, Wish, WishEvent, WishMessage
from wishes.services import wishes as services

S = Wish.Status
pytestmark = pytest.mark.django_db


def statuses(wish):
    return list(WishEvent.objects.filter(wish=wish).values_list("status_to", flat=True))


def test_a_wish_from_a_stairwell_is_routed_to_its_community_and_grid(
    city, wishes, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        wish = wishes.submit(city, building=city.stairwell_1)
    assert (wish.community, wish.grid, wish.status) == (city.c1, city.grid_1, S.SUBMITTED)
    assert len(wish.tracking_code) == 8
    assert sms_outbox[-1]["to"] == "13912345678"
    assert wish.tracking_code in sms_outbox[-1]["text"]
    assert WishMessage.objects.get(event__wish=wish).status == "sent"


def test_a_wish_must_name_a_building_not_a_community(city, wishes):
    with pytest.raises(ValidationError) as exc:
        wishes.submit(city, building=city.c1)
    assert "building" in exc.value.message_dict


def test_a_bad_phone_is_a_field_error_and_nothing_is_stored(city, wishes):
    with pytest.raises(ValidationError) as exc:
        wishes.submit(city, contact_phone="12345")
    assert "contact_phone" in exc.value.message_dict
    assert not Wish.objects.exists()


def test_an_order_checks_the_answers_to_its_questions(city, wishes):
    with pytest.raises(ValidationError) as exc:
        wishes.submit(city, kind="order", item=wishes.meals, answers={"portions": "两份", "meal": "早餐"})
    assert set(exc.value.message_dict) == {"answers.portions", "answers.meal"}
    wish = wishes.submit(city, kind="order", item=wishes.meals, title="", answers={"portions": "2", "meal": "午餐"})
    assert (wish.title, wish.answers) == ("送餐上门", {"portions": "2", "meal": "午餐"})


def test_an_order_from_another_communitys_menu_is_refused(city, wishes):
    with pytest.raises(ValidationError) as exc:
        wishes.submit(city, building=city.stairwell_2, kind="order", item=wishes.meals, answers={"portions": "1"})
    assert "item" in exc.value.message_dict


def test_staff_enter_a_wish_on_behalf_only_in_their_scope(city, wishes):
    wish = wishes.submit(city, channel="home_visit", user=wishes.chief)
    assert (wish.channel, wish.submitted_by) == ("home_visit", wishes.chief)
    with pytest.raises(PermissionDenied):
        wishes.submit(city, channel="mailbox", user=wishes.neighbour)
    with pytest.raises(PermissionDenied):
        wishes.submit(city, channel="wechat")


def test_the_whole_life_submit_accept_dispatch_progress_complete_rate(
    city, wishes, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _whole_life(city, wishes)
    texts = [m["text"] for m in sms_outbox]
    assert len(texts) == 5  # every change but the resident's own rating
    assert (timezone.localdate() + datetime.timedelta(days=2)).isoformat() in texts[2]


def _whole_life(city, wishes):
    wish = wishes.submit(city)
    wish = services.wish_accept(user=wishes.secretary, wish=wish, note="已受理")
    promised = timezone.localdate() + datetime.timedelta(days=2)
    wish = services.wish_dispatch(
        user=wishes.worker, wish=wish, provider_kind="unit", provider_unit=city.unit_1, promised_on=promised
    )
    assert scopes.can_view(wishes.unit_admin, wish) and services.is_provider(wishes.unit_admin, wish)
    wish = services.wish_progress(user=wishes.unit_admin, wish=wish, note="已买好灯泡")
    wish = services.wish_complete(user=wishes.unit_admin, wish=wish, note="已换好")
    wish = services.wish_rate(wish=wish, rating=5, comment="很及时")
    wish.refresh_from_db()
    assert (wish.status, wish.rating, wish.rating_comment, wish.promised_on) == (S.RATED, 5, "很及时", promised)
    assert statuses(wish) == ["submitted", "accepted", "dispatched", "in_progress", "done", "rated"]


def test_decline_needs_a_reason_the_resident_is_told(city, wishes, sms_outbox, django_capture_on_commit_callbacks):
    wish = wishes.submit(city)
    with pytest.raises(ValidationError) as exc:
        services.wish_decline(user=wishes.secretary, wish=wish, reason="  ")
    assert "reason" in exc.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        wish = services.wish_decline(user=wishes.secretary, wish=wish, reason="不属于社区服务范围")
    assert Wish.objects.get(pk=wish.pk).reason == "不属于社区服务范围"
    assert "不属于社区服务范围" in sms_outbox[-1]["text"]


def test_a_duplicate_is_merged_into_a_wish_of_the_same_community(city, wishes):
    original = wishes.submit(city)
    elsewhere = wishes.submit(city, building=city.stairwell_2)
    duplicate = wishes.submit(city)
    with pytest.raises(ValidationError):
        services.wish_merge(user=wishes.secretary, wish=duplicate, original=elsewhere)
    services.wish_merge(user=wishes.secretary, wish=duplicate, original=original)
    assert Wish.objects.get(pk=duplicate.pk).duplicate_of == original


def test_a_transition_not_in_the_table_is_refused(city, wishes):
    wish = wishes.submit(city)
    with pytest.raises(ValidationError) as exc:
        services.wish_complete(user=wishes.secretary, wish=wish)
    assert "status" in exc.value.message_dict
    assert Wish.objects.get(pk=wish.pk).status == S.SUBMITTED


def test_a_stale_copy_cannot_change_a_wish_already_changed(city, wishes):
    wish = wishes.submit(city)
    stale = Wish.objects.get(pk=wish.pk)
    services.wish_decline(user=wishes.secretary, wish=wish, reason="重复")
    with pytest.raises(ValidationError):
        services.wish_accept(user=wishes.worker, wish=stale)
    assert Wish.objects.get(pk=wish.pk).status == S.DECLINED
    assert statuses(wish) == ["submitted", "declined"]


def test_only_the_communitys_staff_triage(city, wishes):
    wish = wishes.submit(city)
    for outsider in (wishes.neighbour, wishes.chief, wishes.unit_admin, wishes.city_office):
        with pytest.raises(PermissionDenied):
            services.wish_accept(user=outsider, wish=wish)
    services.wish_accept(user=wishes.street, wish=wish)  # the street above may


def test_a_unit_in_the_community_claims_an_accepted_wish(city, wishes):
    wish = wishes.accepted(city)
    with pytest.raises(PermissionDenied):
        services.wish_claim(user=wishes.other_unit_admin, wish=wish, promised_on=timezone.localdate())
    wish = services.wish_claim(user=wishes.unit_admin, wish=wish, promised_on=timezone.localdate())
    assert (wish.status, wish.provider_unit) == (S.CLAIMED, city.unit_1)
    with pytest.raises(ValidationError):
        services.wish_claim(user=wishes.member, wish=Wish.objects.get(pk=wish.pk), promised_on=timezone.localdate())


def test_a_party_member_living_there_claims_as_a_volunteer(city, wishes):
    wish = services.wish_claim(user=wishes.member, wish=wishes.accepted(city), promised_on=timezone.localdate())
    assert (wish.provider_kind, wish.provider_person) == ("volunteer", wishes.member.person)
    assert scopes.can_view(wishes.member, wish)
    services.wish_complete(user=wishes.member, wish=wish)


def test_two_claims_on_one_wish_give_it_to_one(city, wishes):
    wish = wishes.accepted(city)
    first, second = Wish.objects.get(pk=wish.pk), Wish.objects.get(pk=wish.pk)
    services.wish_claim(user=wishes.unit_admin, wish=first, promised_on=timezone.localdate())
    with pytest.raises(ValidationError):
        services.wish_claim(user=wishes.member, wish=second, promised_on=timezone.localdate())
    assert Wish.objects.get(pk=wish.pk).provider_unit == city.unit_1
    assert statuses(wish).count("claimed") == 1


def test_reopen_within_fourteen_days_clears_the_rating(city, wishes):
    wish = services.wish_complete(user=wishes.unit_admin, wish=wishes.dispatched(city))
    wish = services.wish_rate(wish=wish, rating=2)
    wish = services.wish_reopen(wish=wish, note="灯又坏了")
    assert (wish.status, wish.rating) == (S.REOPENED, None)
    wish = services.wish_dispatch(
        user=wishes.secretary,
        wish=wish,
        provider_kind="unit",
        provider_unit=city.unit_1,
        promised_on=timezone.localdate(),
    )
    assert wish.status == S.DISPATCHED


def test_reopen_after_fourteen_days_is_refused(city, wishes):
    wish = services.wish_complete(user=wishes.unit_admin, wish=wishes.dispatched(city))
    Wish.objects.filter(pk=wish.pk).update(done_at=timezone.now() - datetime.timedelta(days=15))
    wish.refresh_from_db()
    assert not services.may_reopen(wish)
    with pytest.raises(ValidationError):
        services.wish_reopen(wish=wish, note="还没修好")


def test_ratings_outside_one_to_five_are_refused(city, wishes):
    wish = services.wish_complete(user=wishes.unit_admin, wish=wishes.dispatched(city))
    for bad in (0, 6, "5"):
        with pytest.raises(ValidationError):
            services.wish_rate(wish=wish, rating=bad)


def test_the_database_refuses_a_rated_wish_without_rating(city, wishes):
    wish = wishes.submit(city)
    with pytest.raises(IntegrityError), transaction.atomic():
        Wish.objects.filter(pk=wish.pk).update(status=S.RATED)


def test_the_contact_is_whole_for_staff_and_the_provider_and_each_view_is_logged(city, wishes):
    wish = wishes.dispatched(city, door="302")
    assert services.wish_contact(user=wishes.secretary, wish=wish, channel="web")["contact_phone"] == "13912345678"
    assert services.wish_contact(user=wishes.unit_admin, wish=wish, channel="api")["door"] == "302"
    assert ContactView.objects.filter(wish=wish).count() == 2
    for outsider in (wishes.chief, wishes.neighbour, wishes.other_unit_admin):
        with pytest.raises(PermissionDenied):
            services.wish_contact(user=outsider, wish=wish, channel="web")
    done = services.wish_complete(user=wishes.unit_admin, wish=wish)
    with pytest.raises(PermissionDenied):  # the provider no longer, once it is done
        services.wish_contact(user=wishes.unit_admin, wish=done, channel="web")


def test_the_tracking_check_wants_the_last_four_digits(city, wishes):
    wish = wishes.submit(city)
    assert services.tracking_match(wish, "5678")
    assert not services.tracking_match(wish, "1234")
    assert not services.tracking_match(None, "0000")


def test_an_accepted_wish_enters_the_needs_list_once_without_contact(city, wishes):
    wish = wishes.accepted(city, contact_name="王小明")
    need = Wish.objects.get(pk=wish.pk).need
    assert (need.node, need.source, need.source_ref, need.title) == (
        city.c1,
        "resident_wish",
        wish.tracking_code,
        "帮忙换灯泡",
    )
    assert "13912345678" not in f"{need.title}{need.description}" and "王小明" not in need.description


def test_a_need_that_cannot_be_created_leaves_the_wish_submitted(city, wishes, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({"title": "no"})

    monkeypatch.setattr("wishes.hooks.need_from_wish", refuse)
    wish = wishes.submit(city)
    with pytest.raises(ValidationError):
        services.wish_accept(user=wishes.secretary, wish=wish)
    assert Wish.objects.get(pk=wish.pk).status == S.SUBMITTED
