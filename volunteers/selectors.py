"""Reads of the vanguard co-cultivation: totals of service, recorded and declared hours always apart."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from volunteers.models import RecordKind, RecordStatus, ServiceRecord

RECORDED = Q(kind=RecordKind.RECORDED, checked_out_at__isnull=False)
DECLARED = Q(kind=RecordKind.DECLARED, status=RecordStatus.APPROVED)
ZERO = Decimal("0")

# what a total can be grouped by
GROUPS = {
    "person": "person_id",
    "unit": "unit_id",
    "team": "team_id",
    "community": "community_id",
}


def _sums():
    return {
        "recorded_times": Count("pk", filter=RECORDED),
        "recorded_hours": Coalesce(Sum("hours", filter=RECORDED), ZERO),
        "declared_times": Count("pk", filter=DECLARED),
        "declared_hours": Coalesce(Sum("hours", filter=DECLARED), ZERO),
    }


def in_period(
    qs: QuerySet[ServiceRecord], start: datetime.date | None = None, end: datetime.date | None = None
) -> QuerySet[ServiceRecord]:
    if start:
        qs = qs.filter(served_on__gte=start)
    if end:
        qs = qs.filter(served_on__lte=end)
    return qs


def totals(qs: QuerySet[ServiceRecord] | None = None, **period) -> dict:
    """Person-times and hours, recorded (checked in and out) and declared (approved) apart; declared hours
    waiting for approval count in neither."""
    qs = in_period(ServiceRecord.objects.all() if qs is None else qs, **period)
    return qs.aggregate(**_sums())


def totals_by(group: str, qs: QuerySet[ServiceRecord] | None = None, **period) -> dict[int | None, dict]:
    """The same totals per person, unit, team or community."""
    field = GROUPS[group]
    qs = in_period(ServiceRecord.objects.all() if qs is None else qs, **period)
    rows = qs.order_by().values(field).annotate(**_sums())
    return {row.pop(field): row for row in rows}
