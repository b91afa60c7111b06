"""Regional party-building alliances (区域化党建联合体): members, committees, the rotating chair, joint
meetings with their decisions and tracked problems, and the alliance's activities."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grids.models import Household, Node
from liaoyuan.core.files import GeneratedName
from liaoyuan.core.models import (
    LimitedTextField,
    TimeStampedModel,
    choices_constraint,
    date_window_constraint,
    text_length_constraint,
)
from liaoyuan.core.scoping import ScopeRule, current_members
from liaoyuan.core.validators import EARLIEST_DAY, LATEST_DAY, validate_record_day
from units.models import MemberUnit

# Bounds of what one alliance or meeting holds: far above any real one, far below what a column could take.
MAX_CHAIR_POSITION = 999  # places in the rotation order (the secretary's and the units')
MAX_AGENDA_ITEMS = 50  # agenda items of one joint meeting
MAX_DECISIONS = 50  # decisions recorded in one meeting's minutes
MAX_ATTENDANCE_ROWS = 500  # attendance lines (unit and person) of one meeting
MAX_PARTICIPANTS = 1_000_000  # participants of one activity
MAX_HOUSEHOLDS_VISITED = 100_000  # households visited in one activity
# The one name of the street or community party organisation wherever it chairs, hosts, organises or attends
# (the secretary takes part in the alliance as its party organisation).
PARTY_ORGANISATION = _("Street or community party organisation")

# Free text, in characters: enough for what each says, bounded so that no list or calendar feed swells.
SHORT_TEXT = 1_000  # a decision
TEXT = 2_000  # a description, a resolution, a progress note
LONG_TEXT = 20_000  # minutes, rules of procedure
# The database's bounds of event times: the day window, widened by a day for time zones.
EARLIEST_TIME = datetime.datetime.combine(EARLIEST_DAY - datetime.timedelta(days=1), datetime.time(), datetime.UTC)
LATEST_TIME = datetime.datetime.combine(LATEST_DAY + datetime.timedelta(days=2), datetime.time(), datetime.UTC)


class MembersFrom(models.TextChoices):
    """Which units an alliance accepts as members, by where they are located. Units located above the alliance
    (city-level units, and the district's or county's own) are accepted by every rule."""

    DISTRICT = "district", _("Units of its district or county, and city-level units")
    AREA = "area", _("Units of its own street or community, and units above it")


class Alliance(TimeStampedModel):
    """One alliance per street (or town) and per community."""

    MembersFrom = MembersFrom

    node = models.OneToOneField(
        Node,
        on_delete=models.PROTECT,
        related_name="alliance",
        verbose_name=_("street or community"),
        limit_choices_to={"kind__in": [Node.Kind.STREET, Node.Kind.TOWN, Node.Kind.COMMUNITY]},
    )
    name = models.CharField(_("name"), max_length=150)
    brand = models.CharField(_("brand"), max_length=100, blank=True, help_text=_("One brand for each community."))
    brand_description = LimitedTextField(_("about the brand"), blank=True, max_length=TEXT)
    rules_text = LimitedTextField(_("rules of procedure"), blank=True, max_length=LONG_TEXT)
    rules_file = models.FileField(
        _("rules of procedure (file)"), upload_to=GeneratedName("alliances/rules"), blank=True, max_length=200
    )
    founded_on = models.DateField(_("founded on"), validators=[validate_record_day])
    term_months = models.PositiveSmallIntegerField(
        _("chair term (months)"), default=3, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    rotation_starts_on = models.DateField(_("first chair term starts on"), validators=[validate_record_day])
    secretary_chair_position = models.PositiveSmallIntegerField(
        _("party organisation's place in the rotation"),
        default=0,
        validators=[MaxValueValidator(MAX_CHAIR_POSITION)],
        help_text=_("The street or community party organisation chairs in this place of the rotation order."),
    )
    four_ones_period_months = models.PositiveSmallIntegerField(
        _("“four ones” period (months)"), default=3, help_text=_("1, 3, 6 or 12.")
    )
    members_from = models.CharField(
        _("members from"),
        max_length=16,
        choices=MembersFrom.choices,
        default=MembersFrom.DISTRICT,
        help_text=_("Which units may join, by where they are located."),
    )

    scope_rule = ScopeRule(node="node", **current_members(""))

    class Meta:
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_months__gte=1, term_months__lte=12), name="alliances_alliance_term_months_range"
            ),
            models.CheckConstraint(
                condition=models.Q(four_ones_period_months__in=[1, 3, 6, 12]),
                name="alliances_alliance_four_ones_period_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(secretary_chair_position__lte=MAX_CHAIR_POSITION),
                name="alliances_alliance_secretary_position_range",
            ),
            choices_constraint("members_from", MembersFrom, "alliances_alliance_members_from_valid"),
            date_window_constraint(
                ["founded_on", "rotation_starts_on"], EARLIEST_DAY, LATEST_DAY, "alliances_alliance_dates_in_window"
            ),
            text_length_constraint(
                {"brand_description": TEXT, "rules_text": LONG_TEXT}, "alliances_alliance_text_lengths"
            ),
        ]
        indexes = [
            # the home page's first incomplete alliances by name: read along this order, stopping at the fifth,
            # rather than judging every alliance in the area and sorting them
            models.Index(fields=["name", "id"], name="alliances_alliance_by_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("alliances:detail", args=[self.pk])

    def rules_file_url(self) -> str:
        """Returns the URL of the rules file, served to those who may see the alliance ('' when none)."""
        return reverse("alliances:rules_file", args=[self.pk]) if self.rules_file else ""


class MembershipQuerySet(models.QuerySet):
    def on(self, day: datetime.date) -> "MembershipQuerySet":
        """Returns the memberships that cover ``day``: joined on or before it and not left by then
        (``left_on`` is the first day out). The one definition of "member on a day"; the rotation's pure
        computations use its in-memory twin ``alliances.services.rotation.is_member_on``."""
        return self.filter(models.Q(left_on__isnull=True) | models.Q(left_on__gt=day), joined_on__lte=day)


class Membership(TimeStampedModel):
    """A member unit's membership of an alliance; leaving keeps the row (history).

    A unit is a member on the days from ``joined_on`` (included) to ``left_on`` (excluded): ``left_on`` is the
    first day it is no longer a member, so a unit that leaves on day D is not a member on D — it hosts, attends
    and takes part in nothing of the alliance dated D or later, and terms starting then pass to the next in the
    rotation. ``Membership.objects.on(day)`` applies this rule in queries.
    """

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("alliance")
    )
    unit = models.ForeignKey(
        MemberUnit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("member unit")
    )
    joined_on = models.DateField(_("joined on"), validators=[validate_record_day])
    left_on = models.DateField(_("left on"), null=True, blank=True, validators=[validate_record_day])
    leave_reason = models.CharField(_("reason for leaving"), max_length=200, blank=True)
    committee_member = models.CharField(
        _("part-time committee member"),
        max_length=50,
        blank=True,
        help_text=_("The unit's party leader, who sits on the big party committee as a part-time member."),
    )
    chair_position = models.PositiveSmallIntegerField(
        _("place in the chair rotation"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_CHAIR_POSITION)],
        help_text=_("Empty: the unit does not chair."),
    )

    objects = MembershipQuerySet.as_manager()

    scope_rule = ScopeRule(node="alliance__node", **current_members("alliance__"))

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "unit"],
                condition=models.Q(left_on__isnull=True),
                name="alliances_membership_one_open_per_unit",
            ),
            models.UniqueConstraint(
                fields=["alliance", "chair_position"],
                condition=models.Q(left_on__isnull=True, chair_position__isnull=False),
                name="alliances_membership_unique_chair_position",
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("joined_on")),
                name="alliances_membership_leaves_after_joining",
            ),
            models.CheckConstraint(
                condition=models.Q(chair_position__isnull=True) | models.Q(chair_position__lte=MAX_CHAIR_POSITION),
                name="alliances_membership_chair_position_range",
            ),
            date_window_constraint(
                ["joined_on", "left_on"], EARLIEST_DAY, LATEST_DAY, "alliances_membership_dates_in_window"
            ),
        ]

    def __str__(self):
        return f"{self.unit} @ {self.alliance}"

    @property
    def is_current(self) -> bool:
        return self.left_on is None


class CommitteeKind(models.TextChoices):
    CITY_MANAGEMENT = "city_management", _("City management")
    GOVERNANCE = "governance", _("Comprehensive governance")
    CIVILITY = "civility", _("Civility")
    AID = "aid", _("Aid to those in difficulty")
    OTHER = "other", _("Other")


class Committee(TimeStampedModel):
    """A specialised committee (专委) of an alliance and the member units on it."""

    Kind = CommitteeKind

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="committees", verbose_name=_("alliance")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    units = models.ManyToManyField(MemberUnit, related_name="committees", blank=True, verbose_name=_("member units"))

    scope_rule = ScopeRule(node="alliance__node", **current_members("alliance__"))

    class Meta:
        verbose_name = _("specialised committee")
        verbose_name_plural = _("specialised committees")
        constraints = [
            choices_constraint("kind", CommitteeKind, "alliances_committee_kind_valid"),
            models.UniqueConstraint(fields=["alliance", "name"], name="alliances_committee_unique_name"),
        ]

    def __str__(self):
        return self.name


class ChairTerm(TimeStampedModel):
    """One term of the rotating chair. ``chair_unit`` empty: the street or community secretary chairs."""

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="chair_terms", verbose_name=_("alliance")
    )
    starts_on = models.DateField(_("starts on"), validators=[validate_record_day])
    ends_on = models.DateField(_("ends on"), validators=[validate_record_day])
    chair_unit = models.ForeignKey(
        MemberUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chair_terms",
        verbose_name=_("chair unit"),
    )
    adjustment_reason = models.CharField(
        _("reason for adjustment"), max_length=200, blank=True, help_text=_("Why this term was swapped or skipped.")
    )

    scope_rule = ScopeRule(node="alliance__node", **current_members("alliance__"))

    class Meta:
        verbose_name = _("chair term")
        verbose_name_plural = _("chair terms")
        ordering = ["alliance", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "starts_on"], name="alliances_chairterm_unique_start"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="alliances_chairterm_ends_after_start"
            ),
            date_window_constraint(
                ["starts_on", "ends_on"], EARLIEST_DAY, LATEST_DAY, "alliances_chairterm_dates_in_window"
            ),
        ]

    def __str__(self):
        return f"{self.alliance} {self.starts_on}–{self.ends_on}"


class AllianceEvent(TimeStampedModel):
    """What joint meetings and activities share: a title, a time, a place and who put it on the calendar."""

    title = models.CharField(_("title"), max_length=150)
    starts_at = models.DateTimeField(_("starts at"), validators=[validate_record_day])
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True, validators=[validate_record_day])
    place = models.CharField(_("place"), max_length=150)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=models.F("starts_at")),
                name="%(app_label)s_%(class)s_ends_after_start",
            ),
            date_window_constraint(
                ["starts_at", "ends_at"], EARLIEST_TIME, LATEST_TIME, "%(app_label)s_%(class)s_times_in_window"
            ),
        ]


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (awaiting the chair)")
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class JointMeeting(AllianceEvent):
    """A joint meeting (联席会议) of an alliance, hosted by the unit that chairs the term."""

    Status = MeetingStatus

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("alliance")
    )
    term = models.ForeignKey(
        ChairTerm, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings", verbose_name=_("term")
    )
    host_unit = models.ForeignKey(
        MemberUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name=_("host unit"),
        help_text=_("Empty: hosted by the street or community party organisation."),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    minutes = LimitedTextField(_("minutes"), blank=True, max_length=LONG_TEXT)
    minutes_recorded_at = models.DateTimeField(_("minutes recorded at"), null=True, blank=True)

    scope_rule = ScopeRule(node="alliance__node", unit_write="host_unit", **current_members("alliance__"))

    class Meta(AllianceEvent.Meta):
        verbose_name = _("joint meeting")
        verbose_name_plural = _("joint meetings")
        constraints = [
            *AllianceEvent.Meta.constraints,
            choices_constraint("status", MeetingStatus, "alliances_jointmeeting_status_valid"),
            text_length_constraint({"minutes": LONG_TEXT}, "alliances_jointmeeting_text_lengths"),
        ]
        indexes = [
            # an alliance's meetings by date; upcoming meetings for calendars
            models.Index(fields=["alliance", "starts_at"], name="alliances_meeting_alliance_at"),
            # "minutes overdue": held meetings without minutes
            models.Index(fields=["status", "starts_at"], name="alliances_meeting_status_at"),
            # the list's order, newest first: a page is read from the index
            models.Index(fields=["-starts_at", "-id"], name="alliances_meeting_newest"),
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("alliances:meeting", args=[self.pk])


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        JointMeeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("joint meeting")
    )
    position = models.PositiveSmallIntegerField(
        _("order"), validators=[MinValueValidator(1), MaxValueValidator(MAX_AGENDA_ITEMS)]
    )
    title = models.CharField(_("item"), max_length=200)

    scope_rule = ScopeRule(
        node="meeting__alliance__node", unit_write="meeting__host_unit", **current_members("meeting__alliance__")
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="alliances_agendaitem_unique_position"),
            models.CheckConstraint(
                condition=models.Q(position__gte=1, position__lte=MAX_AGENDA_ITEMS),
                name="alliances_agendaitem_position_range",
            ),
        ]

    def __str__(self):
        return self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")


class Attendance(models.Model):
    """Who attended a meeting, per unit and person. ``unit`` empty: the street or community party organisation."""

    Status = AttendanceStatus

    meeting = models.ForeignKey(
        JointMeeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("joint meeting")
    )
    unit = models.ForeignKey(
        MemberUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    attendee = models.CharField(_("attendee"), max_length=50)
    status = models.CharField(_("attendance"), max_length=8, choices=Status.choices, default=Status.PRESENT)
    absence_reason = models.CharField(_("reason for absence"), max_length=200, blank=True)

    scope_rule = ScopeRule(
        node="meeting__alliance__node", unit_write="meeting__host_unit", **current_members("meeting__alliance__")
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            choices_constraint("status", AttendanceStatus, "alliances_attendance_status_valid"),
            models.UniqueConstraint(fields=["meeting", "unit", "attendee"], name="alliances_attendance_unique_person"),
            models.CheckConstraint(
                condition=~models.Q(status="absent", absence_reason=""),
                name="alliances_attendance_absence_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.attendee} ({self.get_status_display()})"


class Decision(models.Model):
    meeting = models.ForeignKey(
        JointMeeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("joint meeting")
    )
    position = models.PositiveSmallIntegerField(
        _("order"), validators=[MinValueValidator(1), MaxValueValidator(MAX_DECISIONS)]
    )
    text = LimitedTextField(_("decision"), max_length=SHORT_TEXT)

    scope_rule = ScopeRule(
        node="meeting__alliance__node", unit_write="meeting__host_unit", **current_members("meeting__alliance__")
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="alliances_decision_unique_position"),
            models.CheckConstraint(
                condition=models.Q(position__gte=1, position__lte=MAX_DECISIONS),
                name="alliances_decision_position_range",
            ),
            text_length_constraint({"text": SHORT_TEXT}, "alliances_decision_text_lengths"),
        ]

    def __str__(self):
        return self.text[:50]


class ProblemCategory(models.TextChoices):
    OLD_COMPOUND = "old_compound", _("Old-compound renovation")
    ENVIRONMENT = "environment", _("Environment")
    WATER_HEATING = "water_heating", _("Water and heating supply")
    PARKING = "parking", _("Parking")
    PUBLIC_ORDER = "public_order", _("Public order")
    OTHER = "other", _("Other")


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    SOLVED = "solved", _("Solved")
    UNSOLVABLE = "unsolvable", _("Cannot be solved")


class Responsible(models.TextChoices):
    """Who answers for a tracked problem."""

    UNIT = "unit", _("A member unit")
    PARTY_ORGANISATION = "party_organisation", _("The street or community party organisation")
    DEPARTMENT = "department", _("A department that is not a member")


# The problems' list order: the open ones by deadline (so the overdue, past their deadline, come first; those
# without a deadline after), then the closed ones latest first. An index holds the same expressions, so that
# a page is read from it rather than sorting every problem in scope (no NULLS LAST: SQLite's indexes refuse it).
PROBLEM_ORDER = (
    models.Case(
        models.When(  # lookups in the order a migration writes them, so that the index equals its migration's
            deadline__isnull=False,
            status__in=[ProblemStatus.OPEN, ProblemStatus.IN_PROGRESS],
            then=models.F("deadline"),
        ),
        default=models.Value(datetime.date.max),
        output_field=models.DateField(),
    ).asc(),
    Coalesce(models.F("closed_on"), models.Value(datetime.date.min), output_field=models.DateField()).desc(),
    models.F("id").desc(),
)


class TrackedProblem(TimeStampedModel):
    """A residents' problem a joint meeting committed to solve, tracked until it is solved."""

    Category = ProblemCategory
    Status = ProblemStatus

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="problems", verbose_name=_("alliance")
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="problems", verbose_name=_("decision")
    )
    title = models.CharField(_("problem"), max_length=200)
    description = LimitedTextField(_("description"), blank=True, max_length=TEXT)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    # who answers for it: exactly one of a member unit, the street's or community's party organisation itself,
    # or a named department that is not a member (held by ``alliances_problem_one_responsible``)
    responsible_unit = models.ForeignKey(
        MemberUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="problems",
        verbose_name=_("responsible unit"),
    )
    responsible_organisation = models.ForeignKey(
        "organisations.PartyOrganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="problems",
        verbose_name=_("responsible party organisation"),
    )
    responsible_department = models.CharField(
        _("responsible department"),
        max_length=150,
        blank=True,
        help_text=_("A department that is not a member of the alliance, by name."),
    )
    deadline = models.DateField(_("deadline"), validators=[validate_record_day])
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    resolution = LimitedTextField(
        _("resolution"), blank=True, max_length=TEXT, help_text=_("How it was solved, or why it cannot be.")
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status changed by"),
    )

    # the alliance's area; the responsible unit's admins; the secretary of the responsible party organisation
    scope_rule = ScopeRule(
        node="alliance__node",
        unit="responsible_unit",
        unit_write="responsible_unit",
        person="responsible_organisation__secretary",
        person_writes=True,
    )

    class Meta:
        verbose_name = _("tracked problem")
        verbose_name_plural = _("tracked problems")
        constraints = [
            choices_constraint("category", ProblemCategory, "alliances_problem_category_valid"),
            choices_constraint("status", ProblemStatus, "alliances_problem_status_valid"),
            models.UniqueConstraint(
                fields=["decision"],
                condition=models.Q(decision__isnull=False),
                name="alliances_problem_one_per_decision",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["solved", "unsolvable"], resolution=""),
                name="alliances_problem_closed_has_resolution",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(responsible_unit__isnull=False, responsible_organisation__isnull=True)
                    & models.Q(responsible_department="")
                )
                | (
                    models.Q(responsible_unit__isnull=True, responsible_organisation__isnull=False)
                    & models.Q(responsible_department="")
                )
                | (
                    models.Q(responsible_unit__isnull=True, responsible_organisation__isnull=True)
                    & ~models.Q(responsible_department="")
                ),
                name="alliances_problem_one_responsible",
            ),
            date_window_constraint(
                ["deadline", "closed_on"], EARLIEST_DAY, LATEST_DAY, "alliances_problem_dates_in_window"
            ),
            text_length_constraint({"description": TEXT, "resolution": TEXT}, "alliances_problem_text_lengths"),
        ]
        indexes = [
            # overdue problems: open or in progress past their deadline
            models.Index(fields=["status", "deadline"], name="alliances_problem_status_due"),
            models.Index(*PROBLEM_ORDER, name="alliances_problem_list_order"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("alliances:problem", args=[self.pk])

    @property
    def responsible_kind(self) -> str:
        """Which kind of party answers for the problem (``Responsible``)."""
        if self.responsible_unit_id:
            return Responsible.UNIT
        if self.responsible_organisation_id:
            return Responsible.PARTY_ORGANISATION
        return Responsible.DEPARTMENT

    def get_responsible_kind_display(self) -> str:
        return str(Responsible(self.responsible_kind).label)

    @property
    def responsible_name(self) -> str:
        """The name of whoever answers for the problem (load ``responsible_unit`` and
        ``responsible_organisation`` with it)."""
        if self.responsible_unit_id:
            return self.responsible_unit.name
        if self.responsible_organisation_id:
            return self.responsible_organisation.name
        return self.responsible_department


class ProblemUpdate(models.Model):
    """A progress note on a problem, with the status change it made (if any): who, when, what."""

    problem = models.ForeignKey(
        TrackedProblem, on_delete=models.CASCADE, related_name="updates", verbose_name=_("tracked problem")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    note = LimitedTextField(_("note"), max_length=TEXT)
    status_from = models.CharField(_("status before"), max_length=12, choices=ProblemStatus.choices, blank=True)
    status_to = models.CharField(_("status after"), max_length=12, choices=ProblemStatus.choices, blank=True)

    scope_rule = ScopeRule(
        node="problem__alliance__node",
        unit="problem__responsible_unit",
        unit_write="problem__responsible_unit",
        person="problem__responsible_organisation__secretary",
        person_writes=True,
    )

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["problem", "at"]
        constraints = [text_length_constraint({"note": TEXT}, "alliances_problemupdate_text_lengths")]

    def __str__(self):
        return self.note[:50]


class ActivityKind(models.TextChoices):
    THEME_PARTY_DAY = "theme_party_day", _("Theme party day")
    VOLUNTEER_SERVICE = "volunteer_service", _("Volunteer service")
    VISIT = "visit", _("Visit to people in difficulty")
    PARTY_LECTURE = "party_lecture", _("Party lecture")
    PUBLIC_EVENT = "public_event", _("Public event")
    AID_DRIVE = "aid_drive", _("Aid drive")
    TRAINING = "training", _("Training")


class Activity(AllianceEvent):
    """An activity: a joint activity of an alliance, or one a party organisation runs on its own (a grid
    branch's theme party day, a temporary branch's emergency duty). It stands at ``node``: the alliance's
    street or community, or the organisation's node. The "four ones" count alliance activities only.

    Who took part is on record where known (``people``; ``households`` visited on a visit), with a typed
    count for those not named (``unnamed_participants``, ``unnamed_households``): person-times and households
    visited are the named rows plus that remainder."""

    Kind = ActivityKind

    alliance = models.ForeignKey(
        Alliance,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("alliance"),
    )
    organisation = models.ForeignKey(
        "organisations.PartyOrganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("party organisation"),
        help_text=_("For an activity without an alliance: the party organisation that ran it."),
    )
    node = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("held at"),
        help_text=_("The alliance's street or community, or the party organisation's place in the tree."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = LimitedTextField(_("description"), blank=True, max_length=TEXT)
    organiser_unit = models.ForeignKey(
        MemberUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organised_activities",
        verbose_name=_("organiser"),
        help_text=_("Empty: organised by the street or community party organisation."),
    )
    units = models.ManyToManyField(
        MemberUnit, related_name="activities", blank=True, verbose_name=_("participating units")
    )
    people = models.ManyToManyField(
        "people.Person",
        through="ActivityParticipant",
        related_name="activities",
        blank=True,
        verbose_name=_("named participants"),
    )
    unnamed_participants = models.PositiveIntegerField(
        _("participants not named"),
        default=0,
        validators=[MaxValueValidator(MAX_PARTICIPANTS)],
        help_text=_("Those who took part without being named one by one (a typed count)."),
    )
    households = models.ManyToManyField(
        Household,
        through="ActivityHousehold",
        related_name="activities",
        blank=True,
        verbose_name=_("households visited"),
    )
    unnamed_households = models.PositiveIntegerField(
        _("households visited, not named"),
        default=0,
        validators=[MaxValueValidator(MAX_HOUSEHOLDS_VISITED)],
        help_text=_("Visited households not chosen one by one (a typed count)."),
    )

    scope_rule = ScopeRule(node="node", unit_write="organiser_unit", **current_members("alliance__"))

    class Meta(AllianceEvent.Meta):
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            *AllianceEvent.Meta.constraints,
            choices_constraint("kind", ActivityKind, "alliances_activity_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(kind="visit") | models.Q(unnamed_households=0),
                name="alliances_activity_households_only_for_visits",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    unnamed_participants__lte=MAX_PARTICIPANTS, unnamed_households__lte=MAX_HOUSEHOLDS_VISITED
                ),
                name="alliances_activity_counts_range",
            ),
            # an alliance's activity, or a party organisation's own: one of the two, never both
            models.CheckConstraint(
                condition=models.Q(alliance__isnull=False, organisation__isnull=True)
                | models.Q(alliance__isnull=True, organisation__isnull=False),
                name="alliances_activity_alliance_or_organisation",
            ),
            text_length_constraint({"description": TEXT}, "alliances_activity_text_lengths"),
        ]
        indexes = [
            # an alliance's activities by date; "four ones" counts per kind and period
            models.Index(fields=["alliance", "kind", "starts_at"], name="alliances_activity_kind_at"),
            # the list, newest first: a page is an index scan, not a sort of every activity in scope
            models.Index(fields=["-starts_at", "-id"], name="alliances_activity_newest"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.node_id is None:  # it stands where its alliance or organisation does
            runner = self.alliance if self.alliance_id else self.organisation
            if runner is not None:
                self.node_id = runner.node_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("alliances:activity", args=[self.pk])

    @property
    def runner_name(self) -> str:
        """Whose activity it is: the alliance's name, or the party organisation's (load them with it)."""
        return self.alliance.name if self.alliance_id else self.organisation.name


class ActivityParticipant(models.Model):
    """A person named as having taken part in an activity (one row per person and activity)."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="participations", verbose_name=_("activity")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="participations", verbose_name=_("person")
    )

    scope_rule = ScopeRule(node="activity__node", **current_members("activity__alliance__"))

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="alliances_participant_once"),
        ]
        indexes = [
            # "distinct people" and a person's activities
            models.Index(fields=["person", "activity"], name="alliances_participant_person"),
        ]

    def __str__(self):
        return f"{self.activity_id} {self.person_id}"


class ActivityHousehold(models.Model):
    """A household visited on a visit to people in difficulty (one row per household and visit)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="visited", verbose_name=_("activity"))
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="visits", verbose_name=_("household")
    )

    scope_rule = ScopeRule(node="activity__node", **current_members("activity__alliance__"))

    class Meta:
        verbose_name = _("household visited")
        verbose_name_plural = _("households visited")
        constraints = [
            models.UniqueConstraint(fields=["activity", "household"], name="alliances_household_visited_once"),
        ]
        indexes = [
            # "distinct households visited" and a household's visits
            models.Index(fields=["household", "activity"], name="alliances_visit_household"),
        ]

    def __str__(self):
        return f"{self.activity_id} {self.household_id}"


class ActivityPhoto(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos", verbose_name=_("activity"))
    image = models.ImageField(_("photo"), upload_to=GeneratedName("activities"), max_length=200)
    caption = models.CharField(_("caption"), max_length=150, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    scope_rule = ScopeRule(
        node="activity__node",
        unit_write="activity__organiser_unit",
        **current_members("activity__alliance__"),
    )

    class Meta:
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")

    def __str__(self):
        return self.caption or self.image.name

    def get_absolute_url(self):
        """The photo itself, served to those who may see the activity."""
        return reverse("alliances:activity_photo", args=[self.activity_id, self.pk])


class CalendarFeed(models.Model):
    """A secret calendar link of one user: everything in the user's scope, or one alliance.

    Only a SHA-256 digest of the secret is stored, so a copy of the database does not reveal a live feed
    URL; the link is shown once, when it is made. Changing or resetting the password deletes the user's
    feeds.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds", verbose_name=_("user")
    )
    alliance = models.ForeignKey(
        Alliance,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feeds",
        verbose_name=_("alliance"),
        help_text=_("Empty: everything the user sees."),
    )
    digest = models.CharField(_("digest of the secret"), max_length=64, unique=True)  # the feed URL's lookup
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")
        indexes = [
            # "My account" lists the user's links
            models.Index(fields=["user", "created_at"], name="alliances_calfeed_user_idx"),
        ]

    def __str__(self):
        return f"{self.user} · {self.alliance or _('everything in scope')}"
