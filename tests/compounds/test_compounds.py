"""Old compounds: recording one brings its five packages; a package marked done needs its day (a translated
error on the page, a 400 in the API, nothing stored); the red-heart arrangement keeps its rate between 0 and
100; each community sees and changes its own compounds; figures and the export count from the rows."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role
from compounds import selectors, services
from compounds.models import Compound, Package, PackageKind, PropertyService
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def people(city):
    class People:
        secretary = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)
        outsider = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c3)
        street = user_with_role(Role.STREET_SECRETARY, node=city.street_1)
        resident = user_with_role(Role.RESIDENT, person=city.resident_1)

    return People


@pytest.fixture
def compound(city, people):
    return services.compound_create(
        user=people.secretary, community=city.c1, name="东艺小区", buildings=12, households=640, built_year=1988
    )


def test_recording_a_compound_brings_its_five_packages_none_done(compound):
    kinds = [p.kind for p in selectors.packages(compound)]
    assert kinds == PackageKind.values
    assert not compound.packages.filter(is_done=True).exists()


def test_another_community_cannot_record_a_compound_here(city, people):
    with pytest.raises(PermissionDenied):
        services.compound_create(user=people.outsider, community=city.c1, name="x", buildings=1)


def test_a_package_marked_done_without_a_day_is_refused_and_nothing_changes(people, compound):
    package = compound.packages.get(kind=PackageKind.OWNERS_COMMITTEE)
    with pytest.raises(ValidationError) as refused:
        services.package_update(user=people.secretary, package=package, is_done=True)
    assert "done_on" in refused.value.message_dict
    package.refresh_from_db()
    assert (package.is_done, package.done_on) == (False, None)


def test_the_database_refuses_a_done_package_without_a_day(compound):
    with pytest.raises(IntegrityError), transaction.atomic():
        Package.objects.filter(compound=compound).update(is_done=True)


def test_a_package_done_in_the_future_is_refused(people, compound):
    package = compound.packages.first()
    with pytest.raises(ValidationError):
        services.package_update(
            user=people.secretary,
            package=package,
            is_done=True,
            done_on=timezone.localdate() + datetime.timedelta(days=2),
        )


def test_the_checklist_form_keeps_what_was_typed_and_says_why(client, people, compound):
    package = compound.packages.get(kind=PackageKind.FEE_STANDARD)
    client.force_login(people.secretary)
    prefix = f"p{package.pk}"
    response = client.post(
        f"/sharing/compounds/packages/{package.pk}/",
        {f"{prefix}-is_done": "on", f"{prefix}-responsible": "区住建局物业科", f"{prefix}-evidence": "公示照片"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Give the day it was done." in body and "区住建局物业科" in body
    assert not Package.objects.filter(is_done=True).exists()


def test_the_api_marks_a_package_done_or_answers_400(people, compound):
    client = api(people.secretary)
    url = f"/api/v1/compounds/{compound.pk}/package/"
    refused = client.post(url, {"kind": "fee_collection", "is_done": True}, format="json")
    assert refused.status_code == 400
    assert "done_on" in refused.data["error"]["fields"]
    done = client.post(
        url, {"kind": "fee_collection", "is_done": True, "done_on": YESTERDAY.isoformat()}, format="json"
    )
    assert done.status_code == 200
    assert compound.packages.get(kind="fee_collection").done_on == YESTERDAY


def test_a_collection_rate_over_100_is_a_400_and_nothing_is_stored(people, compound):
    response = api(people.secretary).post(
        f"/api/v1/compounds/{compound.pk}/property/", {"collection_rate": "120"}, format="json"
    )
    assert response.status_code == 400
    assert "collection_rate" in response.data["error"]["fields"]
    assert not PropertyService.objects.exists()
    with pytest.raises(ValidationError):
        services.property_set(user=people.secretary, compound=compound, collection_rate=101)


def test_each_community_sees_its_own_compounds_and_the_street_sees_them_all(people, compound):
    assert api(people.outsider).get(f"/api/v1/compounds/{compound.pk}/").status_code == 404
    assert api(people.resident).get("/api/v1/compounds/").data["results"] == []
    assert [row["name"] for row in api(people.street).get("/api/v1/compounds/").data["results"]] == ["东艺小区"]
    assert api(people.street).get(f"/api/v1/compounds/{compound.pk}/").data["packages"][0]["kind"] == "owners_committee"


def test_the_figures_count_compounds_buildings_households_and_those_with_all_five_done(city, people, compound):
    services.compound_create(user=people.secretary, community=city.c1, name="福镇小区", buildings=3, households=100)
    for package in compound.packages.all():
        services.package_update(user=people.secretary, package=package, is_done=True, done_on=YESTERDAY)
    figures = selectors.figures(user=people.street)
    assert (figures["compounds"], figures["buildings"], figures["households"], figures["five_packages_done"]) == (
        2,
        15,
        740,
        1,
    )
    assert selectors.figures(user=people.outsider)["compounds"] == 0


def test_the_export_lists_each_compound_with_its_packages_done(client, people, compound):
    package = compound.packages.first()
    services.package_update(user=people.secretary, package=package, is_done=True, done_on=YESTERDAY)
    services.property_set(user=people.secretary, compound=compound, property_company="红心物业", collection_rate=88)
    client.force_login(people.secretary)
    response = client.get("/sharing/compounds/export.csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2
    assert "东艺小区" in lines[1] and "1/5" in lines[1] and "红心物业" in lines[1]


def test_the_list_page_shows_the_figures_and_a_done_count_per_row(client, people, compound):
    client.force_login(people.secretary)
    response = client.get("/sharing/compounds/")
    assert response.status_code == 200
    [row] = response.context["page"].object_list
    assert row.packages_done == 0
    assert response.context["figures"]["households"] == 640


def test_a_duplicate_name_in_a_community_is_a_field_error(city, people, compound):
    with pytest.raises(ValidationError) as refused:
        services.compound_create(user=people.secretary, community=city.c1, name="东艺小区", buildings=1)
    assert "name" in refused.value.message_dict
    assert Compound.objects.count() == 1


def test_marking_a_compound_renovated_needs_the_day_and_nothing_changes_without_it(people, compound):
    with pytest.raises(ValidationError) as refused:
        services.compound_update(user=people.secretary, compound=compound, status=Compound.Status.DONE)
    assert "renovated_on" in refused.value.message_dict
    compound.refresh_from_db()
    assert compound.status == Compound.Status.PLANNED
    services.compound_update(user=people.secretary, compound=compound, status="done", renovated_on=YESTERDAY)
    compound.refresh_from_db()
    assert (compound.status, compound.renovated_on) == ("done", YESTERDAY)
    with pytest.raises(PermissionDenied):
        services.compound_update(user=people.outsider, compound=compound, households=1)
