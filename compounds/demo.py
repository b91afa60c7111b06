"""Demo data of the old compounds at the city's figures at scale 1: 43 compounds renovated, with 426 buildings
and 23,000 households between them, each with its five packages (most done) and a red-heart property
arrangement; a compound is linked to a project of its community's list where there is one."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from compounds.models import Compound, Package, PackageKind, PropertyService, RenovationStatus
from grids.models import Node
from ledgers.models import Project
from liaoyuan.core.demo import DemoContext, split

COMPOUNDS = 43
BUILDINGS = 426
HOUSEHOLDS = 23_000
RESPONSIBLE = {
    PackageKind.OWNERS_COMMITTEE: "社区党委书记",
    PackageKind.PROPERTY_COMPANY: "街道城建办",
    PackageKind.FEE_STANDARD: "区住建局物业科",
    PackageKind.FEE_COLLECTION: "物业企业项目经理",
    PackageKind.STANDING_MECHANISM: "街道党工委",
}
EVIDENCE = {
    PackageKind.OWNERS_COMMITTEE: "业主大会决议及选举结果公示",
    PackageKind.PROPERTY_COMPANY: "物业服务合同",
    PackageKind.FEE_STANDARD: "收费标准公示照片",
    PackageKind.FEE_COLLECTION: "物业费收缴台账",
    PackageKind.STANDING_MECHANISM: "“红心物业”联席会议制度",
}
COMPANIES = ["红心物业服务有限公司", "安居物业管理有限公司", "鑫诚物业有限公司", "龙山物业服务中心"]


def seed(ctx: DemoContext) -> dict[str, int]:
    if Compound.objects.exists():
        return {}
    communities = list(Node.objects.filter(kind=Node.Kind.COMMUNITY).order_by("path"))
    if not communities:
        return {}
    count = ctx.count(COMPOUNDS)
    buildings = split(max(ctx.count(BUILDINGS), count), count, ctx.rng)
    households = split(max(ctx.count(HOUSEHOLDS), count), count, ctx.rng)
    step = max(len(communities) // count, 1)
    chosen = [communities[(i * step) % len(communities)] for i in range(count)]
    projects: dict[int, int] = {}  # a project of the community's list, where there is one
    for node_id, project_id in (
        Project.objects.filter(node__in=chosen).order_by("node_id", "pk").values_list("node_id", "pk")
    ):
        projects.setdefault(node_id, project_id)
    compounds = []
    per_community: dict[int, int] = {}
    for i, community in enumerate(chosen):
        per_community[community.pk] = per_community.get(community.pk, 0) + 1
        number = per_community[community.pk]
        renovated = ctx.days_ago(60, 1400)
        compounds.append(
            Compound(
                community=community,
                name=f"{community.name}老旧小区{number}",
                address=f"{community.name}{ctx.rng.randint(1, 120)}号",
                built_year=ctx.rng.randint(1978, 1999),
                buildings=max(buildings[i], 1),
                households=households[i],
                project_id=projects.get(community.pk),
                status=RenovationStatus.DONE,
                renovated_on=renovated,
            )
        )
    compounds = ctx.bulk_create(Compound, compounds, _("old compounds"))
    packages, services = [], []
    for i, compound in enumerate(compounds):
        left_undone = 0 if i % 5 else 1 + i % 3  # four in five compounds have all five done
        for k, kind in enumerate(PackageKind.values):
            done = k < len(PackageKind.values) - left_undone
            packages.append(
                Package(
                    compound=compound,
                    kind=kind,
                    responsible=RESPONSIBLE[kind],
                    is_done=done,
                    done_on=compound.renovated_on + datetime.timedelta(days=10 * (k + 1)) if done else None,
                    evidence=EVIDENCE[kind] if done else "",
                )
            )
        services.append(
            PropertyService(
                compound=compound,
                property_company=COMPANIES[i % len(COMPANIES)],
                owners_committee=f"{compound.name}业主委员会",
                fee_standard=Decimal(ctx.rng.choice(["0.30", "0.35", "0.40", "0.45", "0.50"])),
                collection_rate=Decimal(ctx.rng.randint(62, 98)),
            )
        )
    ctx.bulk_create(Package, packages, _("five packages"))
    ctx.bulk_create(PropertyService, services, _("red-heart property services"))
    return {
        str(Compound._meta.verbose_name_plural): len(compounds),
        _("buildings"): sum(c.buildings for c in compounds),
        _("households"): sum(c.households for c in compounds),
        str(Package._meta.verbose_name_plural): len(packages),
    }


def reset(ctx: DemoContext) -> dict[str, int]:
    PropertyService.objects.all().delete()
    Package.objects.all().delete()
    return {str(Compound._meta.verbose_name_plural): Compound.objects.all().delete()[0]}
