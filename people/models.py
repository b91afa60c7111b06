"""People: residents, party members, the five chiefs, first secretaries and community workers."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grids.models import NODE_MANAGER_ROLES, Household, Node
from liaoyuan.core.models import TimeStampedModel, choices_constraint, date_window_constraint
from liaoyuan.core.scoping import ScopeRule
from liaoyuan.core.validators import (
    EARLIEST_BIRTH_DATE,
    EARLIEST_DAY,
    LATEST_DAY,
    validate_birth_date,
    validate_china_phone,
    validate_past_record_day,
    validate_record_day,
    validate_resident_id,
)
from units.models import MemberUnit


class PersonGender(models.TextChoices):
    MALE = "m", _("Male")
    FEMALE = "f", _("Female")


class PartyStatusChoices(models.TextChoices):
    NONE = "none", _("Not a party member")
    IN_SERVICE = "in_service", _("In service at a unit")
    FLOATING = "floating", _("Floating")
    RETIRED = "retired", _("Retired")
    COMMUNITY = "community", _("Community party member")


class Person(TimeStampedModel):
    Gender = PersonGender
    PartyStatus = PartyStatusChoices

    name = models.CharField(_("full name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True, validators=[validate_birth_date])
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_china_phone])
    id_number = models.CharField(_("identity number"), max_length=18, blank=True, validators=[validate_resident_id])
    node = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("lives in"),
        help_text=_("The community, or the stairwell unit of the household."),
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("household"),
    )
    party_status = models.CharField(
        _("party membership"), max_length=16, choices=PartyStatus.choices, default=PartyStatus.NONE
    )
    work_unit = models.ForeignKey(
        MemberUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="party_members",
        verbose_name=_("work unit"),
    )
    reported_on = models.DateField(
        _("reported to community on"),
        null=True,
        blank=True,
        validators=[validate_past_record_day],
        help_text=_("Dual reporting: the day an in-service party member registered with the community."),
    )

    scope_rule = ScopeRule(node="node", unit="work_unit", person="pk", write_roles=NODE_MANAGER_ROLES | {"chief"})

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            choices_constraint("gender", PersonGender, "people_person_gender_valid", allow_blank=True),
            choices_constraint("party_status", PartyStatusChoices, "people_person_party_status_valid"),
            models.UniqueConstraint(
                fields=["id_number"], condition=~models.Q(id_number=""), name="people_person_unique_id_number"
            ),
            date_window_constraint(["birth_date"], EARLIEST_BIRTH_DATE, LATEST_DAY, "people_person_birth_date_window"),
            date_window_constraint(["reported_on"], EARLIEST_DAY, LATEST_DAY, "people_person_reported_on_window"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:detail", args=[self.pk])

    @property
    def is_party_member(self) -> bool:
        return self.party_status != self.PartyStatus.NONE


class DutyKind(models.TextChoices):
    STREET_CHIEF = "street_chief", _("Street chief")
    LANE_CHIEF = "lane_chief", _("Road/lane chief")
    GRID_CHIEF = "grid_chief", _("Grid chief")
    BUILDING_CHIEF = "building_chief", _("Building chief")
    UNIT_CHIEF = "unit_chief", _("Stairwell unit chief")
    FIRST_SECRETARY = "first_secretary", _("First secretary")
    COMMUNITY_WORKER = "community_worker", _("Community worker")


class DutyEmployment(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")
    PART_TIME = "part_time", _("Part-time")


# Posts of which a node has several holders, one of them leading (a grid with a full-time and a
# part-time chief); a node has one serving first secretary.
CHIEF_KINDS = frozenset({"street_chief", "lane_chief", "grid_chief", "building_chief", "unit_chief"})


class Duty(TimeStampedModel):
    """A post a person holds at a node: one of the five chiefs, a first secretary, a community worker.

    A node may have several serving chiefs of one kind, each full-time or part-time; where there are
    several, one of them leads (``is_leader``, at most one per node and kind).
    """

    Kind = DutyKind
    Employment = DutyEmployment

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="duties", verbose_name=_("person"))
    kind = models.CharField(_("post"), max_length=20, choices=Kind.choices)
    node = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="duties", verbose_name=_("held at"))
    area = models.CharField(
        _("road or lane"),
        max_length=100,
        blank=True,
        help_text=_("For street and lane chiefs: the road they look after."),
    )
    employment = models.CharField(
        _("full-time or part-time"), max_length=10, choices=Employment.choices, default=Employment.PART_TIME
    )
    is_leader = models.BooleanField(
        _("leads the post's holders"),
        default=False,
        help_text=_("Where a node has several chiefs of a kind, the one who leads them."),
    )
    started_on = models.DateField(_("since"), validators=[validate_record_day])
    ended_on = models.DateField(_("until"), null=True, blank=True, validators=[validate_record_day])

    scope_rule = ScopeRule(node="node", person="person", write_roles=NODE_MANAGER_ROLES)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            choices_constraint("kind", DutyKind, "people_duty_kind_valid"),
            choices_constraint("employment", DutyEmployment, "people_duty_employment_valid"),
            # one serving first secretary per node; chiefs may be several, with one leader at most
            models.UniqueConstraint(
                fields=["node", "kind"],
                condition=models.Q(ended_on__isnull=True, kind="first_secretary"),
                name="people_duty_one_first_secretary_per_node",
            ),
            models.UniqueConstraint(
                fields=["node", "kind"],
                condition=models.Q(ended_on__isnull=True, is_leader=True),
                name="people_duty_one_serving_leader_per_node",
            ),
            # nobody holds the same post at a node twice at once
            models.UniqueConstraint(
                fields=["node", "kind", "person"],
                condition=models.Q(ended_on__isnull=True),
                name="people_duty_one_serving_post_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="people_duty_ends_after_start",
            ),
            date_window_constraint(["started_on", "ended_on"], EARLIEST_DAY, LATEST_DAY, "people_duty_dates_in_window"),
        ]
        indexes = [
            # tree browser: serving chiefs of the children of a node
            models.Index(fields=["node", "kind"], name="people_duty_node_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.person.name}"


class DutySummary(models.Model):
    """The serving posts of one kind in one node's whole subtree (itself included), counted ahead of reading
    (``people.summaries``): how many, full-time and part-time, and at how many nodes ("525 grid chiefs over
    521 grids"). Kept current by the appointing and ending services, rebuilt nightly from the records."""

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="duty_summaries", verbose_name=_("node"))
    kind = models.CharField(_("post"), max_length=20, choices=DutyKind.choices)
    serving = models.IntegerField(default=0)
    full_time = models.IntegerField(default=0)
    part_time = models.IntegerField(default=0)
    nodes = models.IntegerField(default=0)
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("posts summary")
        verbose_name_plural = _("posts summaries")
        constraints = [
            # one row per node and kind; the reader sums the rows of a user's few scope roots
            models.UniqueConstraint(fields=["node", "kind"], name="people_dutysummary_one_per_node_kind"),
            choices_constraint("kind", DutyKind, "people_dutysummary_kind_valid"),
        ]

    def __str__(self):
        return f"{self.node_id} {self.kind}"


