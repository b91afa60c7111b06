"""Writes of the old compounds: a community's staff (and the offices above) record a compound — its five
packages come with it — mark each package done with its day and evidence, and keep the red-heart property
arrangement. Each refusal is a ``ValidationError`` naming the field."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scopes
from compounds.models import Compound, Package, PackageKind, PropertyService, RenovationStatus
from grids.models import Node
from liaoyuan.core.changes import assign, merged

COMPOUND_FIELDS = ("name", "address", "built_year", "buildings", "households", "project", "status", "renovated_on")
PROPERTY_FIELDS = ("property_company", "owners_committee", "fee_standard", "collection_rate", "note")


def _check_compound(values: dict) -> None:
    errors: dict[str, list[str]] = {}
    if not (values.get("name") or "").strip():
        errors["name"] = [_("This field is required.")]
    if values.get("status") == RenovationStatus.DONE and values.get("renovated_on") is None:
        errors["renovated_on"] = [_("Give the day the renovation was finished.")]
    day = values.get("renovated_on")
    if day is not None and day > timezone.localdate():
        errors["renovated_on"] = [_("The day cannot lie in the future.")]
    if values.get("buildings") is not None and values["buildings"] < 1:
        errors["buildings"] = [_("A compound has at least one building.")]
    if errors:
        raise ValidationError(errors)


def _save(compound: Compound) -> None:
    try:
        with transaction.atomic():
            compound.save()
    except IntegrityError:
        raise ValidationError({"name": [_("This community already has a compound of that name.")]}) from None


def compound_create(*, user, community: Node, **values) -> Compound:
    """Records an old compound of ``community`` with its five packages (none done yet)."""
    if community.kind != Node.Kind.COMMUNITY:
        raise ValidationError({"community": [_("Choose a community.")]})
    if not scopes.can_create_under(user, community):
        raise PermissionDenied
    unknown = set(values) - set(COMPOUND_FIELDS)
    if unknown:
        raise ValueError(f"not a compound field: {sorted(unknown)}")
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    _check_compound(values)
    compound = Compound(community=community, **values)
    compound.full_clean(validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        _save(compound)
        Package.objects.bulk_create([Package(compound=compound, kind=kind) for kind in PackageKind.values])
    return compound


def compound_update(*, user, compound: Compound, **changes) -> Compound:
    if not scopes.can_change(user, compound):
        raise PermissionDenied
    values = merged(compound, changes, COMPOUND_FIELDS)
    _check_compound(values)
    assign(compound, values).full_clean(validate_unique=False, validate_constraints=False)
    _save(compound)
    return compound


def package_update(
    *,
    user,
    package: Package,
    is_done: bool,
    done_on: datetime.date | None = None,
    responsible: str | None = None,
    evidence: str | None = None,
) -> Package:
    """Marks one of the five packages done (with the day it was done) or not done; keeps who answers for it
    and the evidence."""
    if not scopes.can_change(user, package.compound):
        raise PermissionDenied
    if is_done and done_on is None:
        raise ValidationError({"done_on": [_("Give the day it was done.")]})
    if is_done and done_on > timezone.localdate():
        raise ValidationError({"done_on": [_("The day cannot lie in the future.")]})
    package.is_done = is_done
    package.done_on = done_on if is_done else None
    if responsible is not None:
        package.responsible = responsible.strip()[:100]
    if evidence is not None:
        package.evidence = evidence.strip()
    package.full_clean(validate_unique=False, validate_constraints=False)
    package.save()
    return package


def property_set(*, user, compound: Compound, **values) -> PropertyService:
    """Keeps the compound's red-heart property arrangement (one per compound)."""
    if not scopes.can_change(user, compound):
        raise PermissionDenied
    unknown = set(values) - set(PROPERTY_FIELDS)
    if unknown:
        raise ValueError(f"not a property field: {sorted(unknown)}")
    errors: dict[str, list[str]] = {}
    rate = values.get("collection_rate")
    if rate is not None and not (Decimal(0) <= rate <= Decimal(100)):
        errors["collection_rate"] = [_("A collection rate lies between 0 and 100 per cent.")]
    fee = values.get("fee_standard")
    if fee is not None and fee < 0:
        errors["fee_standard"] = [_("A fee cannot be negative.")]
    if errors:
        raise ValidationError(errors)
    service, _created = PropertyService.objects.get_or_create(compound=compound)
    for field, value in values.items():
        setattr(service, field, value.strip() if isinstance(value, str) else value)
    service.full_clean(validate_unique=False, validate_constraints=False)
    service.save()
    return service
