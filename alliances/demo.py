"""Demo data for alliances: one per street and community, their members, committees, chair terms, joint
meetings (with agenda, attendance, minutes and decisions), tracked problems and activities.

The totals are those of the city's report at scale 1 and are aimed at with ``ctx.count``, so that the
dashboard, which counts the records, finds them: 62 alliances; 500+ joint meetings held; ~300 problems
solved; ~2,000 joint activities, among them 530+ theme party days in 2020, visits to 1,300+ households in
2020, 150+ aid drives and 130+ public events. Dates run from 2020 to ``ctx.today``; in the current period
about half the alliances have completed their "four ones" and the others lack one to three of them. A few
meetings and activities lie ahead, for the calendars. Everything is inserted with ``bulk_create``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, RoleAssignment
from alliances.models import (
    Activity,
    ActivityHousehold,
    ActivityParticipant,
    AgendaItem,
    Alliance,
    Attendance,
    ChairTerm,
    Committee,
    Decision,
    JointMeeting,
    Membership,
    ProblemUpdate,
    TrackedProblem,
)
from alliances.selectors.four_ones import period_containing
from alliances.services import rotation
from alliances.services.problems import AREA_ORGANISATION_KINDS
from grids.demo import find_city
from grids.models import Household, Node
from liaoyuan.core.demo import DemoContext, person_name, split
from organisations.models import OrganisationKind, PartyOrganisation
from people.models import Person
from units.models import MemberUnit

# --- the city's figures (scale 1) ------------------------------------------------------------------

MEMBERS_PER_ALLIANCE = (5, 9)  # inclusive; about 7
MEETINGS_HELD = 505  # "joint meetings 500+"
MEETINGS_CANCELLED = 6
UPCOMING_MEETING_SHARE = 0.25  # of alliances, with a meeting in the coming weeks
PROBLEMS_SOLVED = 300  # "problems solved ~300"
PROBLEMS_UNSOLVABLE = 9
PROBLEMS_IN_PROGRESS = 26
PROBLEMS_OPEN = 20
# Shares of the problems given to the party organisation itself and to a department that is not a member.
PARTY_ORG_SHARE = 0.12
DEPARTMENT_SHARE = 0.08
DEPARTMENTS = (
    "辽源市住房和城乡建设局物业管理科",
    "辽源市城市管理局市政设施管理处",
    "辽源市供热管理办公室",
    "辽源市交通警察支队",
    "辽源市生态环境局",
)
ACTIVITIES = 2000  # "joint activities ~2,000"
THEME_DAYS_2020 = 536  # "theme party days 530+ (2020)"
VISITS_2020 = 131
HOUSEHOLDS_2020 = 1318  # "households visited 1,300+"
AID_DRIVES = 156  # "aid activities 150+"
PUBLIC_EVENTS = 134  # "public events 130+"
UPCOMING_ACTIVITIES = 40
FOUR_ONES_COMPLETE_SHARE = 0.5  # of alliances, in the current period

FIRST_DAY = date(2020, 1, 1)
ROTATION_STARTS = date(2020, 1, 1)

# --- texts (demo data, in Chinese like the city's) ----------------------------------------------------

BRANDS = (
    "邻里守望",
    "红色管家",
    "幸福驿站",
    "连心桥",
    "暖心家园",
    "红心物业",
    "党群连心",
    "睦邻之家",
    "先锋引领",
    "和美家园",
    "夕阳红",
    "红色网格",
)
RULES = (
    "一、联合体实行轮值主席制，由街道（社区）党组织书记和成员单位党组织负责人按季度轮流担任。\n"
    "二、联席会议每季度至少召开一次，由轮值主席单位承办，研究共建项目和群众急难愁盼问题。\n"
    "三、会议议定事项形成决议，明确责任单位和完成时限，纳入问题清单跟踪督办。\n"
    "四、成员单位按照“四个一”要求，每季度至少开展一次主题党日、一次志愿服务、一次联席会议、一次走访慰问。"
)
COMMITTEES = {
    Committee.Kind.CITY_MANAGEMENT: "城市管理专委会",
    Committee.Kind.GOVERNANCE: "综合治理专委会",
    Committee.Kind.CIVILITY: "文明创建专委会",
    Committee.Kind.AID: "帮扶救助专委会",
}
MEETING_TOPICS = (
    "老旧小区改造推进",
    "冬季供暖保障",
    "背街小巷环境整治",
    "小区停车秩序管理",
    "文明城市创建",
    "困难群众帮扶",
    "疫情防控常态化",
    "垃圾分类推广",
    "安全生产排查",
    "共建项目认领",
    "“四个一”活动安排",
    "志愿服务队伍建设",
    "红心物业服务提升",
    "居民需求清单梳理",
)
AGENDA = (
    "通报上季度议定事项落实情况",
    "研究本季度共建项目",
    "征集成员单位资源清单",
    "讨论居民反映的突出问题",
    "部署“四个一”活动",
    "审议轮值主席工作报告",
    "交流党建工作经验",
    "确定下次会议承办单位",
)
MINUTES = (
    "会议由轮值主席主持。与会成员单位通报了共建项目进展，围绕居民反映的问题逐项研究，"
    "明确了责任单位和完成时限。会议要求各成员单位发挥资源优势，把议定事项落到实处。"
)
PROBLEMS: dict[str, tuple[str, ...]] = {
    TrackedProblem.Category.OLD_COMPOUND: (
        "楼道照明设施损坏",
        "单元门禁失修",
        "屋面防水老化漏雨",
        "外墙保温层脱落",
        "小区道路破损",
    ),
    TrackedProblem.Category.ENVIRONMENT: (
        "背街小巷垃圾清运不及时",
        "绿化带杂物堆积",
        "下水道堵塞异味",
        "楼道乱贴小广告",
    ),
    TrackedProblem.Category.WATER_HEATING: ("冬季供暖温度不达标", "二次供水水压不足", "供热管网跑冒滴漏"),
    TrackedProblem.Category.PARKING: ("小区停车位不足", "消防通道被占用", "非机动车乱停乱放"),
    TrackedProblem.Category.PUBLIC_ORDER: ("夜间烧烤噪音扰民", "小区监控盲区", "流动摊贩占道经营"),
    TrackedProblem.Category.OTHER: ("社区活动场地不足", "老年人就餐不便", "快递投放点缺失"),
}
CATEGORY_WEIGHTS = {
    TrackedProblem.Category.OLD_COMPOUND: 30,
    TrackedProblem.Category.ENVIRONMENT: 25,
    TrackedProblem.Category.WATER_HEATING: 15,
    TrackedProblem.Category.PARKING: 15,
    TrackedProblem.Category.PUBLIC_ORDER: 8,
    TrackedProblem.Category.OTHER: 7,
}
RESOLUTIONS = (
    "责任单位组织施工，已整改完毕，经居民代表验收合格。",
    "协调相关部门现场办公，问题已解决，居民满意。",
    "成员单位出资出力，已完成维修并建立长效管护机制。",
)
UNSOLVABLE_REASONS = (
    "涉及产权纠纷，需通过司法途径解决，联合体层面无法处理。",
    "所需资金超出成员单位能力范围，已上报区政府纳入明年改造计划。",
    "涉及规划调整，已向自然资源部门反映，暂无法解决。",
)
ABSENCE_REASONS = ("外出开会", "病假", "单位有紧急任务", "出差")
ACTIVITY_TITLES: dict[str, tuple[str, ...]] = {
    Activity.Kind.THEME_PARTY_DAY: (
        "重温入党誓词",
        "学习党的创新理论",
        "参观革命教育基地",
        "“我为群众办实事”",
        "党史学习教育",
    ),
    Activity.Kind.VOLUNTEER_SERVICE: (
        "清雪除冰志愿服务",
        "环境卫生大扫除",
        "义诊进社区",
        "文明交通劝导",
        "便民理发服务",
    ),
    Activity.Kind.VISIT: ("走访慰问困难党员", "看望独居老人", "慰问困难群众", "走访残疾人家庭"),
    Activity.Kind.PARTY_LECTURE: ("书记讲党课", "专题党课", "“微党课”进社区"),
    Activity.Kind.PUBLIC_EVENT: ("政策宣讲", "法律咨询进广场", "垃圾分类宣传", "诗歌朗诵会", "消防安全宣传"),
    Activity.Kind.AID_DRIVE: ("关爱空巢老人", "帮扶下岗职工", "关爱留守儿童", "助残帮扶"),
    Activity.Kind.TRAINING: ("社区工作者业务培训", "党务知识培训", "志愿者技能培训", "网格员培训"),
}
PARTICIPANTS: dict[str, tuple[int, int]] = {
    Activity.Kind.THEME_PARTY_DAY: (15, 60),
    Activity.Kind.VOLUNTEER_SERVICE: (10, 40),
    Activity.Kind.VISIT: (3, 10),
    Activity.Kind.PARTY_LECTURE: (20, 80),
    Activity.Kind.PUBLIC_EVENT: (30, 200),
    Activity.Kind.AID_DRIVE: (10, 50),
    Activity.Kind.TRAINING: (15, 60),
}
# kinds of the activities besides the fixed figures, and their weights
OTHER_KINDS = {
    Activity.Kind.VOLUNTEER_SERVICE: 30,
    Activity.Kind.PARTY_LECTURE: 20,
    Activity.Kind.TRAINING: 15,
    Activity.Kind.THEME_PARTY_DAY: 20,  # only after 2020, whose figure is fixed
    Activity.Kind.VISIT: 15,  # idem
}
FOUR_ONES_KINDS = ("theme_party_day", "volunteer_service", "joint_meeting", "visit")


# --- planning ------------------------------------------------------------------------------------


@dataclass
class Plan:
    """One alliance being built."""

    alliance: Alliance
    secretary: str
    members: list[Membership] = field(default_factory=list)  # unsaved, each with its unit
    terms: list[ChairTerm] = field(default_factory=list)
    cutoff: date = FIRST_DAY  # the start of the current four-ones period: the past is planned before it

    def members_on(self, day: date) -> list[Membership]:
        """Returns the memberships that cover ``day`` (``rotation.is_member_on``, the rule of the services)."""
        return [m for m in self.members if rotation.is_member_on(m, day)]


class Builder:
    """Collects the rows of the demo alliances, then inserts them."""

    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.rng: random.Random = ctx.rng
        self.today = ctx.today
        self.tz = timezone.get_current_timezone()
        self.now = datetime.combine(self.today, time(12, 0), tzinfo=self.tz)

    # dates and times

    def day_between(self, low: date, high: date) -> date:
        """Returns a random day in [low, high] (``low`` when the range is empty)."""
        if high <= low:
            return low
        return low + timedelta(days=self.rng.randint(0, (high - low).days))

    def at(self, day: date, hours: Sequence[int] = (9, 10, 14, 15)) -> datetime:
        """Returns an aware local datetime on ``day`` at one of ``hours``, on the hour or half past."""
        return datetime.combine(day, time(self.rng.choice(hours), self.rng.choice((0, 30))), tzinfo=self.tz)

    def past_day_in(self, low: date, high: date) -> date:
        """Returns a day in [low, high] that is not after yesterday (today when the range starts today)."""
        return self.day_between(max(low, FIRST_DAY), min(high, self.today - timedelta(days=1)))


def _area_units(nodes: list[Node]) -> dict[int, list[MemberUnit]]:
    """Returns, for every street and community node, the units stationed there (a street's: those of
    its communities)."""
    by_community: dict[int, list[MemberUnit]] = {}
    for unit in MemberUnit.objects.filter(location__in=[n for n in nodes if n.kind == Node.Kind.COMMUNITY]).order_by(
        "pk"
    ):
        by_community.setdefault(unit.location_id, []).append(unit)
    result: dict[int, list[MemberUnit]] = {}
    for node in nodes:
        if node.kind == Node.Kind.COMMUNITY:
            result[node.pk] = by_community.get(node.pk, [])
        else:
            result[node.pk] = [
                u
                for c in nodes
                if c.kind == Node.Kind.COMMUNITY and c.parent_path == node.path
                for u in by_community.get(c.pk, [])
            ]
    return result


def _plan_alliances(b: Builder, nodes: list[Node]) -> list[Plan]:
    """Returns one plan per node, with its alliance (unsaved) and members."""
    rng = b.rng
    units_of = _area_units(nodes)
    city_units = list(MemberUnit.objects.filter(location__depth=1).order_by("pk"))
    # as many city-level units take part as keep each in two alliances or more (every third alliance has one)
    city_units = city_units[: max(1, len(nodes) // 6)]
    account_units = set(RoleAssignment.objects.filter(role=Role.UNIT_ADMIN).values_list("unit_id", flat=True))
    plans = []
    for node in nodes:
        is_community = node.kind == Node.Kind.COMMUNITY
        stem = node.name.removesuffix("社区").removesuffix("街道")
        brand = f"{stem}·{rng.choice(BRANDS)}" if is_community else ""
        founded = b.day_between(date(2019, 3, 1), date(2019, 12, 20))
        alliance = Alliance(
            node=node,
            name=f"{node.name}区域化党建联合体",
            brand=brand,
            brand_description=f"以“{brand}”为品牌，整合成员单位资源，为居民提供常态化服务。" if brand else "",
            rules_text=RULES,
            founded_on=founded,
            term_months=3,
            rotation_starts_on=ROTATION_STARTS,
            four_ones_period_months=3,
        )
        plan = Plan(alliance=alliance, secretary=person_name(rng))
        candidates = units_of.get(node.pk, [])
        chosen = rng.sample(candidates, min(len(candidates), rng.randint(*MEMBERS_PER_ALLIANCE)))
        if is_community:  # the demo unit admins' units are members of their community's alliance
            chosen += [u for u in candidates if u.pk in account_units and u not in chosen]
        if city_units and len(plans) % 3 == 0:  # every third alliance has a city-level unit (市直单位) among them
            chosen.append(city_units[len(plans) // 3 % len(city_units)])
        positions = list(range(1, len(chosen) + 1))
        rng.shuffle(positions)
        for unit, position in zip(chosen, positions, strict=True):
            member = Membership(
                alliance=alliance,
                unit=unit,
                committee_member=unit.party_secretary or unit.leader or person_name(rng),
                joined_on=founded,
                chair_position=position,
            )
            roll = rng.random()
            if roll < 0.12 and unit.pk not in account_units:  # joined later
                member.joined_on = b.day_between(date(2020, 3, 1), date(2024, 12, 31))
            elif roll < 0.17 and unit.pk not in account_units:  # left, keeping its history
                member.left_on = b.day_between(date(2022, 1, 1), date(2025, 6, 30))
                member.leave_reason = "单位搬迁出辖区"
                member.chair_position = None
            plan.members.append(member)
        plans.append(plan)
    # a few alliances judge their four ones monthly, one half-yearly (the setting is per alliance)
    if len(plans) >= 10:
        for plan in rng.sample(plans, 3):
            plan.alliance.four_ones_period_months = 1
    return plans


def _plan_terms(b: Builder, plans: list[Plan]) -> list[ChairTerm]:
    """Returns the chair terms of every alliance from its first rotation through the term after the current
    one, as the rotating chair computes them (``alliances.services.rotation.project_terms``)."""
    until = rotation.add_months(period_containing(b.today, 3).starts_on, 6) - timedelta(days=1)
    for plan in plans:
        plan.terms = rotation.project_terms(plan.alliance, stored=[], memberships=plan.members, until=until)
    return [term for plan in plans for term in plan.terms]


def _plan_committees(b: Builder, plans: list[Plan]) -> list[tuple[Committee, list[int]]]:
    """Returns 1–3 specialised committees per alliance, each with 2–4 current member units."""
    result = []
    for plan in plans:
        current = [m.unit_id for m in plan.members if m.left_on is None]
        for kind in b.rng.sample(list(COMMITTEES), b.rng.randint(1, 3)):
            committee = Committee(alliance=plan.alliance, kind=kind, name=COMMITTEES[kind])
            result.append((committee, b.rng.sample(current, min(len(current), b.rng.randint(2, 4)))))
    return result


@dataclass
class MeetingPlan:
    plan: Plan
    meeting: JointMeeting
    agenda: list[str]
    attendance: list[Attendance] = field(default_factory=list)
    decisions: list[tuple[Decision, str, str, int | None]] = field(default_factory=list)  # decision, title, cat, unit


def _four_ones_plan(b: Builder, plans: list[Plan]) -> dict[int, set[str]]:
    """Returns, per plan index, which of the four ones the alliance holds in its current period: all four
    for about half the alliances, one to three for the others."""
    result = {}
    for i, _plan in enumerate(plans):
        if b.rng.random() < FOUR_ONES_COMPLETE_SHARE:
            result[i] = set(FOUR_ONES_KINDS)
        else:
            held = {k for k in FOUR_ONES_KINDS if b.rng.random() < 0.55}
            if len(held) == len(FOUR_ONES_KINDS):
                held.discard(b.rng.choice(FOUR_ONES_KINDS))
            result[i] = held
    return result


def _meeting(b: Builder, plan: Plan, day: date, status: str) -> MeetingPlan:
    """Returns a planned meeting of ``plan`` on ``day``, hosted by the chair of the term, with its agenda
    and, when held, its attendance, minutes and 1–3 decisions (each naming a residents' problem)."""
    rng = b.rng
    term = rotation.term_on(plan.terms, day)
    host_id = term.chair_unit_id if term else None
    host_name = term.chair_unit.name if host_id else ""
    starts_at = b.at(day, hours=(9, 14))
    quarter = (day.month - 1) // 3 + 1
    meeting = JointMeeting(
        alliance=plan.alliance,
        term=term,
        host_unit_id=host_id,
        title=f"{day.year}年第{quarter}季度联席会议：{rng.choice(MEETING_TOPICS)}",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        place=f"{host_name}会议室" if host_name else f"{plan.alliance.node.name}党群服务中心",
        status=status,
    )
    mp = MeetingPlan(plan=plan, meeting=meeting, agenda=rng.sample(AGENDA, rng.randint(2, 4)))
    if status != JointMeeting.Status.HELD:
        return mp
    if starts_at < b.now - timedelta(days=60) or rng.random() < 0.7:  # a few recent ones await their minutes
        meeting.minutes = MINUTES
        meeting.minutes_recorded_at = min(starts_at + timedelta(days=rng.randint(1, 3)), b.now)
    mp.attendance.append(Attendance(meeting=meeting, unit=None, attendee=plan.secretary))
    members = plan.members_on(day)
    for m in members:
        absent = rng.random() < 0.1
        mp.attendance.append(
            Attendance(
                meeting=meeting,
                unit_id=m.unit_id,
                attendee=m.committee_member,
                status=Attendance.Status.ABSENT if absent else Attendance.Status.PRESENT,
                absence_reason=rng.choice(ABSENCE_REASONS) if absent else "",
            )
        )
    categories, weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
    for position in range(1, rng.randint(1, 3) + 1):
        category = rng.choices(categories, weights=weights)[0]
        title = rng.choice(PROBLEMS[category])
        responsible = rng.choice(members) if members else None
        who = responsible.unit.name if responsible else plan.alliance.node.party_org_name or plan.alliance.node.name
        text = f"关于“{title}”问题：由{who}牵头，会同相关成员单位限期解决。"
        decision = Decision(meeting=meeting, position=position, text=text)
        mp.decisions.append((decision, title, category, responsible.unit_id if responsible else None))
    return mp


def _plan_meetings(b: Builder, plans: list[Plan], four_ones: dict[int, set[str]]) -> list[MeetingPlan]:
    """Returns the meetings: held ones in the current period as the four-ones plan says, the rest of the
    held ones before it, a few cancelled, and upcoming ones (scheduled or draft) for the calendars."""
    rng, ctx = b.rng, b.ctx
    meetings = []
    for i, plan in enumerate(plans):
        if "joint_meeting" in four_ones[i]:
            meetings.append(_meeting(b, plan, b.past_day_in(plan.cutoff, b.today), JointMeeting.Status.HELD))
    for _i in range(max(ctx.count(MEETINGS_HELD) - len(meetings), 0)):
        plan = rng.choice(plans)
        day = b.day_between(FIRST_DAY, plan.cutoff - timedelta(days=1))
        meetings.append(_meeting(b, plan, day, JointMeeting.Status.HELD))
    for _i in range(ctx.count(MEETINGS_CANCELLED)):
        plan = rng.choice(plans)
        meetings.append(
            _meeting(b, plan, b.day_between(FIRST_DAY, plan.cutoff - timedelta(days=1)), JointMeeting.Status.CANCELLED)
        )
    for plan in rng.sample(plans, max(1, round(len(plans) * UPCOMING_MEETING_SHARE))):
        status = JointMeeting.Status.DRAFT if rng.random() < 0.2 else JointMeeting.Status.SCHEDULED
        day = b.today + timedelta(days=rng.randint(3, 40))
        meetings.append(_meeting(b, plan, day, status))
    return meetings


def _plan_problems(b: Builder, meetings: list[MeetingPlan]) -> list[tuple[TrackedProblem, list[ProblemUpdate]]]:
    """Returns the tracked problems, one per chosen decision that names a responsible unit: solved ones
    (from meetings at least 45 days old), some that cannot be solved (with the reason), and open and
    in-progress ones from the last nine months, about a third of them overdue."""
    rng, ctx = b.rng, b.ctx
    candidates = [
        (mp, decision, title, category, unit_id)
        for mp in meetings
        for decision, title, category, unit_id in mp.decisions
        if unit_id is not None
    ]
    old = [c for c in candidates if c[0].meeting.starts_at.date() <= b.today - timedelta(days=45)]
    recent = [c for c in candidates if c[0].meeting.starts_at.date() > b.today - timedelta(days=270)]
    rng.shuffle(old)
    rng.shuffle(recent)
    used: set[int] = set()
    result = []

    def take(pool, n):
        chosen = []
        for c in pool:
            if len(chosen) == n:
                break
            if id(c[1]) not in used:
                used.add(id(c[1]))
                chosen.append(c)
        return chosen

    def problem(c, status, deadline, closed_on=None, resolution="") -> TrackedProblem:
        mp, decision, title, category, unit_id = c
        changed = datetime.combine(closed_on, time(16, 0), tzinfo=b.tz) if closed_on else mp.meeting.starts_at
        return TrackedProblem(
            alliance=mp.plan.alliance,
            decision=decision,
            title=title,
            description=decision.text,
            category=category,
            responsible_unit_id=unit_id,
            deadline=deadline,
            status=status,
            resolution=resolution,
            closed_on=closed_on,
            status_changed_at=changed,
            created_at=mp.meeting.starts_at,  # dated as the story goes (kept on insert)
            updated_at=changed,
        )

    def update(p, at, note, status_from, status_to) -> ProblemUpdate:
        return ProblemUpdate(problem=p, note=note, status_from=status_from, status_to=status_to, at=at)

    S = TrackedProblem.Status
    for c in take(old, ctx.count(PROBLEMS_SOLVED)):
        day = c[0].meeting.starts_at.date()
        deadline = day + timedelta(days=rng.randint(30, 120))
        closed = min(day + timedelta(days=rng.randint(10, 130)), b.today - timedelta(days=1))
        p = problem(c, S.SOLVED, deadline, closed, rng.choice(RESOLUTIONS))
        started = c[0].meeting.starts_at + timedelta(days=3)
        result.append(
            (
                p,
                [
                    update(p, started, "责任单位已制定整改方案并开始实施。", S.OPEN, S.IN_PROGRESS),
                    update(p, p.status_changed_at, p.resolution, S.IN_PROGRESS, S.SOLVED),
                ],
            )
        )
    for c in take(old, ctx.count(PROBLEMS_UNSOLVABLE)):
        day = c[0].meeting.starts_at.date()
        closed = min(day + timedelta(days=rng.randint(20, 90)), b.today - timedelta(days=1))
        p = problem(c, S.UNSOLVABLE, day + timedelta(days=60), closed, rng.choice(UNSOLVABLE_REASONS))
        result.append((p, [update(p, p.status_changed_at, p.resolution, S.OPEN, S.UNSOLVABLE)]))
    for status, n in ((S.IN_PROGRESS, PROBLEMS_IN_PROGRESS), (S.OPEN, PROBLEMS_OPEN)):
        for c in take(recent, ctx.count(n)):
            day = c[0].meeting.starts_at.date()
            if rng.random() < 0.35:
                deadline = b.day_between(day + timedelta(days=14), b.today - timedelta(days=1))  # overdue
            else:
                deadline = b.today + timedelta(days=rng.randint(7, 120))
            p = problem(c, status, deadline)
            notes = []
            if status == S.IN_PROGRESS:
                notes.append(
                    update(p, c[0].meeting.starts_at + timedelta(days=5), "已落实责任人，正在推进。", S.OPEN, status)
                )
            result.append((p, notes))
    _assign_others(b, [p for p, _notes in result])
    return result


def _assign_others(b: Builder, problems: list[TrackedProblem]) -> None:
    """Gives some problems to the street's or community's party organisation itself (``PARTY_ORG_SHARE``) and
    some to a department that is not a member (``DEPARTMENT_SHARE``), instead of a member unit."""
    rng = b.rng
    organisations = dict(
        PartyOrganisation.objects.filter(kind__in=AREA_ORGANISATION_KINDS, ends_on__isnull=True)
        .order_by("pk")
        .values_list("node_id", "pk")
    )
    for p in problems:
        roll = rng.random()
        if roll < PARTY_ORG_SHARE and p.alliance.node_id in organisations:
            p.responsible_unit_id, p.responsible_organisation_id = None, organisations[p.alliance.node_id]
            who = p.alliance.node.name + "党组织"
        elif roll < PARTY_ORG_SHARE + DEPARTMENT_SHARE:
            p.responsible_unit_id, p.responsible_department = None, rng.choice(DEPARTMENTS)
            who = p.responsible_department
        else:
            continue
        p.description = f"关于“{p.title}”问题：由{who}牵头，会同相关成员单位限期解决。"


def _activity(b: Builder, plan: Plan, kind: str, day: date, households: int = 0) -> tuple[Activity, list[int]]:
    """Returns an activity of ``plan`` on ``day`` with its participating units (members on that day)."""
    rng = b.rng
    members = plan.members_on(day)
    units = rng.sample(members, min(len(members), rng.randint(1, 4)))
    organiser = rng.choice(units) if units and rng.random() < 0.5 else None
    if kind == Activity.Kind.VISIT and not households:
        households = rng.randint(3, 15)
    starts_at = b.at(day)
    activity = Activity(
        alliance=plan.alliance,
        node_id=plan.alliance.node_id,
        kind=kind,
        title=f"{day.month}月{rng.choice(ACTIVITY_TITLES[kind])}",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=rng.choice((1, 2, 3))),
        place=organiser.unit.name if organiser else f"{plan.alliance.node.name}党群服务中心",
        organiser_unit_id=organiser.unit_id if organiser else None,
        unnamed_participants=rng.randint(*PARTICIPANTS[kind]),
        unnamed_households=households if kind == Activity.Kind.VISIT else 0,
    )
    return activity, [m.unit_id for m in units]


