"""Affairs co-consultation (事务共商): the four lists a street or community keeps (needs, resources, projects,
responsibilities), the matches that commit a resource to a need, the change history of every list item, and
the secretaries' yearly projects (书记项目)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grids.models import NODE_MANAGER_ROLES, Node
from liaoyuan.core.models import (
    LimitedTextField,
    TimeStampedModel,
    choices_constraint,
    date_window_constraint,
    text_length_constraint,
)
from liaoyuan.core.scoping import ScopeRule
from liaoyuan.core.validators import EARLIEST_DAY, LATEST_DAY, validate_record_day
from units.models import MemberUnit

TEXT = 2_000  # a description, a result, a completion note
MAX_QUANTITY = 10_000_000  # of one resource or one match: far above any real one, far below a column's limit
MAX_PEOPLE = 1_000_000  # people affected by one need
MAX_BUDGET_DIGITS = 12  # yuan, two decimals: up to 9,999,999,999.99
LEDGER_NODE_KINDS = (Node.Kind.STREET, Node.Kind.TOWN, Node.Kind.COMMUNITY)
SECRETARY_NODE_KINDS = (
    Node.Kind.CITY,
    Node.Kind.DISTRICT,
    Node.Kind.COUNTY,
    Node.Kind.STREET,
    Node.Kind.TOWN,
    Node.Kind.COMMUNITY,
)


class Category(models.TextChoices):
    """What a need asks for and a resource offers: a need is matched to resources of its category."""

    VENUE = "venue", _("Venue")
    FUNDS = "funds", _("Funds")
    PEOPLE = "people", _("People and volunteers")
    SKILLS = "skills", _("Skills and expertise")
    EQUIPMENT = "equipment", _("Equipment and materials")
    INFORMATION = "information", _("Information")


class NeedSource(models.TextChoices):
    RESIDENT_WISH = "resident_wish", _("Resident's wish")
    HOME_VISIT = "home_visit", _("Home visit")
    MEETING_DECISION = "meeting_decision", _("Joint meeting decision")
    GRID_REPORT = "grid_report", _("Grid chief's report")
    OTHER = "other", _("Other")


class Urgency(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


URGENCY_RANK = {Urgency.URGENT: 0, Urgency.HIGH: 1, Urgency.NORMAL: 2, Urgency.LOW: 3}


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MATCHED = "matched", _("Matched")
    IN_PROJECT = "in_project", _("In a project")
    MET = "met", _("Met")
    UNMEETABLE = "unmeetable", _("Cannot be met")


# Needs still open to a match: what matching offers resources to, and what the list shows first.
MATCHABLE = frozenset({NeedStatus.OPEN, NeedStatus.MATCHED})

# The lists' orders. Each is also an index of the same expressions, so that a page is read from the index
# rather than sorting every row in scope.
NEED_ORDER = (  # open ones first, most urgent first, then by date needed
    models.Case(
        models.When(status__in=sorted(MATCHABLE), then=models.Value(0)),
        default=models.Value(1),
        output_field=models.IntegerField(),
    ),
    models.Case(
        *[models.When(urgency=value, then=models.Value(rank)) for value, rank in URGENCY_RANK.items()],
        default=models.Value(9),
        output_field=models.IntegerField(),
    ),
    models.F("needed_by"),
    models.F("id").desc(),
)
RESOURCE_ORDER = (  # those with something left first, newest first
    models.Case(
        models.When(remaining=0, then=models.Value(1)), default=models.Value(0), output_field=models.IntegerField()
    ),
    models.F("id").desc(),
)
RESPONSIBILITY_ORDER = (  # open ones by deadline, then completed ones
    models.Case(
        models.When(completed_on=None, then=models.Value(0)),
        default=models.Value(1),
        output_field=models.IntegerField(),
    ),
    models.F("deadline"),
    models.F("id").desc(),
)


def _ledger_node():
    return models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("street or community"),
        limit_choices_to={"kind__in": LEDGER_NODE_KINDS},
    )


class Need(TimeStampedModel):
    """A need of residents or of the community (需求清单)."""

    Source = NeedSource
    Status = NeedStatus

    node = _ledger_node()
    title = models.CharField(_("need"), max_length=200)
    description = LimitedTextField(_("description"), blank=True, max_length=TEXT)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.OTHER)
    decision = models.ForeignKey(
        "alliances.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("joint meeting decision"),
    )
    source_ref = models.CharField(
        _("source reference"),
        max_length=40,
        blank=True,
        help_text=_("The tracking code of the resident's wish the need came from."),
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    people_affected = models.PositiveIntegerField(_("people affected"), default=1)
    urgency = models.CharField(_("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    needed_by = models.DateField(_("needed by"), null=True, blank=True, validators=[validate_record_day])
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    unmet_reason = LimitedTextField(_("reason it cannot be met"), blank=True, max_length=TEXT)
    met_on = models.DateField(_("met on"), null=True, blank=True)

    scope_rule = ScopeRule(node="node")

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = [
            choices_constraint("source", NeedSource, "ledgers_need_source_valid"),
            # one need per wish: accepting a wish twice (a retry) does not list it twice
            models.UniqueConstraint(
                fields=["source", "source_ref"], condition=~models.Q(source_ref=""), name="ledgers_need_one_per_source"
            ),
            choices_constraint("category", Category, "ledgers_need_category_valid"),
            choices_constraint("urgency", Urgency, "ledgers_need_urgency_valid"),
            choices_constraint("status", NeedStatus, "ledgers_need_status_valid"),
            models.CheckConstraint(
                condition=models.Q(people_affected__gte=1, people_affected__lte=MAX_PEOPLE),
                name="ledgers_need_people_affected_bounds",
            ),
            # met on a day exactly when met; a need that cannot be met says why
            models.CheckConstraint(
                condition=models.Q(status="met", met_on__isnull=False)
                | (~models.Q(status="met") & models.Q(met_on=None)),
                name="ledgers_need_met_on_when_met",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="unmeetable", unmet_reason=""), name="ledgers_need_unmeetable_has_reason"
            ),
            date_window_constraint(["needed_by", "met_on"], EARLIEST_DAY, LATEST_DAY, "ledgers_need_dates_in_window"),
            text_length_constraint({"description": TEXT, "unmet_reason": TEXT}, "ledgers_need_text_lengths"),
        ]
        indexes = [
            # the list of a street's open needs, most urgent first; matching looks up by status and category
            models.Index(fields=["status", "category"], name="ledgers_need_status_category"),
            models.Index(*NEED_ORDER, name="ledgers_need_list_order"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ledgers:need", args=[self.pk])


class Resource(TimeStampedModel):
    """What a member unit or a person offers (资源清单): a quantity, committed to needs as they are matched,
    within an availability window."""

    node = _ledger_node()
    title = models.CharField(_("resource"), max_length=200)
    description = LimitedTextField(_("description"), blank=True, max_length=TEXT)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    provider_unit = models.ForeignKey(
        MemberUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_resources",
        verbose_name=_("provider unit"),
    )
    provider_name = models.CharField(
        _("provider"), max_length=100, blank=True, help_text=_("A person or body that is not a member unit.")
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    remaining = models.PositiveIntegerField(_("remaining"))
    measure = models.CharField(_("measured in"), max_length=20, blank=True, help_text=_("e.g. m², people, yuan, hours"))
    available_from = models.DateField(_("available from"), null=True, blank=True, validators=[validate_record_day])
    available_until = models.DateField(_("available until"), null=True, blank=True, validators=[validate_record_day])

    # a unit sees and offers its own resources; the street or community keeps the list
    scope_rule = ScopeRule(node="node", unit="provider_unit")

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            choices_constraint("category", Category, "ledgers_resource_category_valid"),
            # the remaining quantity never goes below zero nor above what was offered, even under
            # concurrent commitments (the services commit with a conditional UPDATE; this is the backstop)
            models.CheckConstraint(
                condition=models.Q(remaining__gte=0, remaining__lte=models.F("quantity"), quantity__lte=MAX_QUANTITY),
                name="ledgers_resource_remaining_bounds",
            ),
            # one provider: a member unit or a named person, not both, not neither
            models.CheckConstraint(
                condition=(models.Q(provider_unit__isnull=False) & models.Q(provider_name=""))
                | (models.Q(provider_unit__isnull=True) & ~models.Q(provider_name="")),
                name="ledgers_resource_one_provider",
            ),
            models.CheckConstraint(
                condition=models.Q(available_from=None)
                | models.Q(available_until=None)
                | models.Q(available_until__gte=models.F("available_from")),
                name="ledgers_resource_window_ordered",
            ),
            date_window_constraint(
                ["available_from", "available_until"], EARLIEST_DAY, LATEST_DAY, "ledgers_resource_dates_in_window"
            ),
            text_length_constraint({"description": TEXT}, "ledgers_resource_text_lengths"),
        ]
        indexes = [
            # matching: resources of a category with something left
            models.Index(fields=["category", "remaining"], name="ledgers_resource_category_left"),
            models.Index(*RESOURCE_ORDER, name="ledgers_resource_list_order"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ledgers:resource", args=[self.pk])

    @property
    def provider(self) -> str:
        return self.provider_unit.name if self.provider_unit_id else self.provider_name


class Match(models.Model):
    """A quantity of a resource committed to a need, confirmed by a secretary."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="matches", verbose_name=_("need"))
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="matches", verbose_name=_("resource"))
    quantity = models.PositiveIntegerField(_("quantity"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("confirmed by")
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)

    scope_rule = ScopeRule(node="need__node")

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1, quantity__lte=MAX_QUANTITY), name="ledgers_match_quantity_bounds"
            ),
        ]

    def __str__(self):
        return f"{self.need} ← {self.resource} × {self.quantity}"


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


