"""A resident books the reading room on its open day on a phone, choosing a free slot of the week view; the
community's secretary approves it on the bookings list; the resident sees it approved."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from sharing.models import Booking, OpenDay, Venue
from tests.browser.conftest import PASSWORD
from tests.factories import user_with_role


@pytest.mark.django_db(transaction=True)
def test_a_resident_books_the_reading_room_on_an_open_day_and_the_owner_approves(screens, city):
    owner = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)
    resident = user_with_role(Role.RESIDENT, person=city.resident_1)
    venue = Venue.objects.create(
        community=city.c1, name="东艺社区共享书屋", kind=Venue.Kind.READING_ROOM, area_m2=120, capacity=20
    )
    for user in (owner, resident):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    day = timezone.localdate() + datetime.timedelta(days=7)
    OpenDay.objects.create(venue=venue, day=day, note="居民开放日")

    screen = screens("resident")
    page = screen.page
    screen.sign_in(resident.username)
    screen.menu("nav a[href='/sharing/']")
    assert venue.name in page.inner_text("main")
    screen.shot("venues")
    screen.go(f"/sharing/venues/{venue.pk}/?week={day.isoformat()}")
    screen.shot("week")
    with page.expect_navigation():
        page.click(f"a.slot[href*='day={day.isoformat()}'][href*='at=10:30']")
    page.fill("input[name=ends]", "11:30")
    page.fill("input[name=purpose]", "亲子阅读")
    page.fill("input[name=attendees]", "2")
    screen.shot("booking-form")
    screen.submit(f"form[action='/sharing/venues/{venue.pk}/book/']")
    booking = Booking.objects.get()
    assert (booking.booker, booking.status) == (resident, Booking.Status.PENDING)
    assert timezone.localtime(booking.starts_at).strftime("%H:%M") == "10:30"
    screen.shot("my-bookings")

    desk = screens("owner")
    desk.sign_in(owner.username)
    desk.go("/sharing/bookings/")
    desk.shot("to-approve")
    with desk.page.expect_navigation():
        desk.page.click(f"form[action='/sharing/bookings/{booking.pk}/decide/'] button[value=approved]")
    assert Booking.objects.get().status == Booking.Status.APPROVED

    screen.go("/sharing/bookings/")
    assert "已批准" in page.inner_text("main")
    screen.shot("approved")
