"""Review in the open (述评公开): review cycles configured by the city office, the duties they give each
organisation per period, and the records that fulfil them — monthly visits, quarterly inspections with
checklist scores and rectification tasks, the annual evaluation rated item by item by representatives,
and zero reports."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from grids.models import NODE_MANAGER_ROLES, Node
from liaoyuan.core.models import TimeStampedModel, choices_constraint
from liaoyuan.core.periods import PeriodKind
from liaoyuan.core.scoping import ScopeRule
from people.models import Person
from units.models import MemberUnit


class ReviewKind(models.TextChoices):
    MONTHLY_VISIT = "monthly_visit", _("Monthly visit")
    QUARTERLY_INSPECTION = "quarterly_inspection", _("Quarterly inspection")
    ANNUAL_EVALUATION = "annual_evaluation", _("Annual evaluation")
    ZERO_REPORT = "zero_report", _("Zero report")


class TargetLevel(models.TextChoices):
    STREET = "street", _("Streets and towns")
    COMMUNITY = "community", _("Communities")
    UNIT = "unit", _("Member units")


class ReviewCycle(TimeStampedModel):
    """What the city office requires of one level of the tree: which review, how often, due when, who is
    responsible, when to remind them and to whom it escalates when overdue. Its schedule (when reminders go
    out) is a django-celery-beat periodic task, editable in the admin."""

    Kind = ReviewKind
    Level = TargetLevel

    kind = models.CharField(_("review"), max_length=24, choices=ReviewKind.choices)
    level = models.CharField(_("level"), max_length=12, choices=TargetLevel.choices)
    period = models.CharField(_("every"), max_length=8, choices=PeriodKind.choices)
    due_days_before_end = models.PositiveSmallIntegerField(
        _("due days before the period ends"), default=0, help_text=_("0: due on the last day of the period.")
    )
    responsible_role = models.CharField(_("responsible"), max_length=24, choices=Role.choices)
    lead_days = models.PositiveSmallIntegerField(
        _("first reminder (days before due)"), default=7, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    second_lead_days = models.PositiveSmallIntegerField(
        _("second reminder (days before due)"),
        default=1,
        null=True,
        blank=True,
        help_text=_("Empty: one reminder only. 0: on the day it is due."),
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        _("escalate after (days overdue)"), default=3, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    escalation_role = models.CharField(_("escalate to"), max_length=24, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    periodic_task = models.OneToOneField(
        "django_celery_beat.PeriodicTask",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_cycle",
        verbose_name=_("schedule"),
    )

    class Meta:
        verbose_name = _("review cycle")
        verbose_name_plural = _("review cycles")
        ordering = ["kind", "level"]
        constraints = [
            choices_constraint("kind", ReviewKind, "reviews_cycle_kind_valid"),
            choices_constraint("level", TargetLevel, "reviews_cycle_level_valid"),
            choices_constraint("period", PeriodKind, "reviews_cycle_period_valid"),
            choices_constraint("responsible_role", Role, "reviews_cycle_responsible_valid"),
            choices_constraint("escalation_role", Role, "reviews_cycle_escalation_valid"),
            models.UniqueConstraint(fields=["kind", "level"], name="reviews_cycle_one_per_level"),
            models.CheckConstraint(
                condition=models.Q(lead_days__gte=1, lead_days__lte=60), name="reviews_cycle_lead_days_range"
            ),
            models.CheckConstraint(
                condition=models.Q(second_lead_days__isnull=True)
                | models.Q(second_lead_days__lt=models.F("lead_days")),
                name="reviews_cycle_second_reminder_later",
            ),
            models.CheckConstraint(
                condition=models.Q(escalate_after_days__gte=1, escalate_after_days__lte=60),
                name="reviews_cycle_escalation_range",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.get_level_display()}"

    def get_absolute_url(self):
        return reverse("reviews:cycle", args=[self.pk])

    @property
    def duty_key(self) -> str:
        """The kind of duty of its reminders (``notifications.registry``)."""
        return f"reviews.{self.kind}"


class ReviewTask(models.Model):
    """One duty: what one organisation owes one cycle in one period, due on ``due_on``; done when the record
    that fulfils it is filed (a visit, an inspection, a published evaluation, a zero report).

    ``node`` is the organisation (a street or community), or for a member unit (``unit``) its community.
    """

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("cycle"))
    node = models.ForeignKey(
        Node, on_delete=models.CASCADE, related_name="review_tasks", verbose_name=_("organisation")
    )
    unit = models.ForeignKey(
        MemberUnit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="review_tasks",
        verbose_name=_("member unit"),
    )
    period = models.CharField(_("period"), max_length=16)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_rule = ScopeRule(node="node", unit="unit", write_roles=frozenset())

    class Meta:
        verbose_name = _("review task")
        verbose_name_plural = _("review tasks")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "node", "period"],
                condition=models.Q(unit__isnull=True),
                name="reviews_task_once_per_node",
            ),
            models.UniqueConstraint(
                fields=["cycle", "unit", "period"],
                condition=models.Q(unit__isnull=False),
                name="reviews_task_once_per_unit",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="reviews_task_period_order"
            ),
        ]
        indexes = [
            # the fan-out: a cycle's open duties due around a day; the calendar: duties by due date
            models.Index(fields=["cycle", "due_on"], name="reviews_task_cycle_due"),
            models.Index(fields=["due_on"], name="reviews_task_due"),
        ]

    def __str__(self):
        return f"{self.cycle} · {self.unit or self.node} · {self.period}"

    def get_absolute_url(self):
        """Returns the page where the duty is done."""
        return reverse("reviews:task", args=[self.pk])

    @property
    def target_name(self) -> str:
        return (self.unit or self.node).name


class Visit(TimeStampedModel):
    """A monthly visit (月走访) of a street or community secretary to their area."""

    task = models.ForeignKey(
        ReviewTask, on_delete=models.SET_NULL, null=True, blank=True, related_name="visits", verbose_name=_("duty")
    )
    node = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="visits", verbose_name=_("organisation"))
    visited_on = models.DateField(_("visited on"))
    places = models.CharField(_("places visited"), max_length=300)
    people_met = models.CharField(_("people met"), max_length=300)
    findings = models.TextField(_("findings"), max_length=5000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("recorded by")
    )

    scope_rule = ScopeRule(node="node", write_roles=NODE_MANAGER_ROLES)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            # an organisation's visits, latest first
            models.Index(fields=["node", "-visited_on"], name="reviews_visit_node_day"),
        ]

    def __str__(self):
        return f"{self.node} {self.visited_on}"

    def get_absolute_url(self):
        return reverse("reviews:visit", args=[self.pk])


class ChecklistItem(models.Model):
    """One item of the quarterly inspection checklist (set by the city office)."""

    title = models.CharField(_("item"), max_length=200)
    max_score = models.PositiveSmallIntegerField(
        _("maximum score"), default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_score__gte=1, max_score__lte=100), name="reviews_checklist_max_score_range"
            ),
        ]

    def __str__(self):
        return self.title


INSPECTOR_ROLES = frozenset({Role.DISTRICT_OFFICE})


class Inspection(TimeStampedModel):
    """A quarterly inspection (季督查) of a street by the district office: a score per checklist item and the
    rectification tasks it sets."""

    task = models.ForeignKey(
        ReviewTask,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("duty"),
    )
    node = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("street"))
    inspected_on = models.DateField(_("inspected on"))
    summary = models.TextField(_("summary"), max_length=5000, blank=True)
    total_score = models.PositiveIntegerField(_("total score"), default=0)
    max_total = models.PositiveIntegerField(_("out of"), default=0)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("inspector")
    )

    scope_rule = ScopeRule(node="node", write_roles=INSPECTOR_ROLES)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(total_score__lte=models.F("max_total")), name="reviews_inspection_score_in_range"
            ),
        ]
        indexes = [
            # a street's inspections, latest first
            models.Index(fields=["node", "-inspected_on"], name="reviews_inspection_node_day"),
        ]

    def __str__(self):
        return f"{self.node} {self.inspected_on}"

    def get_absolute_url(self):
        return reverse("reviews:inspection", args=[self.pk])


class InspectionScore(models.Model):
    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="scores", verbose_name=_("inspection")
    )
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("item"))
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    scope_rule = ScopeRule(node="inspection__node", write_roles=INSPECTOR_ROLES)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item"], name="reviews_score_once_per_item"),
        ]

    def __str__(self):
        return f"{self.item}: {self.score}"


class RectificationStatus(models.TextChoices):
    OPEN = "open", _("To rectify")
    DONE = "done", _("Rectified")


class Rectification(TimeStampedModel):
    """A rectification task set by an inspection: what to fix, by when; the street reports it done."""

    Status = RectificationStatus

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="rectifications", verbose_name=_("inspection")
    )
    description = models.CharField(_("what to rectify"), max_length=300)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(_("rectified on"), null=True, blank=True)
    note = models.CharField(_("how it was rectified"), max_length=500, blank=True)

    scope_rule = ScopeRule(node="inspection__node", write_roles=NODE_MANAGER_ROLES | INSPECTOR_ROLES)

    class Meta:
        verbose_name = _("rectification task")
        verbose_name_plural = _("rectification tasks")
        ordering = ["deadline", "pk"]
        constraints = [
            choices_constraint("status", RectificationStatus, "reviews_rectification_status_valid"),
            models.CheckConstraint(
                condition=models.Q(status="open", done_on__isnull=True)
                | models.Q(status="done", done_on__isnull=False),
                name="reviews_rectification_done_has_day",
            ),
        ]
        indexes = [
            # rectifications past their deadline
            models.Index(fields=["status", "deadline"], name="reviews_rectification_due"),
        ]

    def __str__(self):
        return self.description


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    RATING = "rating", _("Open for rating")
    PUBLISHED = "published", _("Published")


EVALUATION_WRITE_ROLES = frozenset({Role.STREET_SECRETARY, Role.STREET_STAFF})


class Evaluation(TimeStampedModel):
    """The annual evaluation (年考评) of a street: the street reports to member units and representatives,
    alliance members report on their projects, representatives rate each item (一事一评), and the result is
    published with a star rating and awards."""

    Status = EvaluationStatus

    task = models.ForeignKey(
        ReviewTask,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("duty"),
    )
    node = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("street"))
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    average = models.DecimalField(_("average rating"), max_digits=3, decimal_places=2, null=True, blank=True)
    stars = models.PositiveSmallIntegerField(_("stars"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    scope_rule = ScopeRule(
        node="node",
        unit="items__unit",
        person="representatives__person",
        write_roles=EVALUATION_WRITE_ROLES,
        multi=True,
    )

    class Meta:
        verbose_name = _("annual evaluation")
        verbose_name_plural = _("annual evaluations")
        constraints = [
            choices_constraint("status", EvaluationStatus, "reviews_evaluation_status_valid"),
            models.UniqueConstraint(fields=["node", "year"], name="reviews_evaluation_once_per_year"),
            models.CheckConstraint(
                condition=models.Q(stars__isnull=True) | models.Q(stars__gte=1, stars__lte=5),
                name="reviews_evaluation_stars_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="reviews_evaluation_published_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.node} {self.year}"

    def get_absolute_url(self):
        return reverse("reviews:evaluation", args=[self.pk])


class ItemKind(models.TextChoices):
    STREET_REPORT = "street_report", _("Street committee report")
    UNIT_PROJECT = "unit_project", _("Member unit's project")


class EvaluationItem(models.Model):
    """One item rated on its own (一事一评): part of the street's report, or a member unit's project."""

    Kind = ItemKind

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="items", verbose_name=_("evaluation")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    unit = models.ForeignKey(
        MemberUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluation_items",
        verbose_name=_("member unit"),
    )
    position = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("item"), max_length=200)
    report = models.TextField(_("report"), max_length=5000)

    scope_rule = ScopeRule(
        node="evaluation__node",
        unit="evaluation__items__unit",
        unit_write="unit",
        person="evaluation__representatives__person",
        write_roles=EVALUATION_WRITE_ROLES,
        multi=True,
    )

    class Meta:
        verbose_name = _("evaluation item")
        verbose_name_plural = _("evaluation items")
        ordering = ["evaluation", "position"]
        constraints = [
            choices_constraint("kind", ItemKind, "reviews_item_kind_valid"),
            models.UniqueConstraint(fields=["evaluation", "position"], name="reviews_item_unique_position"),
            models.CheckConstraint(
                condition=models.Q(kind="street_report", unit__isnull=True)
                | models.Q(kind="unit_project", unit__isnull=False),
                name="reviews_item_unit_matches_kind",
            ),
        ]

    def __str__(self):
        return self.title


class Representative(models.Model):
    """A person invited to rate an evaluation: a representative of a member unit, or of the residents."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="representatives", verbose_name=_("evaluation")
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("person"))
    unit = models.ForeignKey(
        MemberUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("represents"),
        help_text=_("Empty: a representative of the residents."),
    )

    scope_rule = ScopeRule(node="evaluation__node", person="person", write_roles=EVALUATION_WRITE_ROLES)

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "person"], name="reviews_representative_once"),
        ]

    def __str__(self):
        return self.person.name


