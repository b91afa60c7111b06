"""A booking awaiting approval reaches the venue's owners' inboxes (the community's staff, or the owner unit's
admins); their decision reaches the booker; a decided or cancelled booking's notice is marked done."""

import pytest

from accounts.models import Role
from notifications.models import Notification, Reminder
from sharing.duties import BOOKING_DECIDED, BOOKING_TO_DECIDE
from sharing.services import bookings as services
from tests.factories import user_with_role
from tests.sharing.test_bookings import book

pytestmark = pytest.mark.django_db


def inbox(user, kind) -> int:
    return Notification.objects.filter(recipient=user, reminder__kind=kind.key).count()


def test_a_pending_booking_goes_to_the_communitys_staff_and_the_decision_to_the_booker(sharing, city):
    worker = user_with_role(Role.COMMUNITY_WORKER, node=city.c1)
    booking = book(sharing, sharing.unit_admin, "09:00", "10:00")
    assert inbox(sharing.owner, BOOKING_TO_DECIDE) == inbox(worker, BOOKING_TO_DECIDE) == 1
    assert inbox(sharing.outsider, BOOKING_TO_DECIDE) == 0
    services.booking_decline(user=sharing.owner, booking=booking, reason="当天闭馆")
    assert inbox(sharing.unit_admin, BOOKING_DECIDED) == 1
    reminder = Reminder.objects.get(kind=BOOKING_TO_DECIDE.key)
    assert reminder.resolved_at is not None


def test_a_units_venue_tells_the_units_admins_not_the_community(sharing, city):
    sharing.venue.owner_unit = city.unit_1
    sharing.venue.save()
    book(sharing, sharing.owner, "09:00", "10:00")
    assert inbox(sharing.unit_admin, BOOKING_TO_DECIDE) == 1


def test_a_booking_confirmed_at_once_tells_nobody(sharing):
    sharing.venue.needs_approval = False
    sharing.venue.save()
    book(sharing, sharing.unit_admin, "09:00", "10:00")
    assert not Reminder.objects.filter(kind=BOOKING_TO_DECIDE.key).exists()


def test_cancelling_marks_the_owners_notice_done(sharing):
    booking = book(sharing, sharing.unit_admin, "09:00", "10:00")
    services.booking_cancel(user=sharing.unit_admin, booking=booking)
    assert Reminder.objects.get(kind=BOOKING_TO_DECIDE.key).resolved_at is not None
