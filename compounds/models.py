"""Old compounds (老旧小区): each renovated compound of a community with its buildings and households, its
renovation project (a project of the four lists, ``ledgers.Project``, where one exists), the **five packages**
(五包) checklist — owners' committee set up, property company brought in, fee standard set, fees collected,
standing mechanism formed — each with the leader or department responsible, the day it was done and its
evidence, and the "red heart" property service (红心物业) arrangement: property company, owners' committee,
fee standard and collection rate."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grids.models import Node
from ledgers.models import Project
from liaoyuan.core.models import (
    LimitedTextField,
    TimeStampedModel,
    choices_constraint,
    date_window_constraint,
    text_length_constraint,
)
from liaoyuan.core.scoping import ScopeRule
from liaoyuan.core.validators import EARLIEST_DAY, LATEST_DAY, validate_record_day

TEXT = 2_000
MAX_BUILDINGS = 10_000
MAX_HOUSEHOLDS = 1_000_000


class RenovationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("Being renovated")
    DONE = "done", _("Renovated")


class Compound(TimeStampedModel):
    Status = RenovationStatus

    community = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="compounds",
        verbose_name=_("community"),
        limit_choices_to={"kind": Node.Kind.COMMUNITY},
    )
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    built_year = models.PositiveSmallIntegerField(_("built in"), null=True, blank=True)
    buildings = models.PositiveIntegerField(_("buildings"), default=1)
    households = models.PositiveIntegerField(_("households"), default=0)
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="compounds",
        verbose_name=_("renovation project"),
        help_text=_("The project of the four lists that renovates the compound, where there is one."),
    )
    status = models.CharField(_("renovation"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    renovated_on = models.DateField(_("renovated on"), null=True, blank=True, validators=[validate_record_day])

    scope_rule = ScopeRule(node="community")

    class Meta:
        verbose_name = _("old compound")
        verbose_name_plural = _("old compounds")
        ordering = ["community__path", "name"]
        constraints = [
            choices_constraint("status", RenovationStatus, "compounds_compound_status_valid"),
            models.UniqueConstraint(fields=["community", "name"], name="compounds_compound_unique_name"),
            models.CheckConstraint(
                condition=Q(buildings__gte=1, buildings__lte=MAX_BUILDINGS, households__lte=MAX_HOUSEHOLDS),
                name="compounds_compound_sizes",
            ),
            models.CheckConstraint(
                condition=Q(built_year__isnull=True) | Q(built_year__gte=1900, built_year__lte=2100),
                name="compounds_compound_built_year",
            ),
            models.CheckConstraint(
                condition=~Q(status=RenovationStatus.DONE) | Q(renovated_on__isnull=False),
                name="compounds_compound_renovated_has_day",
            ),
            date_window_constraint(["renovated_on"], EARLIEST_DAY, LATEST_DAY, "compounds_compound_day_in_window"),
        ]

    def __str__(self):
        return self.name


class PackageKind(models.TextChoices):
    OWNERS_COMMITTEE = "owners_committee", _("Owners' committee set up")
    PROPERTY_COMPANY = "property_company", _("Property company brought in")
    FEE_STANDARD = "fee_standard", _("Fee standard set")
    FEE_COLLECTION = "fee_collection", _("Fees collected")
    STANDING_MECHANISM = "standing_mechanism", _("Standing mechanism formed")


class Package(models.Model):
    """One of a compound's five packages (五包): who answers for it, and when it was done, with evidence."""

    Kind = PackageKind

    compound = models.ForeignKey(
        Compound, on_delete=models.CASCADE, related_name="packages", verbose_name=_("compound")
    )
    kind = models.CharField(_("package"), max_length=20, choices=Kind.choices)
    responsible = models.CharField(
        _("responsible"), max_length=100, blank=True, help_text=_("The leader or department that answers for it.")
    )
    is_done = models.BooleanField(_("done"), default=False)
    done_on = models.DateField(_("done on"), null=True, blank=True, validators=[validate_record_day])
    evidence = LimitedTextField(_("evidence"), blank=True, max_length=TEXT, help_text=_("What shows it is done."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_rule = ScopeRule(node="compound__community")

    class Meta:
        verbose_name = _("package")
        verbose_name_plural = _("five packages")
        ordering = ["compound_id", "pk"]
        constraints = [
            choices_constraint("kind", PackageKind, "compounds_package_kind_valid"),
            models.UniqueConstraint(fields=["compound", "kind"], name="compounds_package_once_per_compound"),
            models.CheckConstraint(
                condition=Q(is_done=True, done_on__isnull=False) | Q(is_done=False, done_on__isnull=True),
                name="compounds_package_done_has_day",
            ),
            date_window_constraint(["done_on"], EARLIEST_DAY, LATEST_DAY, "compounds_package_day_in_window"),
            text_length_constraint({"evidence": TEXT}, "compounds_package_text_lengths"),
        ]

    def __str__(self):
        return f"{self.compound} · {self.get_kind_display()}"


class PropertyService(TimeStampedModel):
    """The "red heart" property service (红心物业) arrangement of a compound."""

    compound = models.OneToOneField(
        Compound, on_delete=models.CASCADE, related_name="property_service", verbose_name=_("compound")
    )
    property_company = models.CharField(_("property company"), max_length=150, blank=True)
    owners_committee = models.CharField(_("owners' committee"), max_length=150, blank=True)
    fee_standard = models.DecimalField(
        _("fee standard (yuan per m² a month)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    collection_rate = models.DecimalField(
        _("collection rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    note = LimitedTextField(_("note"), blank=True, max_length=TEXT)

    scope_rule = ScopeRule(node="compound__community")

    class Meta:
        verbose_name = _("red-heart property service")
        verbose_name_plural = _("red-heart property services")
        constraints = [
            models.CheckConstraint(
                condition=Q(fee_standard__isnull=True) | Q(fee_standard__gte=0), name="compounds_property_fee"
            ),
            models.CheckConstraint(
                condition=Q(collection_rate__isnull=True) | Q(collection_rate__gte=0, collection_rate__lte=100),
                name="compounds_property_collection_rate",
            ),
            text_length_constraint({"note": TEXT}, "compounds_property_text_lengths"),
        ]

    def __str__(self):
        return f"{self.compound} · {self.property_company}"