class Rating(TimeStampedModel):
    """One representative's rating of one item: 1 to 5, with a comment."""

    item = models.ForeignKey(EvaluationItem, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("item"))
    representative = models.ForeignKey(
        Representative, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("representative")
    )
    score = models.PositiveSmallIntegerField(_("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    scope_rule = ScopeRule(
        node="item__evaluation__node", person="representative__person", person_writes=True, write_roles=frozenset()
    )

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["item", "representative"], name="reviews_rating_once_per_item"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="reviews_rating_score_range"),
        ]

    def __str__(self):
        return f"{self.item}: {self.score}"


class AwardKind(models.TextChoices):
    ADVANCED_ORGANISATION = "advanced_org", _("Advanced party organisation")
    SERVICE_STAR = "service_star", _("Party-building service star")
    FIVE_STAR = "five_star", _("Five-star party organisation")


class Award(models.Model):
    """An award given with a published evaluation, to the street's party organisation or to a member unit."""

    Kind = AwardKind

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="awards", verbose_name=_("evaluation")
    )
    kind = models.CharField(_("award"), max_length=16, choices=Kind.choices)
    unit = models.ForeignKey(
        MemberUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name=_("awarded to"),
        help_text=_("Empty: the street's party organisation."),
    )
    citation = models.CharField(_("citation"), max_length=300, blank=True)

    scope_rule = ScopeRule(
        node="evaluation__node",
        unit="evaluation__items__unit",
        person="evaluation__representatives__person",
        write_roles=EVALUATION_WRITE_ROLES,
        multi=True,
    )

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            choices_constraint("kind", AwardKind, "reviews_award_kind_valid"),
            models.UniqueConstraint(
                fields=["evaluation", "kind", "unit"],
                condition=models.Q(unit__isnull=False),
                name="reviews_award_once_per_unit",
            ),
            models.UniqueConstraint(
                fields=["evaluation", "kind"],
                condition=models.Q(unit__isnull=True),
                name="reviews_award_once_for_street",
            ),
        ]

    def __str__(self):
        return self.get_kind_display()


