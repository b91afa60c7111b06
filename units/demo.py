"""Demo data for member units: about seven per alliance (one alliance per street and per community).

A community alliance's units are stationed in that community; a street alliance's units are attached to
one of the street's communities. Besides them, city-level units (市直单位: agencies, state-owned enterprises
and institutions located at the city, ``CITY_UNITS`` at scale 1) join several alliances anywhere in the city.
"""

from __future__ import annotations

import random

from django.utils.translation import gettext as _

from grids.demo import find_city
from grids.models import Node
from liaoyuan.core.demo import ROAD_NAMES, DemoContext, landline, mobile_phone, person_name
from units.models import MemberUnit

UNITS_PER_ALLIANCE = (5, 9)  # inclusive range; 7 on average, ~430 in the city at scale 1
# City-level units (市直单位), located at the city: name, kind, party organisation kind.
CITY_UNIT_NAMES = (
    ("辽源市民政局", MemberUnit.Kind.AGENCY, MemberUnit.PartyOrgKind.COMMITTEE),
    ("辽源市住房和城乡建设局", MemberUnit.Kind.AGENCY, MemberUnit.PartyOrgKind.COMMITTEE),
    ("辽源市城市管理局", MemberUnit.Kind.AGENCY, MemberUnit.PartyOrgKind.COMMITTEE),
    ("辽源市卫生健康委员会", MemberUnit.Kind.AGENCY, MemberUnit.PartyOrgKind.COMMITTEE),
    ("辽源市人民医院", MemberUnit.Kind.PUBLIC_INSTITUTION, MemberUnit.PartyOrgKind.COMMITTEE),
    ("辽源市第一高级中学", MemberUnit.Kind.PUBLIC_INSTITUTION, MemberUnit.PartyOrgKind.GENERAL_BRANCH),
    ("辽源市供水集团有限公司", MemberUnit.Kind.ENTERPRISE, MemberUnit.PartyOrgKind.COMMITTEE),
    ("辽源市热力集团有限公司", MemberUnit.Kind.ENTERPRISE, MemberUnit.PartyOrgKind.COMMITTEE),
    ("辽源市公共交通有限公司", MemberUnit.Kind.ENTERPRISE, MemberUnit.PartyOrgKind.GENERAL_BRANCH),
    ("辽源市图书馆", MemberUnit.Kind.PUBLIC_INSTITUTION, MemberUnit.PartyOrgKind.BRANCH),
    ("辽源市税务局", MemberUnit.Kind.AGENCY, MemberUnit.PartyOrgKind.COMMITTEE),
    ("辽源市公安局", MemberUnit.Kind.AGENCY, MemberUnit.PartyOrgKind.COMMITTEE),
)
CITY_UNITS = 12  # at scale 1 (at least 2 at any scale)

KIND_WEIGHTS = {
    MemberUnit.Kind.AGENCY: 20,
    MemberUnit.Kind.ENTERPRISE: 20,
    MemberUnit.Kind.PUBLIC_INSTITUTION: 25,
    MemberUnit.Kind.SOCIAL_ORGANISATION: 10,
    MemberUnit.Kind.NON_PUBLIC: 25,
}

