"""The REST API, version 1. Each app contributes its viewsets here."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from accounts.api import ApiTokenViewSet, me, password_change
from alliances.api import register as register_alliances
from compounds.api import register as register_compounds
from grids.api import HouseholdViewSet, NodeViewSet
from ledgers.api import register as register_ledgers
from notifications.api import register as register_notifications
from organisations.api import register as register_organisations
from people.api import DutyViewSet, PersonViewSet
from reviews.api import register as register_reviews
from sharing.api import register as register_sharing
from units.api import MemberUnitViewSet
from volunteers.api import register as register_volunteers
from wishes.api import register as register_wishes

router = DefaultRouter()
router.register("nodes", NodeViewSet, basename="node")
router.register("households", HouseholdViewSet, basename="household")
router.register("units", MemberUnitViewSet, basename="unit")
router.register("people", PersonViewSet, basename="person")
router.register("duties", DutyViewSet, basename="duty")
register_organisations(router)
register_alliances(router)
register_ledgers(router)
router.register("tokens", ApiTokenViewSet, basename="token")
register_notifications(router)
register_reviews(router)
register_wishes(router)
register_sharing(router)
register_compounds(router)
register_volunteers(router)

urlpatterns = [
    path("me/", me, name="me"),
    path("me/password/", password_change, name="password_change"),
    *router.urls,
]
