"""Serializers of the vanguard co-cultivation's API (``volunteers.api``): what a dual report, a post and its
shifts, a claim and a service record look like, and the bodies of the writes. Related objects are limited to
what the requesting user may name (another answers "does not exist": a 400 with a field error); the rules
themselves are the services'."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import serializers

from accounts import scopes
from grids.models import Node
from liaoyuan.core import masking
from liaoyuan.core.api import ModelLabelsMixin
from liaoyuan.core.limits import field_limits
from organisations.models import PartyOrganisation
from people.models import Person
from units.models import MemberUnit
from volunteers import selectors
from volunteers.models import (
    Claim,
    DualReport,
    Eligibility,
    Post,
    PostCategory,
    ReportKind,
    ServiceRecord,
    Shift,
)


class ChoicesKeyField(serializers.PrimaryKeyRelatedField):
    """A related object among ``choices(user)`` (a selector); others answer "does not exist"."""

    def __init__(self, *, choices, model, **kwargs):
        self.choices_of = choices
        super().__init__(queryset=model.objects.all(), **kwargs)

    def get_queryset(self) -> QuerySet:
        request = self.context.get("request")
        if request is None:
            return self.queryset.none()
        return self.choices_of(request.user)


def _visible(model, base=None):
    return lambda user: scopes.visible(user, base if base is not None else model.objects.all())


def _shown_name(serializer, person: Person | None) -> str:
    """The person's name, whole when the requesting user sees the person's record, else masked (decided for
    the whole page at once: one query)."""
    if person is None:
        return ""
    parent = serializer.parent
    context = serializer.context
    if "_whole_people" not in context:
        rows = getattr(parent, "instance", None) if parent is not None else None
        objs = rows if rows is not None else [serializer.instance]
        ids = {obj.person_id for obj in objs if getattr(obj, "person_id", None)}
        request = context.get("request")
        context["_whole_people"] = (
            set(scopes.visible(request.user, Person.objects.filter(pk__in=ids)).values_list("pk", flat=True))
            if request is not None and ids
            else set()
        )
    return person.name if person.pk in context["_whole_people"] else masking.mask_name(person.name)


# --- dual reports -----------------------------------------------------------------------------------------


class DualReportSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    person_name = serializers.SerializerMethodField()
    organisation_name = serializers.CharField(source="organisation.name", read_only=True, default="")
    unit_name = serializers.CharField(source="unit.name", read_only=True, default="")
    community_name = serializers.CharField(source="community.name", read_only=True)
    grid_name = serializers.CharField(source="grid.name", read_only=True, default="")

    class Meta:
        model = DualReport
        fields = [
            "id",
            "kind",
            "kind_display",
            "person",
            "person_name",
            "organisation",
            "organisation_name",
            "unit",
            "unit_name",
            "community",
            "community_name",
            "grid",
            "grid_name",
            "status",
            "status_display",
            "reason",
            "created_at",
            "decided_at",
        ]
        read_only_fields = fields

    def get_person_name(self, obj) -> str:
        return _shown_name(self, obj.person)


class DualReportCreateSerializer(ModelLabelsMixin, serializers.Serializer):
    """A party member reports to the community they live in (``person``: oneself when left out; a unit's admin
    names a member of the unit), or a unit's admin reports the unit's party organisation (``organisation``)."""

    label_model = DualReport

    kind = serializers.ChoiceField(choices=ReportKind.choices, default=ReportKind.MEMBER)
    person = ChoicesKeyField(
        choices=lambda user: selectors.acting_for(user=user), model=Person, required=False, allow_null=True
    )
    community = ChoicesKeyField(
        choices=lambda user: selectors.communities(), model=Node, required=False, allow_null=True
    )
    organisation = ChoicesKeyField(
        choices=_visible(PartyOrganisation), model=PartyOrganisation, required=False, allow_null=True
    )


class DualReportBatchSerializer(ModelLabelsMixin, serializers.Serializer):
    """A unit's admin reports several of the unit's party members to one community at once."""

    label_model = DualReport

    unit = ChoicesKeyField(choices=_visible(MemberUnit), model=MemberUnit)
    community = ChoicesKeyField(choices=lambda user: selectors.communities(), model=Node)
    people = serializers.ListField(
        child=ChoicesKeyField(choices=lambda user: selectors.unit_party_members(user=user), model=Person),
        min_length=1,
        max_length=200,
    )


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


# --- posts and shifts -------------------------------------------------------------------------------------


class ShiftSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    """A shift; its check-in code only for those who run the post (``context["manages"]``)."""

    places_left = serializers.IntegerField(read_only=True)
    hours = serializers.FloatField(read_only=True)
    code = serializers.SerializerMethodField()
    code_expires_at = serializers.SerializerMethodField()

    class Meta:
        model = Shift
        fields = [
            "id",
            "post",
            "starts_at",
            "ends_at",
            "hours",
            "capacity",
            "claimed",
            "places_left",
            "code",
            "code_expires_at",
        ]
        read_only_fields = fields

    def get_code(self, obj) -> str:
        return obj.code if self.context.get("manages") else ""

    def get_code_expires_at(self, obj) -> str | None:
        if not self.context.get("manages") or obj.code_expires_at is None:
            return None
        return serializers.DateTimeField().to_representation(obj.code_expires_at)


class ShiftsAddSerializer(ModelLabelsMixin, serializers.Serializer):
    """One shift, or ``count`` shifts repeating every ``repeat_days`` days."""

    label_model = Shift

    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    capacity = serializers.IntegerField(min_value=1, max_value=10_000)
    repeat_days = serializers.IntegerField(min_value=0, max_value=31, default=0)
    count = serializers.IntegerField(min_value=1, max_value=60, default=1)


class CodeSerializer(serializers.Serializer):
    shift = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class PostSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    eligibility_display = serializers.CharField(source="get_eligibility_display", read_only=True)
    node_name = serializers.CharField(source="node.name", read_only=True)
    team_name = serializers.CharField(source="team.name", read_only=True, default="")
    next_shift_at = serializers.DateTimeField(read_only=True, allow_null=True, default=None)
    places_left = serializers.IntegerField(read_only=True, default=0, help_text="Places left on the shifts to come.")

    class Meta:
        model = Post
        fields = [
            "id",
            "title",
            "category",
            "category_display",
            "node",
            "node_name",
            "place",
            "description",
            "eligibility",
            "eligibility_display",
            "is_emergency",
            "team",
            "team_name",
            "is_open",
            "next_shift_at",
            "places_left",
            "created_at",
        ]
        read_only_fields = fields


class PostCreateSerializer(ModelLabelsMixin, serializers.Serializer):
    label_model = Post

    node = ChoicesKeyField(choices=lambda user: selectors.post_nodes(user=user), model=Node)
    title = serializers.CharField(**field_limits(Post, "title"))
    category = serializers.ChoiceField(choices=PostCategory.choices)
    place = serializers.CharField(**field_limits(Post, "place"))
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    eligibility = serializers.ChoiceField(choices=Eligibility.choices, default=Eligibility.PARTY_MEMBERS)
    is_emergency = serializers.BooleanField(required=False, default=False)
    team = ChoicesKeyField(
        choices=lambda user: selectors.team_choices(user=user),
        model=PartyOrganisation,
        required=False,
        allow_null=True,
        default=None,
    )


# --- claims -----------------------------------------------------------------------------------------------


def _claimable_shifts(user) -> QuerySet[Shift]:
    return Shift.objects.filter(post__in=selectors.browsable_posts(user))


class ShiftClaimSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    person_name = serializers.SerializerMethodField()
    unit_name = serializers.CharField(source="unit.name", read_only=True, default="")
    post = serializers.IntegerField(source="shift.post_id", read_only=True)
    post_title = serializers.CharField(source="shift.post.title", read_only=True)
    starts_at = serializers.DateTimeField(source="shift.starts_at", read_only=True)
    ends_at = serializers.DateTimeField(source="shift.ends_at", read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "shift",
            "post",
            "post_title",
            "starts_at",
            "ends_at",
            "person",
            "person_name",
            "unit",
            "unit_name",
            "status",
            "status_display",
            "created_at",
            "withdrawn_at",
        ]
        read_only_fields = fields

    def get_person_name(self, obj) -> str:
        return _shown_name(self, obj.person)


class ShiftClaimCreateSerializer(ModelLabelsMixin, serializers.Serializer):
    """Claims a place on ``shift`` for ``person`` (oneself when left out; a unit's admin names a member)."""

    label_model = Claim

    shift = ChoicesKeyField(choices=_claimable_shifts, model=Shift)
    person = ChoicesKeyField(
        choices=lambda user: selectors.acting_for(user=user), model=Person, required=False, allow_null=True
    )


# --- service records --------------------------------------------------------------------------------------


class ServiceRecordSerializer(ModelLabelsMixin, serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    person_name = serializers.SerializerMethodField()
    community_name = serializers.CharField(source="community.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True, default="")
    post_title = serializers.CharField(source="shift.post.title", read_only=True, default="")

    class Meta:
        model = ServiceRecord
        fields = [
            "id",
            "kind",
            "kind_display",
            "person",
            "person_name",
            "shift",
            "post_title",
            "community",
            "community_name",
            "unit",
            "unit_name",
            "team",
            "served_on",
            "checked_in_at",
            "checked_out_at",
            "hours",
            "status",
            "status_display",
            "note",
            "created_at",
            "decided_at",
        ]
        read_only_fields = fields

    def get_person_name(self, obj) -> str:
        return _shown_name(self, obj.person)


class CheckSerializer(ModelLabelsMixin, serializers.Serializer):
    """The organiser's 6-digit code; ``shift`` may be left out (the shift one holds a place on with this
    code); ``person``: oneself when left out."""

    label_model = ServiceRecord

    code = serializers.RegexField(r"^\s*\d{6}\s*$", max_length=12)
    shift = ChoicesKeyField(choices=_claimable_shifts, model=Shift, required=False, allow_null=True, default=None)
    person = ChoicesKeyField(
        choices=lambda user: selectors.acting_for(user=user), model=Person, required=False, allow_null=True
    )


class DeclareSerializer(ModelLabelsMixin, serializers.Serializer):
    """Hours entered afterwards by an organiser or the community: on a ``shift``, or in a ``community`` on a
    day (``served_on``)."""

    label_model = ServiceRecord

    person = ChoicesKeyField(choices=_visible(Person), model=Person)
    hours = serializers.DecimalField(max_digits=6, decimal_places=2)
    shift = ChoicesKeyField(
        choices=lambda user: scopes.visible(user, Shift.objects.all()),
        model=Shift,
        required=False,
        allow_null=True,
        default=None,
    )
    community = ChoicesKeyField(
        choices=lambda user: selectors.communities(), model=Node, required=False, allow_null=True, default=None
    )
    served_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class TotalsQuerySerializer(serializers.Serializer):
    group = serializers.ChoiceField(choices=[(g, g) for g in selectors.GROUPS], required=False, default="")
    start = serializers.DateField(required=False, allow_null=True, default=None)
    end = serializers.DateField(required=False, allow_null=True, default=None)


class TotalsSerializer(serializers.Serializer):
    """Person-times and hours, recorded and declared (approved) apart; ``key`` is the group's id."""

    key = serializers.IntegerField(allow_null=True)
    recorded_times = serializers.IntegerField()
    recorded_hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    declared_times = serializers.IntegerField()
    declared_hours = serializers.DecimalField(max_digits=12, decimal_places=2)