def _one_owner(unit: str, person: str, name: str) -> models.CheckConstraint:
    """Exactly one of a member unit (field ``unit``) and a named person (field ``person``)."""
    return models.CheckConstraint(
        condition=(models.Q(**{f"{unit}__isnull": False}) & models.Q(**{person: ""}))
        | (models.Q(**{f"{unit}__isnull": True}) & ~models.Q(**{person: ""})),
        name=name,
    )


class Project(TimeStampedModel):
    """A project (项目清单) answering one or more needs with one or more resources, owned by a unit or a
    person, with a budget and milestones."""

    Status = ProjectStatus

    node = _ledger_node()
    title = models.CharField(_("project"), max_length=200)
    description = LimitedTextField(_("description"), blank=True, max_length=TEXT)
    owner_unit = models.ForeignKey(
        MemberUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_projects",
        verbose_name=_("owner unit"),
    )
    owner_name = models.CharField(_("owner"), max_length=100, blank=True, help_text=_("When not a member unit."))
    budget = models.DecimalField(_("budget (yuan)"), max_digits=MAX_BUDGET_DIGITS, decimal_places=2, default=0)
    starts_on = models.DateField(_("starts on"), null=True, blank=True, validators=[validate_record_day])
    ends_on = models.DateField(_("ends on"), null=True, blank=True, validators=[validate_record_day])
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    results = LimitedTextField(_("results"), blank=True, max_length=TEXT)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    needs = models.ManyToManyField(Need, blank=True, related_name="projects", verbose_name=_("needs"))
    resources = models.ManyToManyField(Resource, blank=True, related_name="projects", verbose_name=_("resources"))

    scope_rule = ScopeRule(node="node", unit="owner_unit")

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            choices_constraint("status", ProjectStatus, "ledgers_project_status_valid"),
            _one_owner("owner_unit", "owner_name", "ledgers_project_one_owner"),
            models.CheckConstraint(condition=models.Q(budget__gte=0), name="ledgers_project_budget_not_negative"),
            models.CheckConstraint(
                condition=models.Q(starts_on=None)
                | models.Q(ends_on=None)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="ledgers_project_dates_ordered",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="done", results=""), name="ledgers_project_done_has_results"
            ),
            date_window_constraint(
                ["starts_on", "ends_on", "done_on"], EARLIEST_DAY, LATEST_DAY, "ledgers_project_dates_in_window"
            ),
            text_length_constraint({"description": TEXT, "results": TEXT}, "ledgers_project_text_lengths"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ledgers:project", args=[self.pk])

    @property
    def owner(self) -> str:
        return self.owner_unit.name if self.owner_unit_id else self.owner_name


class Milestone(models.Model):
    """A step of a project with its due day and the day it was reached."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("project"))
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due on"), validators=[validate_record_day])
    done_on = models.DateField(_("reached on"), null=True, blank=True, validators=[validate_record_day])

    scope_rule = ScopeRule(node="project__node", unit="project__owner_unit")

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]
        constraints = [
            date_window_constraint(
                ["due_on", "done_on"], EARLIEST_DAY, LATEST_DAY, "ledgers_milestone_dates_in_window"
            ),
        ]

    def __str__(self):
        return self.title


class Responsibility(TimeStampedModel):
    """A project, or one of its milestones, assigned to a unit or a person with a deadline (责任清单), and the
    record of its completion."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="responsibilities", verbose_name=_("project")
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="responsibilities",
        verbose_name=_("milestone"),
    )
    task = models.CharField(_("task"), max_length=200)
    unit = models.ForeignKey(
        MemberUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_responsibilities",
        verbose_name=_("responsible unit"),
    )
    person_name = models.CharField(_("responsible person"), max_length=100, blank=True)
    deadline = models.DateField(_("deadline"), validators=[validate_record_day])
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    completion_note = LimitedTextField(_("completion record"), blank=True, max_length=TEXT)

    # the street or community keeps it; the responsible unit sees it and records its completion
    scope_rule = ScopeRule(node="project__node", unit="unit", unit_write="unit")

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        constraints = [
            _one_owner("unit", "person_name", "ledgers_responsibility_one_owner"),
            models.CheckConstraint(
                condition=models.Q(completed_on=None) | ~models.Q(completion_note=""),
                name="ledgers_responsibility_completed_has_record",
            ),
            date_window_constraint(
                ["deadline", "completed_on"], EARLIEST_DAY, LATEST_DAY, "ledgers_responsibility_dates_in_window"
            ),
            text_length_constraint({"completion_note": TEXT}, "ledgers_responsibility_text_lengths"),
        ]
        indexes = [
            # the daily reminders: open responsibilities by deadline
            models.Index(fields=["deadline"], condition=models.Q(completed_on=None), name="ledgers_resp_open_due"),
            models.Index(*RESPONSIBILITY_ORDER, name="ledgers_resp_list_order"),
        ]

    def __str__(self):
        return self.task

    def get_absolute_url(self):
        return reverse("ledgers:responsibility", args=[self.pk])

    @property
    def responsible(self) -> str:
        return self.unit.name if self.unit_id else self.person_name


