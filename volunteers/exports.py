"""Volunteer exports through the one export engine (``liaoyuan.core.exports``): a unit's (or community's)
reported members with their claims and hours, and a volunteer's own service records in the layout the national
volunteer service information system (全国志愿服务信息系统) imports (columns in ``docs/volunteers.md``)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from liaoyuan.core.exports import Column, Dataset, register
from volunteers import selectors
from volunteers.filters import RecordFilter, RosterFilter
from volunteers.models import RecordKind, RecordStatus, ServiceRecord

ROSTER = register(
    Dataset(
        key="volunteer-members",
        title=gettext_lazy("Reported party members"),
        columns=(
            Column(gettext_lazy("Name"), 12, lambda r: r.person.name),
            Column(gettext_lazy("Unit in service"), 24, lambda r: r.unit.name if r.unit else ""),
            Column(gettext_lazy("Community"), 16, lambda r: r.community.name),
            Column(gettext_lazy("Grid"), 12, lambda r: r.grid.name if r.grid else ""),
            Column(gettext_lazy("Reported on"), 12, lambda r: timezone.localdate(r.created_at)),
            Column(gettext_lazy("Claims"), 8, lambda r: r.claims_count),
            Column(gettext_lazy("Recorded hours"), 10, lambda r: r.recorded_hours),
            Column(gettext_lazy("Declared hours (approved)"), 12, lambda r: r.declared_hours),
        ),
        queryset=lambda *, user: selectors.roster(user=user),
        filterset_class=RosterFilter,
        printable=True,
    )
)

# The national system's import template names its columns in Chinese whatever the language of the page: the
# headers are fixed text, not translated.
ID_CARD = "居民身份证"
KINDS = {RecordKind.RECORDED: "系统记录", RecordKind.DECLARED: "补录"}


def _time(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def counted_records(*, user):
    """The user's own service records that count (recorded and checked out, or declared and approved)."""
    counted = Q(kind=RecordKind.RECORDED, checked_out_at__isnull=False) | Q(
        kind=RecordKind.DECLARED, status=RecordStatus.APPROVED
    )
    person_id = getattr(user, "person_id", None)
    qs = ServiceRecord.objects.filter(counted, person_id=person_id) if person_id else ServiceRecord.objects.none()
    return qs.select_related("person", "shift", "shift__post", "community", "team").order_by("served_on", "pk")


NATIONAL = register(
    Dataset(
        key="volunteer-national",
        title="志愿服务记录",
        columns=(
            Column("志愿者姓名", 12, lambda r: r.person.name),
            Column("证件类型", 10, lambda r: ID_CARD if r.person.id_number else ""),
            Column("证件号码", 20, lambda r: r.person.id_number),
            Column("手机号码", 14, lambda r: r.person.phone),
            Column("服务项目名称", 24, lambda r: r.shift.post.title if r.shift else (r.note or "志愿服务")),
            Column("服务日期", 12, lambda r: r.served_on.isoformat()),
            Column("开始时间", 16, lambda r: _time(r.checked_in_at or (r.shift.starts_at if r.shift else None))),
            Column("结束时间", 16, lambda r: _time(r.checked_out_at or (r.shift.ends_at if r.shift else None))),
            Column("服务时长（小时）", 10, lambda r: f"{r.hours:.2f}"),
            Column("时长类型", 10, lambda r: KINDS[r.kind]),
            Column("服务地点", 24, lambda r: r.shift.post.place if r.shift else ""),
            Column("服务组织", 20, lambda r: r.team.name if r.team else r.community.name),
            Column("记录编号", 12, lambda r: f"LY-{r.pk}"),
        ),
        queryset=counted_records,
        filterset_class=RecordFilter,
    )
)