class ZeroReport(TimeStampedModel):
    """A zero report (零报告) for one period: disputes, public-order and safety problems — "nothing to report"
    is a report too."""

    task = models.OneToOneField(
        ReviewTask, on_delete=models.PROTECT, related_name="zero_report", verbose_name=_("duty")
    )
    node = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="zero_reports", verbose_name=_("community"))
    unit = models.ForeignKey(
        MemberUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="zero_reports",
        verbose_name=_("member unit"),
    )
    period = models.CharField(_("period"), max_length=16)
    nothing_to_report = models.BooleanField(_("nothing to report"), default=False)
    disputes = models.PositiveSmallIntegerField(_("disputes"), default=0)
    public_order = models.PositiveSmallIntegerField(_("public-order problems"), default=0)
    safety = models.PositiveSmallIntegerField(_("safety hazards"), default=0)
    details = models.TextField(_("details"), max_length=3000, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("reported by")
    )

    scope_rule = ScopeRule(node="node", unit="unit", unit_write="unit", write_roles=NODE_MANAGER_ROLES)

    class Meta:
        verbose_name = _("zero report")
        verbose_name_plural = _("zero reports")
        # the list's order, newest first: a page is read from the index
        indexes = [models.Index(fields=["-created_at", "-id"], name="reviews_zero_report_newest")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(nothing_to_report=True, disputes=0, public_order=0, safety=0)
                | (
                    models.Q(nothing_to_report=False)
                    & (models.Q(disputes__gt=0) | models.Q(public_order__gt=0) | models.Q(safety__gt=0))
                ),
                name="reviews_zero_report_nothing_or_something",
            ),
        ]

    def __str__(self):
        return f"{self.unit or self.node} {self.period}"

    def get_absolute_url(self):
        return reverse("reviews:zero_report", args=[self.pk])