class ListKind(models.TextChoices):
    NEED = "need", _("Need")
    RESOURCE = "resource", _("Resource")
    PROJECT = "project", _("Project")
    RESPONSIBILITY = "responsibility", _("Responsibility")


class ItemChange(models.Model):
    """One change to a list item: who changed what and when (the services write it with every change)."""

    Kind = ListKind

    kind = models.CharField(_("list"), max_length=16, choices=Kind.choices)
    item_id = models.PositiveBigIntegerField(_("item"))
    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="+", verbose_name=_("street or community"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("changed by")
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=40)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    scope_rule = ScopeRule(node="node", write_roles=frozenset())

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        constraints = [choices_constraint("kind", ListKind, "ledgers_itemchange_kind_valid")]
        indexes = [
            # the history shown on an item's page
            models.Index(fields=["kind", "item_id", "at"], name="ledgers_itemchange_item"),
        ]

    def __str__(self):
        return f"{self.kind} {self.item_id} {self.action}"


class SecretaryProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CHECKED = "checked", _("Half-year checked")
    COMPLETED = "completed", _("Completed")
    NOT_COMPLETED = "not_completed", _("Not completed")


MIN_YEAR, MAX_YEAR = 2000, 2100


class SecretaryProject(TimeStampedModel):
    """A party secretary's yearly project (书记项目): the plan at the start of the year, the check at half
    year, the result at year end."""

    Status = SecretaryProjectStatus

    node = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("party organisation of"),
        limit_choices_to={"kind__in": SECRETARY_NODE_KINDS},
    )
    secretary = models.CharField(_("secretary"), max_length=50)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("project"), max_length=200)
    plan = LimitedTextField(_("yearly plan"), max_length=TEXT)
    half_year_check = LimitedTextField(_("half-year check"), blank=True, max_length=TEXT)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    result = LimitedTextField(_("year-end result"), blank=True, max_length=TEXT)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    scope_rule = ScopeRule(node="node", write_roles=NODE_MANAGER_ROLES)

    class Meta:
        verbose_name = _("secretary project")
        verbose_name_plural = _("secretary projects")
        constraints = [
            choices_constraint("status", SecretaryProjectStatus, "ledgers_secretaryproject_status_valid"),
            models.CheckConstraint(
                condition=models.Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR), name="ledgers_secretaryproject_year_bounds"
            ),
            models.UniqueConstraint(
                fields=["node", "year", "title"], name="ledgers_secretaryproject_unique_title_per_year"
            ),
            # checked means a check was written; a year-end status means a result was written
            models.CheckConstraint(
                condition=~models.Q(status="checked", half_year_check=""),
                name="ledgers_secretaryproject_checked_has_check",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["completed", "not_completed"], result=""),
                name="ledgers_secretaryproject_closed_has_result",
            ),
            date_window_constraint(
                ["checked_on", "closed_on"], EARLIEST_DAY, LATEST_DAY, "ledgers_secretaryproject_dates_in_window"
            ),
            text_length_constraint(
                {"plan": TEXT, "half_year_check": TEXT, "result": TEXT}, "ledgers_secretaryproject_text_lengths"
            ),
        ]
        indexes = [
            # completion rate by year and level
            models.Index(fields=["year", "status"], name="ledgers_secproject_year_status"),
        ]

    def __str__(self):
        return f"{self.year} {self.title}"

    def get_absolute_url(self):
        return reverse("ledgers:secretary_project", args=[self.pk])


