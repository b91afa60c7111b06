"""Demo data for the ledgers: the four lists of every street and community, and the secretaries' projects.

The totals are those of the city's report at scale 1 (``ctx.count``): 1,200+ list items, of which about
400 needs met (by projects done); 363 secretary projects, all completed. Every item has its "created" row
in the history; matches commit resources without ever taking more than a resource has. Everything is
inserted with ``bulk_create``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from grids.demo import find_city
from grids.models import Node
from ledgers.models import (
    SECRETARY_NODE_KINDS,
    Category,
    ContactLog,
    ContactPoint,
    ItemChange,
    ListKind,
    Match,
    Milestone,
    Need,
    Project,
    Resource,
    Responsibility,
    SecretaryProject,
    Urgency,
)
from liaoyuan.core.demo import DemoContext, person_name
from organisations.conversion import organisations_from_names
from organisations.models import PartyOrganisation
from units.models import MemberUnit

NEEDS_MET = 400  # "needs met ~400"
NEEDS_IN_PROJECT = 60
NEEDS_MATCHED = 30
NEEDS_OPEN = 40
NEEDS_UNMEETABLE = 12
RESOURCES = 340
PROJECTS_DONE = 150
PROJECTS_IN_PROGRESS = 35
PROJECTS_PLANNED = 15
RESPONSIBILITIES = 160  # list items in all: 542 + 340 + 200 + 160 = 1,242 ("1,200+")
SECRETARY_PROJECTS = 363  # all completed
CONTACT_POINTS = 713
PERSON_VISITS = 1430  # "1,430 person-visits" (visits and research)
LECTURES = 1576

NEED_TITLES = {
    Category.VENUE: ["老年活动室", "儿童托管场地", "居民议事场所", "党员活动室", "健身场地", "阅览室"],
    Category.FUNDS: ["楼道照明改造资金", "老旧小区修缮资金", "困难家庭帮扶资金", "助学资金"],
    Category.PEOPLE: ["助餐志愿者", "独居老人陪护", "环境整治志愿者", "文明劝导员"],
    Category.SKILLS: ["法律咨询", "义诊服务", "心理疏导", "家电维修", "就业培训"],
    Category.EQUIPMENT: ["健身器材", "消防器材", "桌椅", "电脑", "垃圾分类桶"],
    Category.INFORMATION: ["用工信息", "政策宣讲", "防诈骗宣传", "医保政策解读"],
}
RESOURCE_TITLES = {
    Category.VENUE: ("会议室", "m²"),
    Category.FUNDS: ("共建资金", "元"),
    Category.PEOPLE: ("志愿服务队", "人"),
    Category.SKILLS: ("专业服务", "小时"),
    Category.EQUIPMENT: ("设备物资", "件"),
    Category.INFORMATION: ("信息发布", "条"),
}
SECRETARY_TITLES = [
    "党群服务中心建设",
    "推行社工岗",
    "保障党建经费",
    "街道管理体制改革",
    "网格党建全覆盖",
    "老旧小区改造",
    "红色物业建设",
    "在职党员双报到",
]


def seed(ctx: DemoContext) -> dict[str, int]:
    """Creates the demo lists, secretary projects and contact points, each part unless it is there already;
    {} when everything is there or there is no city."""
    city = ctx.shared.get("city") or find_city()
    if city is None:
        return {}
    created: dict[str, int] = {}
    if not Need.objects.filter(node__path__startswith=city.path).exists():
        created.update(_seed_lists(ctx, city))
    if not ContactPoint.objects.filter(node__path__startswith=city.path).exists():
        created.update(_seed_contact_points(ctx, city))
    return created


def _seed_contact_points(ctx: DemoContext, city: Node) -> dict[str, int]:
    """Secretaries of every level linked to party branches below them (713 at scale 1), with person-visits and
    research (1,430 person-visits) and party lectures (1,576) logged since they were set up. The branches are
    the party organisations' records (made from the tree's names when the organisations' demo has not)."""
    if not PartyOrganisation.objects.filter(node__path__startswith=city.path).exists():
        organisations_from_names(PartyOrganisation, Node, MemberUnit)
    branches = list(
        PartyOrganisation.objects.filter(node__path__startswith=city.path, ends_on=None)
        .exclude(
            kind__in=[
                PartyOrganisation.Kind.STREET_COMMITTEE,
                PartyOrganisation.Kind.COMMUNITY_COMMITTEE,
                PartyOrganisation.Kind.BUILDING_GROUP,
            ]
        )
        .select_related("node")
        .order_by("node__path", "pk")
    )
    levels = list(Node.objects.filter(path__startswith=city.path, kind__in=SECRETARY_NODE_KINDS).order_by("path"))
    if not branches or not levels:
        return {}
    rng = ctx.rng
    under: dict[str, list] = defaultdict(list)  # node path → the branches strictly below it, in order
    steplen = Node.steplen
    for branch in branches:
        path = branch.node.path
        for end in range(steplen, len(path), steplen):
            under[path[:end]].append(branch)
    below = {level.pk: under.get(level.path, []) for level in levels}
    levels = [level for level in levels if below[level.pk]]
    secretaries = {level.pk: person_name(rng) for level in levels}
    points, taken = [], set()
    target = ctx.count(CONTACT_POINTS)
    attempts = 0
    while len(points) < target and attempts < target * 20:
        attempts += 1
        level = levels[attempts % len(levels)]
        branch = rng.choice(below[level.pk])
        if (level.pk, branch.pk) in taken:
            continue
        taken.add((level.pk, branch.pk))
        points.append(
            ContactPoint(
                node=level,
                secretary=secretaries[level.pk],
                organisation=branch,
                established_on=max(branch.founded_on, ctx.days_ago(400, 1500)),
            )
        )
    ctx.bulk_create(ContactPoint, points, _("Linking secretaries to party branches"))
    logs = []
    visits_left = ctx.count(PERSON_VISITS)
    while visits_left > 0:
        point = rng.choice(points)
        people = min(visits_left, rng.randint(1, 3))
        visits_left -= people
        kind = ContactLog.Kind.VISIT if rng.random() < 0.7 else ContactLog.Kind.RESEARCH
        logs.append(_log(ctx, point, kind, people))
    for _i in range(ctx.count(LECTURES)):
        logs.append(_log(ctx, rng.choice(points), ContactLog.Kind.LECTURE, rng.randint(10, 80)))
    ctx.bulk_create(ContactLog, logs, _("Logging visits and party lectures"))
    return {_("contact points"): len(points), _("visits and lectures"): len(logs)}


