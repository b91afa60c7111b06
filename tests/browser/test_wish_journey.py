"""A resident's wish in a real browser, at desktop size and on a phone: written on the public page without an
account, followed by its tracking code and the phone's last four digits, claimed and completed by a party
member volunteering in the community, and rated by the resident."""

import re

import pytest
from django.utils import timezone

from accounts.models import Role
from tests.browser.conftest import PASSWORD
from tests.factories import PersonFactory, user_with_role
from wishes.models import Wish
from wishes.services import wishes as services


@pytest.mark.django_db(transaction=True)
def test_a_resident_writes_follows_and_rates_a_wish_a_volunteer_completed(screens, city):
    secretary = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)
    volunteer_person = PersonFactory(household=city.household_1, name="赵志愿", party_status="community")
    volunteer = user_with_role(Role.PARTY_MEMBER, person=volunteer_person)
    volunteer.set_password(PASSWORD)
    volunteer.save(update_fields=["password"])

    # The resident finds the community and writes a wish, without an account.
    resident = screens("resident")
    resident.go("/wishes/")
    resident.page.fill("input[name=q]", "东艺")
    resident.submit("main form[role=search]")
    resident.page.click(f"a[href='/wishes/c/{city.c1.pk}/']")
    resident.shot("menu")
    resident.page.click(f"a[href='/wishes/c/{city.c1.pk}/new/']")
    resident.page.select_option("select[name=building]", str(city.building_1.pk))
    resident.page.fill("input[name=title]", "帮忙换楼道灯泡")
    resident.page.fill("input[name=contact_phone]", "13912345678")
    resident.shot("wish-form")
    resident.submit()
    wish = Wish.objects.get(title="帮忙换楼道灯泡")
    assert resident.page.inner_text("#tracking-code") == wish.tracking_code
    resident.shot("received")

    # The community accepts it; a party member living there claims it and marks it done.
    services.wish_accept(user=secretary, wish=wish)
    helper = screens("volunteer")
    helper.sign_in(volunteer.username)
    helper.go("/wishes/staff/claim/")
    helper.shot("open-to-claims")
    helper.page.click(f"a[href='/wishes/staff/{wish.pk}/claim/']")
    helper.page.fill("input[name=claim-promised_on]", timezone.localdate().isoformat())
    helper.submit()
    helper.shot("claimed")
    helper.page.fill("textarea[name=complete-note]", "已换好")
    helper.submit(f"main form[action='/wishes/staff/{wish.pk}/complete/']")
    wish.refresh_from_db()
    assert (wish.status, wish.provider_person) == ("done", volunteer_person)

    # Later, on another phone, the resident follows the wish by its code and rates it.
    later = screens("resident-later")
    later.go("/wishes/track/")
    later.page.fill("input[name=code]", wish.tracking_code.lower())
    later.page.fill("input[name=last_four]", "5678")
    later.submit()
    assert re.search(r"/wishes/track/\w+/$", later.page.url)
    later.shot("tracked")
    later.page.check("#rate-form input[name=rating][value='5']")
    later.page.fill("#rate-form textarea[name=comment]", "很及时，谢谢")
    later.submit("#rate-form")
    later.shot("rated")
    wish.refresh_from_db()
    assert (wish.status, wish.rating) == ("rated", 5)
