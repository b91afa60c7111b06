"""Every label a person reads is translatable: the alliance models' relations, the API's help texts and the
calendar's event titles."""

import datetime

import pytest
from django.apps import apps
from django.utils.functional import Promise

from alliances.api import structure
from alliances.models import Activity
from alliances.services import calendar

pytestmark = pytest.mark.django_db


def test_every_relation_of_the_alliance_models_has_a_translated_label():
    unlabelled = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config("alliances").get_models()
        for field in model._meta.get_fields()
        if field.concrete and field.is_relation and not isinstance(field.verbose_name, Promise)
    ]
    assert unlabelled == []


@pytest.mark.parametrize(
    ("serializer", "field"),
    [
        (structure.TermSwapSerializer, "starts_on"),
        (structure.TermSwapSerializer, "other_starts_on"),
        (structure.TermSkipSerializer, "starts_on"),
        (structure.TermRescheduleSerializer, "starts_on"),
        (structure.MeetingWriteSerializer, "host_unit"),
    ],
)
def test_api_help_texts_are_translatable(serializer, field):
    assert isinstance(serializer().fields[field].help_text, Promise)


def test_activity_event_titles_go_through_the_catalogue(alliances, monkeypatch):
    monkeypatch.setattr(calendar, "_", lambda message: f"«{message}»")
    now = datetime.datetime.now(tz=datetime.UTC)
    Activity.objects.create(
        alliance=alliances.c1,
        kind=Activity.Kind.VOLUNTEER_SERVICE,
        title="清雪",
        starts_at=now + datetime.timedelta(days=2),
        place="广场",
    )
    feed = calendar.calendar_feed(user=alliances.c1_secretary, base_url="https://example.org").decode()
    assert "SUMMARY:«Volunteer service: 清雪»" in feed.replace("\r\n ", "")