class ContactPoint(TimeStampedModel):
    """A secretary's contact point (党支部工作联系点): the party branch a secretary of a higher level is linked
    to, where they visit, research and give party lectures."""

    node = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("secretary of"),
        limit_choices_to={"kind__in": SECRETARY_NODE_KINDS},
        help_text=_("The street, community or district whose secretary keeps this contact point."),
    )
    secretary = models.CharField(_("secretary"), max_length=50)
    organisation = models.ForeignKey(
        "organisations.PartyOrganisation",
        on_delete=models.PROTECT,
        related_name="contact_points",
        verbose_name=_("party branch"),
    )
    established_on = models.DateField(_("linked on"), validators=[validate_record_day])
    ended_on = models.DateField(_("ended on"), null=True, blank=True, validators=[validate_record_day])

    # kept by the secretary's street or community, seen where the branch stands
    scope_rule = ScopeRule(node="node", also_visible_through=("organisation__node",), write_roles=NODE_MANAGER_ROLES)

    class Meta:
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        constraints = [
            # one standing link of a secretary to a branch
            models.UniqueConstraint(
                fields=["node", "secretary", "organisation"],
                condition=models.Q(ended_on=None),
                name="ledgers_contactpoint_one_standing",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on=None) | models.Q(ended_on__gte=models.F("established_on")),
                name="ledgers_contactpoint_ends_after_start",
            ),
            date_window_constraint(
                ["established_on", "ended_on"], EARLIEST_DAY, LATEST_DAY, "ledgers_contactpoint_dates_in_window"
            ),
        ]
        indexes = [
            # the list's order (standing first, then by place): a page is an index scan, whatever the city's size
            models.Index(fields=["ended_on", "node", "id"], name="ledgers_contactpoint_list"),
        ]

    def __str__(self):
        return f"{self.secretary} · {self.organisation}"

    def get_absolute_url(self):
        return reverse("ledgers:contact_point", args=[self.pk])


class ContactLogKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    RESEARCH = "research", _("Research")
    LECTURE = "lecture", _("Party lecture")


MAX_LOG_PEOPLE = 10_000


class ContactLog(models.Model):
    """A visit, a piece of research or a party lecture at a contact point: when, what, how many took part
    (person-visits for a visit)."""

    Kind = ContactLogKind

    contact_point = models.ForeignKey(
        ContactPoint, on_delete=models.CASCADE, related_name="logs", verbose_name=_("contact point")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    on = models.DateField(_("date"), validators=[validate_record_day])
    title = models.CharField(_("subject"), max_length=200)
    people = models.PositiveIntegerField(_("people"), default=1, help_text=_("Person-visits, or the audience."))
    note = LimitedTextField(_("note"), blank=True, max_length=TEXT)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("recorded by")
    )

    scope_rule = ScopeRule(
        node="contact_point__node",
        also_visible_through=("contact_point__organisation__node",),
        write_roles=NODE_MANAGER_ROLES,
    )

    class Meta:
        verbose_name = _("contact point record")
        verbose_name_plural = _("contact point records")
        ordering = ["-on", "-pk"]
        constraints = [
            choices_constraint("kind", ContactLogKind, "ledgers_contactlog_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(people__gte=1, people__lte=MAX_LOG_PEOPLE), name="ledgers_contactlog_people_bounds"
            ),
            date_window_constraint(["on"], EARLIEST_DAY, LATEST_DAY, "ledgers_contactlog_on_in_window"),
            text_length_constraint({"note": TEXT}, "ledgers_contactlog_text_lengths"),
        ]
        indexes = [
            # the counts of visits and lectures by contact point
            models.Index(fields=["contact_point", "kind"], name="ledgers_contactlog_point_kind"),
        ]

    def __str__(self):
        return self.title
