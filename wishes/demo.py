"""The wishes' part of the demo city: a service menu in every community and a few thousand wishes at scale 1 in
every status, with their history; in the demo's home community, one wish of each kind the demo accounts act
on (to triage, open to claims, dispatched to the demo unit, claimed by the demo party member). Inserted with
``bulk_create``; nothing is created when the city has wishes already."""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, RoleAssignment
from grids.models import Node
from liaoyuan.core.demo import DemoContext
from organisations.models import PLANNED_END_KINDS, PartyOrganisation
from units.models import MemberUnit
from volunteers.models import Post
from wishes.models import Channel, ReplyTemplate, ServiceItem, ServiceQuestion, Wish, WishEvent
from wishes.services.wishes import CODE_ALPHABET, CODE_LENGTH


class Place(NamedTuple):
    """A building or stairwell unit, as the demo's wishes need it."""

    pk: int
    path: str
    depth: int


WISHES = 3000  # at scale 1
MENU = [
    (
        "送餐上门",
        "为高龄、独居老人每日送餐",
        "社区食堂",
        [("portions", "几份", "number", True, ""), ("meal", "哪一餐", "choice", True, "午餐|晚餐")],
    ),
    ("家电维修", "小家电、水电维修", "驻区单位志愿服务队", [("day", "希望上门日期", "date", False, "")]),
    ("陪伴聊天", "党员志愿者上门陪伴", "党员服务队", []),
    ("课业辅导", "为单亲家庭儿童辅导功课", "驻区学校", [("grade", "年级", "text", True, "")]),
    ("法律咨询", "律师事务所每周坐班", "驻区律师事务所", []),
    ("代办证件", "帮助老人代办各类证件", "社区工作者", []),
]
REPLIES = [
    ("不属于服务范围", "您好，该事项不属于社区服务范围，建议拨打12345市民热线咨询。"),
    ("已受理", "您好，您的心愿已受理，我们会尽快安排，请保持电话畅通。"),
    ("已联系上门", "已与您电话联系，约定上门时间。"),
    ("已办结", "已为您办好，如有问题请在14天内反馈。"),
]
WISH_TITLES = [
    "换灯泡",
    "修水龙头",
    "代买药品",
    "陪同就医",
    "疏通下水道",
    "送米面油",
    "理发上门",
    "辅导作业",
    "读报聊天",
    "修理轮椅",
]
STEPS = {
    "submitted": ["submitted"],
    "accepted": ["submitted", "accepted"],
    "declined": ["submitted", "declined"],
    "merged": ["submitted", "merged"],
    "dispatched": ["submitted", "accepted", "dispatched"],
    "claimed": ["submitted", "accepted", "claimed"],
    "in_progress": ["submitted", "accepted", "dispatched", "in_progress"],
    "done": ["submitted", "accepted", "dispatched", "done"],
    "rated": ["submitted", "accepted", "dispatched", "done", "rated"],
    "reopened": ["submitted", "accepted", "dispatched", "done", "reopened"],
}
# a step's time: six hours per place in this order after the wish was made
STEP_ORDER = (
    "submitted", "accepted", "dispatched", "claimed", "in_progress", "done", "rated", "reopened", "declined", "merged",
)  # fmt: skip
WEIGHTS = {
    "submitted": 6, "accepted": 6, "declined": 3, "merged": 2, "dispatched": 8, "claimed": 5,
    "in_progress": 6, "done": 14, "rated": 46, "reopened": 4,
}  # fmt: skip