# The node kind each post is held at.
DUTY_NODE_KINDS: dict[str, frozenset[str]] = {
    Duty.Kind.STREET_CHIEF: frozenset({Node.Kind.STREET, Node.Kind.TOWN, Node.Kind.COMMUNITY}),
    Duty.Kind.LANE_CHIEF: frozenset({Node.Kind.COMMUNITY}),
    Duty.Kind.GRID_CHIEF: frozenset({Node.Kind.GRID}),
    Duty.Kind.BUILDING_CHIEF: frozenset({Node.Kind.BUILDING}),
    Duty.Kind.UNIT_CHIEF: frozenset({Node.Kind.STAIRWELL}),
    Duty.Kind.FIRST_SECRETARY: frozenset({Node.Kind.STREET, Node.Kind.TOWN, Node.Kind.COMMUNITY}),
    Duty.Kind.COMMUNITY_WORKER: frozenset({Node.Kind.COMMUNITY}),
}


class PersonalDataAccess(models.Model):
    """A log line for each time someone saw a resident's personal data whole (PIPL)."""

    user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="personal_data_accesses", verbose_name=_("user")
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="accesses", verbose_name=_("person"))
    channel = models.CharField(_("channel"), max_length=16, help_text=_("web, api or admin"))
    at = models.DateTimeField(_("time"), auto_now_add=True)

    scope_rule = ScopeRule(node="person__node", write_roles=frozenset())

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        indexes = [
            # "who looked at this person's data", newest first
            models.Index(fields=["person", "-at"], name="people_access_person_at"),
        ]

    def __str__(self):
        return f"{self.user} → {self.person} ({self.at:%Y-%m-%d %H:%M})"