def _plan_activities(b: Builder, plans: list[Plan], four_ones: dict[int, set[str]]) -> list[tuple[Activity, list[int]]]:
    """Returns the activities: the 2020 theme party days and visits of the report, the aid drives and public
    events, the current period's as the four-ones plan says, upcoming ones, and the rest up to the total."""
    rng, ctx = b.rng, b.ctx
    K = Activity.Kind
    result = []
    end_2020 = date(2020, 12, 31)
    for _i in range(ctx.count(THEME_DAYS_2020)):
        plan = rng.choice(plans)
        result.append(_activity(b, plan, K.THEME_PARTY_DAY, b.day_between(FIRST_DAY, min(end_2020, plan.cutoff))))
    n_visits = ctx.count(VISITS_2020)
    households = split(max(ctx.count(HOUSEHOLDS_2020), n_visits), n_visits, rng, spread=0.6)
    for n in households:
        plan = rng.choice(plans)
        result.append(_activity(b, plan, K.VISIT, b.day_between(FIRST_DAY, min(end_2020, plan.cutoff)), n))
    for kind, n in ((K.AID_DRIVE, AID_DRIVES), (K.PUBLIC_EVENT, PUBLIC_EVENTS)):
        for _i in range(ctx.count(n)):
            plan = rng.choice(plans)
            result.append(_activity(b, plan, kind, b.day_between(FIRST_DAY, plan.cutoff - timedelta(days=1))))
    for i, plan in enumerate(plans):
        for kind in (K.THEME_PARTY_DAY, K.VOLUNTEER_SERVICE, K.VISIT):
            if kind in four_ones[i]:
                result.append(_activity(b, plan, kind, b.past_day_in(plan.cutoff, b.today)))
    for _i in range(ctx.count(UPCOMING_ACTIVITIES)):
        kind = rng.choice([k for k in K.values if k != K.VISIT])
        result.append(_activity(b, rng.choice(plans), kind, b.today + timedelta(days=rng.randint(1, 45))))
    kinds, weights = list(OTHER_KINDS), list(OTHER_KINDS.values())
    for _i in range(max(ctx.count(ACTIVITIES) - len(result), 0)):
        plan = rng.choice(plans)
        kind = rng.choices(kinds, weights=weights)[0]
        low = date(2021, 1, 1) if kind in (K.THEME_PARTY_DAY, K.VISIT) else FIRST_DAY
        result.append(_activity(b, plan, kind, b.day_between(low, plan.cutoff - timedelta(days=1))))
    return result


