"""Demo data for review in the open: the city's default cycles and inspection checklist; the duties of the
last months with most of them done (monthly visits, quarterly inspections, weekly zero reports — most of them
"nothing to report"); last year's annual evaluation of the demo street, published with its stars and awards,
and this year's open for rating, with the demo party member as a representative; and today's reminders of
every duty (reviews and alliances), so that inboxes are not empty. Bulk and idempotent."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, RoleAssignment, User
from alliances.services import reminders as alliance_reminders
from grids.models import Node
from liaoyuan.core.demo import DemoContext
from liaoyuan.core.periods import period_containing
from notifications.models import Reminder
from reviews.models import (
    Award,
    ChecklistItem,
    Evaluation,
    EvaluationItem,
    Inspection,
    InspectionScore,
    Rating,
    Rectification,
    Representative,
    ReviewCycle,
    ReviewKind,
    ReviewTask,
    Visit,
    ZeroReport,
)
from reviews.services import duties
from reviews.services.cycles import cycles_default_ensure
from units.models import MemberUnit

CHECKLIST = [
    ("党组织建设与“大党委”运行", 20),
    ("区域化党建联合体联席会议", 20),
    ("“四个一”活动开展", 15),
    ("四项清单与书记项目台账", 15),
    ("网格化管理与“五长”履职", 15),
    ("居民满意度", 15),
]
DONE_SHARE = 0.8  # of past duties, done
NOTHING_SHARE = 0.85  # of zero reports, "nothing to report"
STREET_ITEMS = ["党建引领基层治理", "老旧小区“红心物业”改造", "“四个一”活动常态化", "网格员队伍建设"]
UNIT_PROJECTS = ["结对帮扶困难家庭", "共建共享活动阵地", "志愿服务进社区", "就业岗位对接"]


def _periods_back(cycle: ReviewCycle, today: datetime.date, n: int):
    period = period_containing(today, cycle.period)
    result = []
    for _i in range(n):
        period = period.previous()
        result.append(period)
    return [*reversed(result), period_containing(today, cycle.period)]


def _ensure_tasks(cycle: ReviewCycle, periods) -> None:
    for first, last in duties.chunk_bounds(cycle):
        for period in periods:
            duties.tasks_ensure(cycle=cycle, period=period, first_id=first, last_id=last)


def _history(ctx: DemoContext) -> dict[str, int]:
    """Duties of past periods, most of them done with their records."""
    today = ctx.today
    now = timezone.now()
    counts = {"visits": 0, "inspections": 0, "zero": 0}
    items = list(ChecklistItem.objects.filter(is_active=True))
    visits, inspections, scores, rectifications, reports = [], [], [], [], []
    done_ids = []
    for cycle in ReviewCycle.objects.filter(is_active=True).exclude(kind=ReviewKind.ANNUAL_EVALUATION):
        back = {ReviewKind.MONTHLY_VISIT: 3, ReviewKind.QUARTERLY_INSPECTION: 2, ReviewKind.ZERO_REPORT: 4}[cycle.kind]
        _ensure_tasks(cycle, _periods_back(cycle, today, back))
        past = ReviewTask.objects.filter(cycle=cycle, due_on__lt=today, done_at__isnull=True).select_related("node")
        for task in ctx.progress(past.iterator(chunk_size=2000), desc=str(cycle)):
            if ctx.rng.random() > DONE_SHARE:
                continue
            done_ids.append(task.pk)
            day = task.period_start + datetime.timedelta(
                days=ctx.rng.randint(0, (task.due_on - task.period_start).days)
            )
            if cycle.kind == ReviewKind.MONTHLY_VISIT:
                visits.append(
                    Visit(
                        task=task,
                        node=task.node,
                        visited_on=day,
                        places=ctx.rng.choice(["社区党群服务中心", "老旧小区", "驻区单位", "网格党支部"]),
                        people_met=ctx.rng.choice(["楼栋长、居民代表", "网格长、困难户", "驻区单位党组织书记"]),
                        findings=ctx.rng.choice(["居民反映停车难", "楼道照明需维修", "冬季供暖正常", "无新问题"]),
                    )
                )
            elif cycle.kind == ReviewKind.QUARTERLY_INSPECTION:
                inspection = Inspection(task=task, node=task.node, inspected_on=day, summary="总体良好", inspector=None)
                marks = [(item, ctx.rng.randint(item.max_score * 6 // 10, item.max_score)) for item in items]
                inspection.total_score = sum(m for _item, m in marks)
                inspection.max_total = sum(item.max_score for item in items)
                inspections.append((inspection, marks))
            else:
                nothing = ctx.rng.random() < NOTHING_SHARE
                reports.append(
                    ZeroReport(
                        task=task,
                        node=task.node,
                        unit_id=task.unit_id,
                        period=task.period,
                        nothing_to_report=nothing,
                        disputes=0 if nothing else ctx.rng.randint(1, 2),
                        safety=0 if nothing else ctx.rng.randint(0, 1),
                        details="" if nothing else "邻里纠纷，已调解",
                    )
                )
    ctx.bulk_create(Visit, visits, desc=_("visits"))
    created = ctx.bulk_create(Inspection, [i for i, _m in inspections], desc=_("inspections"))
    for inspection, (_i, marks) in zip(created, inspections, strict=True):
        scores += [InspectionScore(inspection=inspection, item=item, score=mark) for item, mark in marks]
        if ctx.rng.random() < 0.6:
            deadline = inspection.inspected_on + datetime.timedelta(days=30)
            done = deadline < today and ctx.rng.random() < 0.7
            rectifications.append(
                Rectification(
                    inspection=inspection,
                    description=ctx.rng.choice(["补齐联席会议台账", "完善网格员档案", "整改活动阵地标识"]),
                    deadline=deadline,
                    status="done" if done else "open",
                    done_on=deadline - datetime.timedelta(days=3) if done else None,
                    note="已整改" if done else "",
                )
            )
    ctx.bulk_create(InspectionScore, scores, desc=_("scores"))
    ctx.bulk_create(Rectification, rectifications, desc=_("rectification tasks"))
    ctx.bulk_create(ZeroReport, reports, desc=_("zero reports"))
    ReviewTask.objects.filter(pk__in=done_ids).update(done_at=now)
    counts.update(visits=len(visits), inspections=len(inspections), zero=len(reports))
    return counts


def _demo_street() -> Node | None:
    street = Node.objects.filter(role_assignments__role=Role.STREET_SECRETARY).order_by("path").first()
    return street or Node.objects.filter(kind=Node.Kind.STREET).order_by("path").first()


def _evaluations(ctx: DemoContext) -> int:
    """Last year's evaluation of the demo street, published; this year's open for rating."""
    street = _demo_street()
    if street is None or Evaluation.objects.exists():
        return 0
    units = list(MemberUnit.objects.filter(location__path__startswith=street.path).order_by("pk")[:4])
    for year, status in ((ctx.today.year - 1, Evaluation.Status.PUBLISHED), (ctx.today.year, Evaluation.Status.RATING)):
        published_at = timezone.now() if status == Evaluation.Status.PUBLISHED else None
        evaluation = Evaluation.objects.create(node=street, year=year, status=status, published_at=published_at)
        items = [
            EvaluationItem(
                evaluation=evaluation,
                kind="street_report",
                position=i,
                title=title,
                report=f"{title}：全年推进情况报告。",
            )
            for i, title in enumerate(STREET_ITEMS, 1)
        ]
        items += [
            EvaluationItem(
                evaluation=evaluation,
                kind="unit_project",
                unit=unit,
                position=len(STREET_ITEMS) + i,
                title=f"{unit.name}：{UNIT_PROJECTS[(i - 1) % len(UNIT_PROJECTS)]}",
                report="项目按计划完成，惠及居民。",
            )
            for i, unit in enumerate(units, 1)
        ]
        EvaluationItem.objects.bulk_create(items)
        if status == Evaluation.Status.PUBLISHED:
            Award.objects.bulk_create(
                [Award(evaluation=evaluation, kind=Award.Kind.ADVANCED_ORGANISATION, citation="党建引领成效显著")]
                + ([Award(evaluation=evaluation, kind=Award.Kind.SERVICE_STAR, unit=units[0])] if units else [])
            )
    return 2


def _representatives(ctx: DemoContext) -> int:
    """Representatives of each evaluation that has none (the demo party member first, who rates on a phone),
    with their ratings of the published one and its stars. Returns how many ratings were made."""
    ratings = 0
    for evaluation in Evaluation.objects.filter(representatives__isnull=True).select_related("node"):
        street = evaluation.node
        member = User.objects.filter(username="member", person__isnull=False).select_related("person").first()
        others = (
            User.objects.filter(person__isnull=False, roles__node__path__startswith=street.path)
            .exclude(username="member")
            .select_related("person")
            .order_by("username")[:3]
        )
        people = [u.person for u in [*([member] if member else []), *others]]
        unit = evaluation.items.filter(unit__isnull=False).values_list("unit", flat=True).first()
        reps = Representative.objects.bulk_create(
            [
                Representative(evaluation=evaluation, person=p, unit_id=unit if i == 0 else None)
                for i, p in enumerate(people)
            ]
        )
        if evaluation.status != Evaluation.Status.PUBLISHED or not reps:
            continue
        rows = [
            Rating(item=item, representative=rep, score=ctx.rng.choice([4, 5, 5]))
            for item in evaluation.items.order_by("position")
            for rep in reps
        ]
        Rating.objects.bulk_create(rows)
        ratings += len(rows)
        average = sum(r.score for r in rows) / len(rows)
        evaluation.average = round(average, 2)
        evaluation.stars = max(1, min(5, int(average + 0.5)))
        evaluation.save(update_fields=["average", "stars"])
    return ratings


def _someone_to_tell(
    cycle: ReviewCycle, task_ids: list[int], holders: set[tuple[str, str]], admins: set[int]
) -> list[int]:
    """Returns those of ``task_ids`` whose reminders reach an account: an admin of the unit (``admins``: unit
    IDs), or someone holding the cycle's responsible or escalation role on the organisation's node or above it
    (``holders``: role and node path). In the demo most organisations have no account; their reminders would
    tell no one, and the beat raises them all the same."""
    by_unit = cycle.responsible_role == Role.UNIT_ADMIN
    roles = {cycle.escalation_role} if by_unit else {cycle.escalation_role, cycle.responsible_role}
    steplen = Node.steplen
    told = []
    for pk, path, unit_id in ReviewTask.objects.filter(pk__in=task_ids).values_list("pk", "node__path", "unit_id"):
        above = [path[:end] for end in range(steplen, len(path or "") + 1, steplen)]
        if (by_unit and unit_id in admins) or any((role, p) in holders for role in roles for p in above):
            told.append(pk)
    return sorted(told)


def _reminders(ctx: DemoContext) -> int:
    """Today's reminders of every duty someone can be told of, raised as the schedules would (no worker
    needed); see ``_someone_to_tell``."""
    active = RoleAssignment.objects.filter(user__is_active=True)
    holders = set(active.filter(node__isnull=False).values_list("role", "node__path"))
    admins = set(active.filter(role=Role.UNIT_ADMIN).values_list("unit_id", flat=True))
    raised = 0
    for cycle in ReviewCycle.objects.filter(is_active=True):
        for first, last in duties.chunk_bounds(cycle):
            due = duties.cycle_chunk(cycle_id=cycle.pk, on=ctx.today, first_id=first, last_id=last)
            for task_id in _someone_to_tell(cycle, due, holders, admins):
                raised += duties.task_remind(task_id=task_id, on=ctx.today)
    found = alliance_reminders.candidates(on=ctx.today)
    for meeting_id in found["meetings"]:
        raised += alliance_reminders.meeting_remind(meeting_id=meeting_id, on=ctx.today)
    for problem_id in found["problems"]:
        raised += alliance_reminders.problem_remind(problem_id=problem_id, on=ctx.today)
    for alliance_id in found["alliances"]:
        raised += alliance_reminders.term_remind(alliance_id=alliance_id, on=ctx.today)
    return raised


def seed(ctx: DemoContext) -> dict[str, int]:
    """Each part is made when it is missing, so a second run creates nothing and a run after a part was
    deleted (people, say) completes it."""
    cycles_default_ensure()
    if not Node.objects.filter(kind=Node.Kind.COMMUNITY).exists():
        return {}
    if not ChecklistItem.objects.exists():
        ChecklistItem.objects.bulk_create(
            [ChecklistItem(title=t, max_score=m, position=i) for i, (t, m) in enumerate(CHECKLIST, 1)]
        )
    counts = {"visits": 0, "inspections": 0, "zero": 0}
    tasks_before = ReviewTask.objects.count()
    if not tasks_before:
        counts = _history(ctx)
    evaluations = _evaluations(ctx)
    ratings = _representatives(ctx)
    reminders = 0 if Reminder.objects.exists() else _reminders(ctx)
    created = {
        _("review duties"): ReviewTask.objects.count() - tasks_before,
        _("visits"): counts["visits"],
        _("inspections"): counts["inspections"],
        _("zero reports"): counts["zero"],
        _("annual evaluations"): evaluations,
        _("ratings"): ratings,
        _("reminders"): reminders,
    }
    return {label: n for label, n in created.items() if n}


def reset(ctx: DemoContext) -> dict[str, int]:
    """Deletes the records and duties of review in the open and every reminder raised (the cycles and checklist
    stay: they are configuration)."""
    deleted = {}
    for model in (
        Reminder,
        Rating,
        Award,
        Representative,
        EvaluationItem,
        Evaluation,
        ZeroReport,
        Rectification,
        InspectionScore,
        Inspection,
        Visit,
        ReviewTask,
    ):
        n, _by_model = model.objects.all().delete()
        deleted[str(model._meta.verbose_name_plural)] = n
    return deleted
