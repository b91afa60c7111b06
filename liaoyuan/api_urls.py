"""The REST API, version 1. Each app contributes its viewsets here."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from accounts.api import ApiTokenViewSet, me, password_change
from alliances.api import register as register_alliances
from grids.api import HouseholdViewSet, NodeViewSet
from people.api import DutyViewSet, PersonViewSet
from units.api import MemberUnitViewSet

router = DefaultRouter()
router.register("nodes", NodeViewSet, basename="node")
router.register("households", HouseholdViewSet, basename="household")
router.register("units", MemberUnitViewSet, basename="unit")
router.register("people", PersonViewSet, basename="person")
router.register("duties", DutyViewSet, basename="duty")
register_alliances(router)
router.register("tokens", ApiTokenViewSet, basename="token")

urlpatterns = [
    path("me/", me, name="me"),
    path("me/password/", password_change, name="password_change"),
    *router.urls,
]