OWN_ACTIVITIES = 300  # theme party days of grid branches and duties of temporary branches, without an alliance
NAMED_SHARE = 0.6  # of activities, with some participants named (the rest are counted only)
NAMED_AT_MOST = 12  # participants named on one activity
POOL = 200  # people and households per area drawn from, one query each


def _plan_own_activities(b: Builder, city: Node) -> list[Activity]:
    """Returns activities that party organisations ran on their own: grid branches' theme party days and
    temporary branches' duties, in the last year (so the report's 2020 figures and the four ones stay those of
    the alliances)."""
    rng, ctx = b.rng, b.ctx
    kinds = {
        OrganisationKind.GRID_BRANCH: (Activity.Kind.THEME_PARTY_DAY, "主题党日：学习贯彻党的二十大精神"),
        OrganisationKind.TEMPORARY_BRANCH: (Activity.Kind.VOLUNTEER_SERVICE, "临时党支部应急值守"),
    }
    result = []
    for kind, (activity_kind, title) in kinds.items():
        organisations = list(
            PartyOrganisation.objects.filter(kind=kind, node__path__startswith=city.path)
            .select_related("node")
            .order_by("pk")[: ctx.count(OWN_ACTIVITIES)]
        )
        for org in rng.sample(organisations, min(len(organisations), ctx.count(OWN_ACTIVITIES) // 2)):
            starts_at = b.at(b.today - timedelta(days=rng.randint(1, 330)))
            result.append(
                Activity(
                    organisation=org,
                    node_id=org.node_id,
                    kind=activity_kind,
                    title=title,
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(hours=2),
                    place=f"{org.node.name}党群服务站",
                    unnamed_participants=rng.randint(5, 30),
                )
            )
    return result


def _name_who_took_part(b: Builder, activities: list[Activity]):
    """Names some participants of most activities (people living where the activity stands) and the
    households of visits (each household visited once in the demo, so distinct households equal the report's
    count), leaving the typed counts as the remainder not named. Returns (activity, person id) and (activity,
    household id) pairs, made into rows once the activities have their keys: pairs weigh a tenth of rows."""
    rng = b.rng
    nodes = {a.node_id for a in activities}
    paths = dict(Node.objects.filter(pk__in=nodes).values_list("pk", "path"))
    people: dict[int, list[int]] = {}
    households: dict[int, list[int]] = {}
    for node_id, path in sorted(paths.items()):
        # the first ones by key, sorted here: "ORDER BY pk LIMIT" leads the planner to walk the whole table's key
        people[node_id] = sorted(Person.objects.filter(node__path__startswith=path).values_list("pk", flat=True))[:POOL]
        households[node_id] = sorted(
            Household.objects.filter(node__path__startswith=path).values_list("pk", flat=True)
        )[:POOL]
        rng.shuffle(households[node_id])
    named, visited = [], []
    used: set[int] = set()  # a street's pool holds its communities' households: each is visited once at most
    for activity in activities:
        pool = people[activity.node_id]
        if pool and rng.random() < NAMED_SHARE:
            k = min(len(pool), NAMED_AT_MOST, activity.unnamed_participants)
            for person_id in rng.sample(pool, k):
                named.append((activity, person_id))
            activity.unnamed_participants -= k
        if activity.kind == Activity.Kind.VISIT:
            left = households[activity.node_id]
            while left and activity.unnamed_households:
                household_id = left.pop()
                if household_id not in used:
                    used.add(household_id)
                    visited.append((activity, household_id))
                    activity.unnamed_households -= 1
    return named, visited


def _date_as_held(rows: Sequence[JointMeeting | Activity]) -> None:
    """Dates the past meetings or activities about to be created as of when they started (kept on insert);
    those to come are created now."""
    now = timezone.now()
    for row in rows:
        if row.starts_at <= now:
            row.created_at = row.updated_at = row.starts_at


# --- seed and reset ---------------------------------------------------------------------------------


def seed(ctx: DemoContext) -> dict[str, int]:
    """Creates the demo alliances and everything they hold; returns {label: rows created}, {} when the
    city already has alliances or there is no city."""
    city = ctx.shared.get("city") or find_city()
    if city is None or Alliance.objects.filter(node__path__startswith=city.path).exists():
        return {}
    nodes = list(
        Node.objects.filter(path__startswith=city.path, kind__in=[Node.Kind.STREET, Node.Kind.COMMUNITY]).order_by(
            "path"
        )
    )
    if not nodes:
        return {}
    b = Builder(ctx)
    plans = _plan_alliances(b, nodes)
    for plan in plans:
        plan.cutoff = period_containing(b.today, plan.alliance.four_ones_period_months).starts_on
    ctx.bulk_create(Alliance, [p.alliance for p in plans], _("Creating alliances"))
    memberships = [m for plan in plans for m in plan.members]
    ctx.bulk_create(Membership, memberships, _("Creating memberships"))
    committees = _plan_committees(b, plans)
    ctx.bulk_create(Committee, [c for c, _units in committees], _("Creating committees"))
    through = Committee.units.through
    ctx.bulk_create(
        through,
        [through(committee_id=c.pk, memberunit_id=u) for c, units in committees for u in units],
        _("Creating committee members"),
    )
    terms = _plan_terms(b, plans)
    ctx.bulk_create(ChairTerm, terms, _("Creating chair terms"))

    four_ones = _four_ones_plan(b, plans)
    meetings = _plan_meetings(b, plans, four_ones)
    _date_as_held([mp.meeting for mp in meetings])
    ctx.bulk_create(JointMeeting, [mp.meeting for mp in meetings], _("Creating joint meetings"))
    agenda = [
        AgendaItem(meeting=mp.meeting, position=i, title=title)
        for mp in meetings
        for i, title in enumerate(mp.agenda, start=1)
    ]
    ctx.bulk_create(AgendaItem, agenda, _("Creating agenda items"))
    attendance = [a for mp in meetings for a in mp.attendance]
    ctx.bulk_create(Attendance, attendance, _("Creating attendance"))
    decisions = [d for mp in meetings for d, *_rest in mp.decisions]
    ctx.bulk_create(Decision, decisions, _("Creating decisions"))

    problems = _plan_problems(b, meetings)
    ctx.bulk_create(TrackedProblem, [p for p, _notes in problems], _("Creating tracked problems"))
    notes = [n for _p, ns in problems for n in ns]
    ctx.bulk_create(ProblemUpdate, notes, _("Creating progress notes"))  # dated as the story goes (kept)

    activities = _plan_activities(b, plans, four_ones)
    own = _plan_own_activities(b, city)
    named, visited = _name_who_took_part(b, [a for a, _units in activities] + own)  # before: it lowers the counts
    _date_as_held([a for a, _units in activities])
    ctx.bulk_create(Activity, [a for a, _units in activities] + own, _("Creating activities"))
    through = Activity.units.through
    taking_part = ctx.inserter(through)
    for activity, units in ctx.progress(activities, _("Creating participating units")):
        for unit_id in units:
            taking_part.add(through(activity_id=activity.pk, memberunit_id=unit_id))
    taking_part.flush()
    participants = ctx.inserter(ActivityParticipant)
    for activity, person_id in ctx.progress(named, _("Naming participants")):
        participants.add(ActivityParticipant(activity_id=activity.pk, person_id=person_id))
    participants.flush()
    households = ctx.inserter(ActivityHousehold)
    for activity, household_id in ctx.progress(visited, _("Recording households visited")):
        households.add(ActivityHousehold(activity_id=activity.pk, household_id=household_id))
    households.flush()

    created = {
        Alliance: len(plans),
        Membership: len(memberships),
        Committee: len(committees),
        ChairTerm: len(terms),
        JointMeeting: len(meetings),
        AgendaItem: len(agenda),
        Attendance: len(attendance),
        Decision: len(decisions),
        TrackedProblem: len(problems),
        ProblemUpdate: len(notes),
        Activity: len(activities),
    }
    return {str(model._meta.verbose_name_plural): n for model, n in created.items() if n}


def reset(ctx: DemoContext) -> dict[str, int]:
    """Deletes every activity (party organisations' own ones too) and every alliance with all it holds
    (members, terms, meetings, problems); returns rows deleted per label. Runs before the organisations, units
    and the tree are reset, which these protect."""
    _total, activities = Activity.objects.all().delete()  # a party organisation's own ones too
    _total, by_model = Alliance.objects.all().delete()
    by_model[Activity._meta.label] = activities.get(Activity._meta.label, 0)
    labels = {model._meta.label: str(model._meta.verbose_name_plural) for model in (Alliance, JointMeeting, Activity)}
    return {labels[label]: by_model.get(label, 0) for label in labels}