def _code(rng) -> str:
    return "".join(rng.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def _phone(rng) -> str:
    return f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"


def seed(ctx: DemoContext) -> dict[str, int]:
    """Creates the menus and wishes; returns {label: rows}, {} when there are wishes already or no city."""
    city = ctx.shared.get("city") or Node.objects.filter(depth=1).first()
    if city is None or Wish.objects.exists():
        return {}
    rng = ctx.rng
    communities = {n.path: n for n in Node.objects.filter(path__startswith=city.path, kind=Node.Kind.COMMUNITY)}
    grids = {n.path: n for n in Node.objects.filter(path__startswith=city.path, kind=Node.Kind.GRID)}
    # every building and stairwell unit a wish may come from: a few fields each, not a node instance each
    buildings = [
        Place(*row)
        for row in Node.objects.filter(path__startswith=city.path, kind__in=[Node.Kind.BUILDING, Node.Kind.STAIRWELL])
        .order_by("path")
        .values_list("pk", "path", "depth")
    ]
    if not communities or not buildings:
        return {}
    step = Node.steplen

    def place(node: Place) -> tuple[Node, Node | None]:
        path = node.path
        community = next(communities[path[: i * step]] for i in range(1, node.depth) if path[: i * step] in communities)
        grid = next((grids[path[: i * step]] for i in range(1, node.depth) if path[: i * step] in grids), None)
        return community, grid

    items = [
        ServiceItem(community=c, title=title, description=description, provider=provider)
        for c in communities.values()
        for title, description, provider, _questions in MENU
    ]
    ctx.bulk_create(ServiceItem, items, _("Creating service menu items"))
    questions = [
        ServiceQuestion(item=item, code=code, label=label, kind=kind, required=required, choices=choices, order=i)
        for item in items
        for title, _d, _p, qs in MENU
        if title == item.title
        for i, (code, label, kind, required, choices) in enumerate(qs)
    ]
    ctx.bulk_create(ServiceQuestion, questions, _("Creating menu questions"))
    replies = [ReplyTemplate(community=c, title=t, text=x) for c in communities.values() for t, x in REPLIES]
    ctx.bulk_create(ReplyTemplate, replies, _("Creating reply templates"))
    items_by = {(item.community_id, item.title): item for item in items}
    units_by: dict[int, list[MemberUnit]] = {}
    for unit in MemberUnit.objects.filter(location__path__startswith=city.path).order_by("pk"):
        units_by.setdefault(unit.location_id, []).append(unit)
    # the vanguard posts and teams that serve the community (published at it, as the volunteers' demo does)
    posts_by: dict[int, list[Post]] = {}
    for post in Post.objects.filter(is_open=True, node__path__startswith=city.path).only("pk", "title", "node_id"):
        posts_by.setdefault(post.node_id, []).append(post)
    teams_by: dict[int, list[PartyOrganisation]] = {}
    teams = PartyOrganisation.objects.filter(kind__in=sorted(PLANNED_END_KINDS), node__path__startswith=city.path)
    for team in teams.only("pk", "name", "node_id").order_by("pk"):
        teams_by.setdefault(team.node_id, []).append(team)

    now = timezone.now()
    today = ctx.today
    statuses, weights = list(WEIGHTS), list(WEIGHTS.values())
    wishes: list[Wish] = []
    plans: list[tuple[Wish, list[str], datetime.datetime]] = []
    last_in: dict[int, Wish] = {}

    def make(building: Place, status: str, **fields) -> Wish:
        community, grid = place(building)
        created = now - datetime.timedelta(days=rng.uniform(0.1, 365))
        order = rng.random() < 0.4
        title = rng.choice(MENU)[0] if order else rng.choice(WISH_TITLES)
        wish = Wish(
            kind=Wish.Kind.ORDER if order else Wish.Kind.WISH,
            item=items_by[(community.pk, title)] if order else None,
            community=community,
            grid=grid,
            building_id=building.pk,
            title=title,
            description="",
            contact_phone=_phone(rng),
            door=f"{rng.randint(1, 6)}0{rng.randint(1, 4)}",
            channel=rng.choice(
                [Channel.WEB] * 4 + [Channel.MAILBOX, Channel.HOME_VISIT, Channel.WECHAT, Channel.PHONE]
            ),
            care_group=rng.choice([""] * 8 + ["elderly_alone", "disabled", "single_parent"]),
            tracking_code=_code(rng),
            status=status,
        )
        if order and wish.item.title == "送餐上门":
            wish.answers = {"portions": str(rng.randint(1, 3)), "meal": rng.choice(["午餐", "晚餐"])}
        units = units_by.get(community.pk, [])
        if status in ("dispatched", "claimed", "in_progress", "done", "rated", "reopened"):
            if units and rng.random() < 0.6:
                wish.provider_kind, wish.provider_unit = "unit", rng.choice(units)
            elif posts_by.get(community.pk) and (rng.random() < 0.5 or not teams_by.get(community.pk)):
                post = rng.choice(posts_by[community.pk])
                wish.provider_kind, wish.provider_post, wish.provider_name = "post", post, post.title
            elif teams_by.get(community.pk):
                team = rng.choice(teams_by[community.pk])
                wish.provider_kind, wish.provider_team, wish.provider_name = "team", team, team.name
            else:  # a community without posts or teams in the demo: its own party organisation serves it
                wish.provider_kind, wish.provider_name = "team", f"{community.name}党员志愿服务队"
            wish.promised_on = (created + datetime.timedelta(days=rng.randint(2, 10))).date()
            if status in ("dispatched", "claimed", "in_progress"):  # some still within their promise, some late
                wish.promised_on = today + datetime.timedelta(days=rng.randint(-6, 7))
        if status == "declined":
            wish.reason = "不属于社区服务范围，已告知可拨打12345"
        if status == "merged":
            original = last_in.get(community.pk)
            if original is None:
                wish.status, status = "declined", "declined"
                wish.reason = "重复提交"
            else:
                wish.duplicate_of = original
        if status in ("done", "rated", "reopened"):
            wish.done_at = created + datetime.timedelta(days=rng.randint(1, 10))
        if status == "rated":
            wish.rating = rng.choices([5, 4, 3, 2, 1], [60, 25, 8, 4, 3])[0]
            wish.rating_comment = rng.choice(["", "很及时，谢谢社区", "服务态度好", ""])
        for name, value in fields.items():
            setattr(wish, name, value)
        wish.status_changed_at = created
        last_in.setdefault(community.pk, wish)
        wishes.append(wish)
        plans.append((wish, STEPS[wish.status], created))
        return wish

    _home_wishes(make, buildings)
    for _i in range(ctx.count(WISHES)):
        make(rng.choice(buildings), rng.choices(statuses, weights)[0])
    # a merged wish points at a wish created before it: save the originals first
    for wish, _steps, created in plans:  # dated as the story goes (kept on insert)
        wish.created_at = created
    originals = [w for w in wishes if w.duplicate_of is None]
    ctx.bulk_create(Wish, originals, _("Creating wishes"))
    for wish in wishes:
        if wish.duplicate_of is not None:
            wish.duplicate_of_id = wish.duplicate_of.pk
    ctx.bulk_create(Wish, [w for w in wishes if w.duplicate_of is not None], _("Creating merged wishes"))
    events = []
    for wish, steps, created in plans:
        for i, status in enumerate(steps):
            events.append(
                WishEvent(
                    wish=wish,
                    status_from=steps[i - 1] if i else "",
                    status_to=status,
                    note=wish.reason if status == "declined" else "",
                    at=created + datetime.timedelta(hours=6 * STEP_ORDER.index(status)),
                )
            )
    ctx.bulk_create(WishEvent, events, _("Creating wish history"))
    return {
        _("service menu items"): len(items),
        _("reply templates"): len(replies),
        _("wishes"): len(wishes),
        _("wish history lines"): len(events),
    }


def _home_wishes(make, buildings) -> int:
    """In the demo's home community: a wish to triage, one open to claims, one dispatched to the demo unit, one
    claimed by the demo party member. Returns how many were made."""
    secretary = (
        RoleAssignment.objects.filter(role=Role.COMMUNITY_SECRETARY, user__username="community")
        .select_related("node")
        .first()
    )
    if secretary is None:
        return 0
    home = secretary.node
    inside = [b for b in buildings if b.path.startswith(home.path)]
    if not inside:
        return 0
    unit = RoleAssignment.objects.filter(role=Role.UNIT_ADMIN, user__username="unit").select_related("unit").first()
    member = (
        RoleAssignment.objects.filter(role=Role.PARTY_MEMBER, user__username="member")
        .select_related("user__person")
        .first()
    )
    later = timezone.localdate() + datetime.timedelta(days=5)
    make(inside[0], "submitted")
    make(inside[0], "accepted")
    if unit is not None and unit.unit.location_id == home.pk:
        make(
            inside[0], "dispatched", provider_kind="unit", provider_unit=unit.unit, provider_name="", promised_on=later
        )
    if member is not None and member.user.person and member.user.person.node.path.startswith(home.path):
        make(
            inside[0],
            "claimed",
            provider_kind="volunteer",
            provider_unit=None,
            provider_name="",
            provider_person=member.user.person,
            promised_on=later,
        )
    return 4


def reset(ctx: DemoContext) -> dict[str, int]:
    merged = Wish.objects.filter(duplicate_of__isnull=False).delete()[0]  # before the wishes they name
    deleted = {_("wishes"): merged + Wish.objects.all().delete()[0]}
    deleted[_("service menu items")] = ServiceItem.objects.all().delete()[0]
    deleted[_("reply templates")] = ReplyTemplate.objects.all().delete()[0]
    return deleted