# Name patterns per kind: {d} the district, {s} the street's stem, {c} the community's stem, {n} a number.
NAME_PATTERNS: dict[str, tuple[str, ...]] = {
    MemberUnit.Kind.AGENCY: (
        "{d}民政局",
        "{d}住房和城乡建设局",
        "{d}城市管理执法局",
        "{d}人力资源和社会保障局",
        "{d}市场监督管理局",
        "{d}卫生健康局",
        "{d}教育局",
        "{d}司法局",
        "{d}退役军人事务局",
        "{d}应急管理局",
        "{d}财政局",
        "{d}统计局",
        "{d}审计局",
        "{d}生态环境分局",
        "{d}交通运输局",
        "{d}文化广播电视和旅游局",
        "{s}派出所",
        "{s}司法所",
        "{s}市场监管所",
        "{s}税务分局",
        "辽源市{d}自然资源分局",
    ),
    MemberUnit.Kind.ENTERPRISE: (
        "国网辽源供电公司{s}供电所",
        "辽源矿业集团{c}分公司",
        "中国移动辽源分公司{c}营业厅",
        "辽源市自来水公司{s}营业所",
        "辽源热电有限公司{c}换热站",
        "中国邮政辽源市{c}支局",
        "吉林银行辽源{c}支行",
        "中国工商银行辽源{c}支行",
        "中国农业银行辽源{c}支行",
        "中国建设银行辽源{c}支行",
        "辽源市燃气公司{s}服务站",
        "中国联通辽源分公司{c}营业厅",
        "辽源市公交集团第{n}车队",
    ),
    MemberUnit.Kind.PUBLIC_INSTITUTION: (
        "辽源市第{n}中学",
        "辽源市第{n}小学",
        "{c}小学",
        "{c}幼儿园",
        "{c}社区卫生服务站",
        "{s}社区卫生服务中心",
        "辽源市第{n}人民医院",
        "辽源市图书馆{s}分馆",
        "{s}综合文化站",
        "辽源市{c}敬老院",
        "辽源职业技术学院{c}教学点",
        "{s}便民服务中心",
    ),
    MemberUnit.Kind.SOCIAL_ORGANISATION: (
        "{c}志愿者协会",
        "{s}社会工作服务中心",
        "{c}老年人协会",
        "{s}慈善分会",
        "{s}商会",
        "{c}红十字服务队",
        "{c}文体协会",
        "{s}个体劳动者协会",
    ),
    MemberUnit.Kind.NON_PUBLIC: (
        "辽源{c}商贸有限公司",
        "辽源{c}物业服务有限公司",
        "辽源{c}袜业有限公司",
        "辽源{c}纺织有限公司",
        "辽源{c}家政服务有限公司",
        "辽源{c}餐饮管理有限公司",
        "辽源{c}大药房连锁有限公司",
        "辽源{c}建筑工程有限公司",
        "{c}超市",
        "辽源{c}汽车服务有限公司",
        "辽源{c}食品有限公司",
        "{c}养老服务中心",
    ),
}

PARTY_ORG_WEIGHTS = {
    MemberUnit.PartyOrgKind.COMMITTEE: 10,
    MemberUnit.PartyOrgKind.GENERAL_BRANCH: 20,
    MemberUnit.PartyOrgKind.BRANCH: 60,
    MemberUnit.PartyOrgKind.NONE: 10,
}
PARTY_ORG_SUFFIX = {
    MemberUnit.PartyOrgKind.COMMITTEE: "党委",
    MemberUnit.PartyOrgKind.GENERAL_BRANCH: "党总支",
    MemberUnit.PartyOrgKind.BRANCH: "党支部",
    MemberUnit.PartyOrgKind.NONE: "",
}
PARTY_MEMBERS = {
    MemberUnit.PartyOrgKind.COMMITTEE: (50, 300),
    MemberUnit.PartyOrgKind.GENERAL_BRANCH: (20, 80),
    MemberUnit.PartyOrgKind.BRANCH: (3, 40),
    MemberUnit.PartyOrgKind.NONE: (0, 2),
}


def _stem(name: str, suffix: str) -> str:
    """Returns ``name`` without ``suffix`` (向阳街道 → 向阳)."""
    return name.removesuffix(suffix)


def _unit_name(rng: random.Random, kind: str, district: str, street: str, community: str, taken: set[str]) -> str:
    """Returns a name for a unit of ``kind`` not yet in ``taken`` (and adds it there)."""
    patterns = list(NAME_PATTERNS[kind])
    rng.shuffle(patterns)
    for pattern in patterns:
        name = pattern.format(d=district, s=_stem(street, "街道"), c=_stem(community, "社区"), n=rng.randint(1, 30))
        if name not in taken:
            taken.add(name)
            return name
    n = 2
    while f"{name}（{n}）" in taken:
        n += 1
    taken.add(f"{name}（{n}）")
    return f"{name}（{n}）"


