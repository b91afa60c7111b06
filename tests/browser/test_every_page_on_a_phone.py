"""Every page of the menu, and the first record of each list, in the demo city as each office sees it: no
horizontal scroll and no column squeezed on a phone, no script error or refused script (CSP) anywhere."""

import io
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from accounts.demo import demo_password

SCALE = 0.03
ACCOUNTS = ("community", "street", "unit", "member", "resident")
LEFT_OUT = ("/logout/", "/admin/", "/api/", "/i18n/")  # not pages of the menu, or not for a browser tour


def _menu_links(page) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "nav a[href^='/'], .dropdown-menu a[href^='/']", "links => links.map(link => link.getAttribute('href'))"
    )
    return list(dict.fromkeys(h for h in hrefs if not h.startswith(LEFT_OUT) and h != "/"))


def _first_record(page) -> str | None:
    return page.eval_on_selector_all(
        "main table tbody tr td:first-child a[href^='/']",
        "links => links.length ? links[0].getAttribute('href') : null",
    )


def _filters_fold_on_a_phone(screen):
    """A list's filters take a phone's whole first screen: there they wait behind one button."""
    filters = screen.page.locator("form[data-filters]")
    if not filters.count():
        return
    if screen.viewport == "phone":
        assert not filters.first.is_visible(), "the filters are not folded on the phone"
        screen.page.click(".filters-toggle")
    assert filters.first.is_visible()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("account", ACCOUNTS)
def test_every_menu_page_and_its_first_record_fit_the_screen(screens, account):
    call_command("seed_demo", scale=SCALE, no_progress=True, stdout=io.StringIO(), stderr=io.StringIO())
    screen = screens(f"tour-{account}")
    screen.sign_in(account, demo_password())
    screen.shot("home")
    visited = 0
    for link in _menu_links(screen.page):
        response = screen.page.goto(screen.base_url + link)
        assert response.status < 400, f"{link} answered {response.status} to {account}"
        _filters_fold_on_a_phone(screen)
        screen.shot(urlsplit(link).path.strip("/").replace("/", "-") or "home")
        visited += 1
        record = _first_record(screen.page)
        if record:
            response = screen.page.goto(screen.base_url + record)
            assert response.status < 400, f"{record} answered {response.status} to {account}"
            screen.shot(urlsplit(record).path.strip("/").replace("/", "-"))
    assert visited >= 3, f"the menu of {account} offered only {visited} pages"