def _log(ctx: DemoContext, point, kind: str, people: int):
    span = max(0, (ctx.today - point.established_on).days)
    on = point.established_on + timedelta(days=ctx.rng.randint(0, span))
    titles = {
        ContactLog.Kind.VISIT: _("Visit to the branch"),
        ContactLog.Kind.RESEARCH: _("Research at the branch"),
        ContactLog.Kind.LECTURE: _("Party lecture"),
    }
    return ContactLog(contact_point=point, kind=kind, on=on, title=str(titles[kind]), people=people)


def _seed_lists(ctx: DemoContext, city: Node) -> dict[str, int]:
    """Creates the four lists and the secretary projects."""
    nodes = list(
        Node.objects.filter(
            path__startswith=city.path, kind__in=[Node.Kind.STREET, Node.Kind.TOWN, Node.Kind.COMMUNITY]
        ).order_by("path")
    )
    if not nodes:
        return {}
    rng, today = ctx.rng, ctx.today
    units_by_community: dict[int, list[int]] = {}
    for unit_id, community_id in MemberUnit.objects.filter(location__path__startswith=city.path).values_list(
        "pk", "location_id"
    ):
        units_by_community.setdefault(community_id, []).append(unit_id)
    parent_of = {n.pk: n.parent_path for n in nodes}
    units_of_children: dict[str, list[int]] = defaultdict(list)  # a street's path → its communities' units
    for n in nodes:
        units_of_children[n.parent_path] += units_by_community.get(n.pk, [])

    def unit_near(node: Node) -> int | None:
        choices = units_by_community.get(node.pk) or units_of_children.get(node.path)
        return rng.choice(choices) if choices else None

    def street_of(node: Node) -> str:
        return parent_of[node.pk] if node.kind == Node.Kind.COMMUNITY else node.path

    # resources: a unit's or a person's offer, in a street or community
    resources = []
    for i in range(ctx.count(RESOURCES)):
        node = nodes[i % len(nodes)]
        category = rng.choice(Category.values)
        stem, measure = RESOURCE_TITLES[category]
        unit = unit_near(node)
        quantity = rng.randint(5, 60)
        start = ctx.days_ago(200, 900)
        resources.append(
            Resource(
                node=node,
                title=f"{node.name}{stem}{i + 1}",
                category=category,
                provider_unit_id=unit,
                provider_name="" if unit else person_name(rng),
                quantity=quantity,
                remaining=quantity,
                measure=measure,
                available_from=start,
                available_until=None if rng.random() < 0.5 else today + timedelta(days=rng.randint(30, 720)),
            )
        )
    ctx.bulk_create(Resource, resources, _("Creating resources"))
    resources_by_street: dict[tuple[str, str], list[Resource]] = {}
    for resource in resources:
        resources_by_street.setdefault((street_of(resource.node), resource.category), []).append(resource)

    # needs, by final status
    plan = (
        [Need.Status.MET] * ctx.count(NEEDS_MET)
        + [Need.Status.IN_PROJECT] * ctx.count(NEEDS_IN_PROJECT)
        + [Need.Status.MATCHED] * ctx.count(NEEDS_MATCHED)
        + [Need.Status.OPEN] * ctx.count(NEEDS_OPEN)
        + [Need.Status.UNMEETABLE] * ctx.count(NEEDS_UNMEETABLE)
    )
    needs = []
    for i, status in enumerate(plan):
        node = nodes[(i * 7) % len(nodes)]
        category = rng.choice(Category.values)
        needs.append(
            Need(
                node=node,
                title=f"{rng.choice(NEED_TITLES[category])}（{node.name}）",
                category=category,
                source=rng.choice(Need.Source.values),
                people_affected=rng.randint(3, 300),
                urgency=rng.choice(Urgency.values),
                needed_by=ctx.days_ago(-180, 400),
                status=status,
                met_on=ctx.days_ago(10, 700) if status == Need.Status.MET else None,
                unmet_reason=_("Beyond what the street can provide; reported to the district.")
                if status == Need.Status.UNMEETABLE
                else "",
            )
        )
    ctx.bulk_create(Need, needs, _("Creating needs"))

    # matches: a need that got beyond "open" took something from a resource of its street and category
    matches = []
    for need in needs:
        if need.status in (Need.Status.OPEN, Need.Status.UNMEETABLE):
            continue
        candidates = [r for r in resources_by_street.get((street_of(need.node), need.category), []) if r.remaining > 0]
        if not candidates:
            continue
        resource = rng.choice(candidates)
        quantity = min(resource.remaining, rng.randint(1, 4))
        resource.remaining -= quantity
        matches.append(Match(need=need, resource=resource, quantity=quantity))
    ctx.bulk_create(Match, matches, _("Creating matches"))
    ctx.bulk_update(Resource, [r for r in resources if r.remaining != r.quantity], ["remaining"])

    # projects: done ones meet the met needs, others hold the needs in a project
    project_plan = (
        [Project.Status.DONE] * ctx.count(PROJECTS_DONE)
        + [Project.Status.IN_PROGRESS] * ctx.count(PROJECTS_IN_PROGRESS)
        + [Project.Status.PLANNED] * ctx.count(PROJECTS_PLANNED)
    )
    projects = []
    for i, status in enumerate(project_plan):
        node = nodes[(i * 3) % len(nodes)]
        unit = unit_near(node)
        starts = ctx.days_ago(60, 800)
        projects.append(
            Project(
                node=node,
                title=_("%(place)s co-building project %(n)s") % {"place": node.name, "n": i + 1},
                owner_unit_id=unit,
                owner_name="" if unit else person_name(rng),
                budget=Decimal(rng.randint(0, 200) * 500),
                starts_on=starts,
                ends_on=starts + timedelta(days=rng.randint(30, 240)),
                status=status,
                results=_("Done as planned; residents satisfied.") if status == Project.Status.DONE else "",
                done_on=ctx.days_ago(5, 600) if status == Project.Status.DONE else None,
            )
        )
    ctx.bulk_create(Project, projects, _("Creating projects"))
    done = [p for p in projects if p.status == Project.Status.DONE]
    running = [p for p in projects if p.status != Project.Status.DONE]
    need_links = []
    for index, need in enumerate(n for n in needs if n.status == Need.Status.MET):
        need_links.append(Project.needs.through(project_id=done[index % len(done)].pk, need_id=need.pk))
    for index, need in enumerate(n for n in needs if n.status == Need.Status.IN_PROJECT):
        need_links.append(Project.needs.through(project_id=running[index % len(running)].pk, need_id=need.pk))
    ctx.bulk_create(Project.needs.through, need_links, _("Linking needs to projects"))
    resource_links = []
    resources_in_street: dict[str, list[Resource]] = defaultdict(list)
    for resource in resources:
        resources_in_street[street_of(resource.node)].append(resource)
    for project in projects:
        pool = resources_in_street.get(street_of(project.node), [])
        for resource in rng.sample(pool, min(len(pool), rng.randint(1, 2))):
            resource_links.append(Project.resources.through(project_id=project.pk, resource_id=resource.pk))
    ctx.bulk_create(Project.resources.through, resource_links, _("Linking resources to projects"))

    milestones = []
    for project in projects:
        for step, title in enumerate((_("Start"), _("Half way"), _("Acceptance"))):
            due = project.starts_on + timedelta(days=30 * (step + 1))
            reached = project.status == Project.Status.DONE or (
                project.status == Project.Status.IN_PROGRESS and step == 0
            )
            milestones.append(
                Milestone(project=project, title=title, due_on=due, done_on=min(due, today) if reached else None)
            )
    ctx.bulk_create(Milestone, milestones, _("Creating milestones"))

    responsibilities = []
    for i in range(ctx.count(RESPONSIBILITIES)):
        project = projects[i % len(projects)]
        unit = unit_near(project.node)
        closed = project.status == Project.Status.DONE or rng.random() < 0.3
        deadline = project.starts_on + timedelta(days=rng.randint(20, 200))
        responsibilities.append(
            Responsibility(
                project=project,
                task=_("Carry out part %(n)s") % {"n": i + 1},
                unit_id=unit,
                person_name="" if unit else person_name(rng),
                deadline=deadline,
                completed_on=min(deadline, today) if closed else None,
                completion_note=_("Completed and checked.") if closed else "",
            )
        )
    ctx.bulk_create(Responsibility, responsibilities, _("Creating responsibilities"))

    changes = [
        ItemChange(kind=kind, item_id=obj.pk, node_id=node_id, action="created")
        for kind, objs, node_of in (
            (ListKind.NEED, needs, lambda o: o.node_id),
            (ListKind.RESOURCE, resources, lambda o: o.node_id),
            (ListKind.PROJECT, projects, lambda o: o.node_id),
            (ListKind.RESPONSIBILITY, responsibilities, lambda o: o.project.node_id),
        )
        for obj in objs
        for node_id in [node_of(obj)]
    ]
    ctx.bulk_create(ItemChange, changes, _("Writing the lists' history"))

    # secretary projects of past years at every level, all completed
    levels = list(
        Node.objects.filter(
            path__startswith=city.path,
            kind__in=[Node.Kind.CITY, Node.Kind.DISTRICT, Node.Kind.COUNTY, Node.Kind.STREET, Node.Kind.TOWN]
            + [Node.Kind.COMMUNITY],
        ).order_by("path")
    )
    secretary_projects = []
    secretaries = {node.pk: person_name(rng) for node in levels}
    seen: set[tuple[int, int, str]] = set()
    i = 0
    while len(secretary_projects) < ctx.count(SECRETARY_PROJECTS):
        node = levels[i % len(levels)]
        year = today.year - 1 - (i // len(levels)) % 4
        title = SECRETARY_TITLES[(i // (4 * len(levels)) + i) % len(SECRETARY_TITLES)]
        i += 1
        if (node.pk, year, title) in seen:
            continue
        seen.add((node.pk, year, title))
        secretary_projects.append(
            SecretaryProject(
                node=node,
                secretary=secretaries[node.pk],
                year=year,
                title=title,
                plan=_("Plan set at the start of the year."),
                half_year_check=_("On schedule at half year."),
                checked_on=today.replace(year=year, month=7, day=10),
                result=_("Completed; see the year-end report."),
                closed_on=today.replace(year=year, month=12, day=20),
                status=SecretaryProject.Status.COMPLETED,
            )
        )
        if i > 100 * ctx.count(SECRETARY_PROJECTS):
            break
    ctx.bulk_create(SecretaryProject, secretary_projects, _("Creating secretary projects"))
    return {
        _("needs"): len(needs),
        _("resources"): len(resources),
        _("projects"): len(projects),
        _("responsibilities"): len(responsibilities),
        _("matches"): len(matches),
        _("secretary projects"): len(secretary_projects),
    }


def reset(ctx: DemoContext) -> dict[str, int]:
    """Deletes every list item, their history and every secretary project; returns rows deleted per label."""
    counts = {
        str(ContactPoint._meta.verbose_name_plural): ContactPoint.objects.all().delete()[0],
        str(Responsibility._meta.verbose_name_plural): Responsibility.objects.all().delete()[0],
        str(Project._meta.verbose_name_plural): Project.objects.all().delete()[0],
        str(Match._meta.verbose_name_plural): Match.objects.all().delete()[0],
        str(Need._meta.verbose_name_plural): Need.objects.all().delete()[0],
        str(Resource._meta.verbose_name_plural): Resource.objects.all().delete()[0],
        str(SecretaryProject._meta.verbose_name_plural): SecretaryProject.objects.all().delete()[0],
    }
    ItemChange.objects.all().delete()
    return counts