def seed(ctx: DemoContext) -> dict[str, int]:
    """Creates about seven member units per street and community alliance; returns {label: rows created},
    {} when the city already has units or there is no city."""
    city = ctx.shared.get("city") or find_city()
    if city is None or MemberUnit.objects.filter(location__path__startswith=city.path).exists():
        return {}
    rng = ctx.rng
    nodes = list(
        Node.objects.filter(
            path__startswith=city.path, kind__in=[Node.Kind.DISTRICT, Node.Kind.STREET, Node.Kind.COMMUNITY]
        ).order_by("path")
    )
    by_path = {node.path: node for node in nodes}
    communities_of: dict[str, list[Node]] = {}
    for node in nodes:
        if node.kind == Node.Kind.COMMUNITY:
            communities_of.setdefault(node.parent_path, []).append(node)

    kinds, kind_weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    org_kinds, org_weights = list(PARTY_ORG_WEIGHTS), list(PARTY_ORG_WEIGHTS.values())
    taken: dict[int, set[str]] = {}
    units: list[MemberUnit] = []
    alliances = [node for node in nodes if node.kind in (Node.Kind.STREET, Node.Kind.COMMUNITY)]
    for alliance in ctx.progress(alliances, _("Planning member units")):
        if alliance.kind == Node.Kind.STREET:
            street, homes = alliance, communities_of.get(alliance.path, [])
        else:
            street, homes = by_path[alliance.parent_path], [alliance]
        if not homes:
            continue
        district = by_path[street.parent_path]
        for _i in range(rng.randint(*UNITS_PER_ALLIANCE)):
            community = rng.choice(homes)
            kind = rng.choices(kinds, weights=kind_weights)[0]
            org_kind = rng.choices(org_kinds, weights=org_weights)[0]
            if kind == MemberUnit.Kind.AGENCY and org_kind == MemberUnit.PartyOrgKind.NONE:
                org_kind = MemberUnit.PartyOrgKind.BRANCH  # every agency has a party organisation
            name = _unit_name(
                rng, kind, district.name, street.name, community.name, taken.setdefault(community.pk, set())
            )
            has_org = org_kind != MemberUnit.PartyOrgKind.NONE
            units.append(
                MemberUnit(
                    name=name,
                    kind=kind,
                    location=community,
                    party_org_kind=org_kind,
                    party_org_name=f"{name}{PARTY_ORG_SUFFIX[org_kind]}" if has_org else "",
                    party_secretary=person_name(rng) if has_org else "",
                    party_member_count=rng.randint(*PARTY_MEMBERS[org_kind]),
                    leader=person_name(rng),
                    phone=landline(rng) if rng.random() < 0.7 else mobile_phone(rng),
                    address=f"{district.name}{street.name}{rng.choice(ROAD_NAMES)}{rng.randint(1, 399)}号",
                )
            )
    for name, kind, org_kind in CITY_UNIT_NAMES[: min(len(CITY_UNIT_NAMES), max(2, ctx.count(CITY_UNITS)))]:
        units.append(
            MemberUnit(
                name=name,
                kind=kind,
                location=city,
                party_org_kind=org_kind,
                party_org_name=f"{name}{PARTY_ORG_SUFFIX[org_kind]}",
                party_secretary=person_name(rng),
                party_member_count=rng.randint(*PARTY_MEMBERS[org_kind]),
                leader=person_name(rng),
                phone=landline(rng),
                address=f"辽源市{rng.choice(ROAD_NAMES)}{rng.randint(1, 399)}号",
            )
        )
    ctx.bulk_create(MemberUnit, units, _("Creating member units"))
    return {str(MemberUnit._meta.verbose_name_plural): len(units)} if units else {}


def reset(ctx: DemoContext) -> dict[str, int]:
    """Deletes every member unit; returns rows deleted per label."""
    _total, deleted = MemberUnit.objects.all().delete()
    return {str(MemberUnit._meta.verbose_name_plural): deleted.get(MemberUnit._meta.label, 0)}
