"""The four lists and the secretary projects as a street office prints them, registered with the export
engine (``liaoyuan.core.exports``): a title row, landscape pages, the header on every page. The columns an
import takes (``ledgers.imports``) carry the same headers, so that an exported list can be corrected and
imported again."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Left
from django.utils.translation import gettext_lazy

from grids.models import Node
from ledgers.filters import NeedFilter, ProjectFilter, ResourceFilter, ResponsibilityFilter, SecretaryProjectFilter
from ledgers.selectors.lists import need_list, project_list, resource_list, responsibility_list
from ledgers.selectors.secretary import secretary_project_list
from liaoyuan.core.exports import Column, Dataset, register


def _node_with_parent(qs, lookup: str):
    """Returns ``qs`` with ``parent_name``: the name of the parent of the node at ``lookup`` (one subquery)."""
    parent = Node.objects.filter(
        path=Left(OuterRef(f"{lookup}__path"), (OuterRef(f"{lookup}__depth") - 1) * Node.steplen)
    ).values("name")[:1]
    return qs.annotate(parent_name=Subquery(parent))


def _place(obj) -> str:
    """Returns how a ledger names a street or community: a community with its street ("向阳街道/民主社区"),
    since names repeat across streets; the import finds it again by this label."""
    node = obj.node if hasattr(obj, "node") else obj.project.node
    return place_label(node, obj.parent_name)


def place_label(node, parent_name: str) -> str:
    return f"{parent_name}/{node.name}" if node.kind == Node.Kind.COMMUNITY else node.name


COLUMNS = {
    "id": gettext_lazy("ID"),
    "place": gettext_lazy("Street or community"),
    "category": gettext_lazy("Category"),
    "description": gettext_lazy("Description"),
    "status": gettext_lazy("Status"),
}


def needs_for_export(*, user):
    return _node_with_parent(need_list(user=user), "node").order_by("node__path", "pk")


def resources_for_export(*, user):
    return _node_with_parent(resource_list(user=user), "node").order_by("node__path", "pk")


def projects_for_export(*, user):
    return _node_with_parent(project_list(user=user), "node").order_by("node__path", "pk")


def responsibilities_for_export(*, user):
    return _node_with_parent(responsibility_list(user=user), "project__node").order_by(
        "project__node__path", "deadline", "pk"
    )


def secretary_projects_for_export(*, user):
    return secretary_project_list(user=user)


DATASETS: dict[str, Dataset] = {
    "needs": Dataset(
        key="needs",
        title=gettext_lazy("List of needs"),
        queryset=needs_for_export,
        filterset_class=NeedFilter,
        printable=True,
        columns=(
            Column(COLUMNS["id"], 8, lambda n: n.pk),
            Column(COLUMNS["place"], 22, _place),
            Column(gettext_lazy("Need"), 36, lambda n: n.title),
            Column(COLUMNS["category"], 14, lambda n: n.get_category_display()),
            Column(gettext_lazy("Source"), 14, lambda n: n.get_source_display()),
            Column(gettext_lazy("People affected"), 10, lambda n: n.people_affected),
            Column(gettext_lazy("Urgency"), 8, lambda n: n.get_urgency_display()),
            Column(gettext_lazy("Needed by"), 12, lambda n: n.needed_by),
            Column(COLUMNS["status"], 10, lambda n: n.get_status_display()),
            Column(gettext_lazy("Met on"), 12, lambda n: n.met_on),
            Column(COLUMNS["description"], 40, lambda n: n.description),
        ),
    ),
    "resources": Dataset(
        key="resources",
        title=gettext_lazy("List of resources"),
        queryset=resources_for_export,
        filterset_class=ResourceFilter,
        printable=True,
        columns=(
            Column(COLUMNS["id"], 8, lambda r: r.pk),
            Column(COLUMNS["place"], 22, _place),
            Column(gettext_lazy("Resource"), 30, lambda r: r.title),
            Column(COLUMNS["category"], 14, lambda r: r.get_category_display()),
            Column(gettext_lazy("Provider unit"), 28, lambda r: r.provider_unit.name if r.provider_unit_id else ""),
            Column(gettext_lazy("Provider"), 14, lambda r: r.provider_name),
            Column(gettext_lazy("Quantity"), 10, lambda r: r.quantity),
            Column(gettext_lazy("Remaining"), 10, lambda r: r.remaining),
            Column(gettext_lazy("Measured in"), 8, lambda r: r.measure),
            Column(gettext_lazy("Available from"), 12, lambda r: r.available_from),
            Column(gettext_lazy("Available until"), 12, lambda r: r.available_until),
            Column(COLUMNS["description"], 40, lambda r: r.description),
        ),
    ),
    "projects": Dataset(
        key="projects",
        title=gettext_lazy("List of projects"),
        queryset=projects_for_export,
        filterset_class=ProjectFilter,
        printable=True,
        columns=(
            Column(COLUMNS["id"], 8, lambda p: p.pk),
            Column(COLUMNS["place"], 22, _place),
            Column(gettext_lazy("Project"), 36, lambda p: p.title),
            Column(gettext_lazy("Owner"), 28, lambda p: p.owner),
            Column(gettext_lazy("Budget (yuan)"), 12, lambda p: p.budget),
            Column(gettext_lazy("Starts on"), 12, lambda p: p.starts_on),
            Column(gettext_lazy("Ends on"), 12, lambda p: p.ends_on),
            Column(gettext_lazy("Needs"), 8, lambda p: p.need_count),
            Column(gettext_lazy("Open responsibilities"), 10, lambda p: p.open_responsibilities),
            Column(COLUMNS["status"], 10, lambda p: p.get_status_display()),
            Column(gettext_lazy("Results"), 40, lambda p: p.results),
        ),
    ),
    "responsibilities": Dataset(
        key="responsibilities",
        title=gettext_lazy("List of responsibilities"),
        queryset=responsibilities_for_export,
        filterset_class=ResponsibilityFilter,
        printable=True,
        columns=(
            Column(COLUMNS["id"], 8, lambda r: r.pk),
            Column(COLUMNS["place"], 22, _place),
            Column(gettext_lazy("Project"), 30, lambda r: r.project.title),
            Column(gettext_lazy("Milestone"), 16, lambda r: r.milestone.title if r.milestone_id else ""),
            Column(gettext_lazy("Task"), 30, lambda r: r.task),
            Column(gettext_lazy("Responsible"), 24, lambda r: r.responsible),
            Column(gettext_lazy("Deadline"), 12, lambda r: r.deadline),
            Column(gettext_lazy("Completed on"), 12, lambda r: r.completed_on),
            Column(gettext_lazy("Completion record"), 40, lambda r: r.completion_note),
        ),
    ),
    "secretary-projects": Dataset(
        key="secretary-projects",
        title=gettext_lazy("Ledger of secretary projects"),
        queryset=secretary_projects_for_export,
        filterset_class=SecretaryProjectFilter,
        printable=True,
        columns=(
            Column(COLUMNS["id"], 8, lambda p: p.pk),
            Column(gettext_lazy("Year"), 8, lambda p: p.year),
            Column(gettext_lazy("Party organisation of"), 20, lambda p: p.node.name),
            Column(gettext_lazy("Secretary"), 10, lambda p: p.secretary),
            Column(gettext_lazy("Project"), 30, lambda p: p.title),
            Column(gettext_lazy("Yearly plan"), 40, lambda p: p.plan),
            Column(gettext_lazy("Half-year check"), 40, lambda p: p.half_year_check),
            Column(gettext_lazy("Year-end result"), 40, lambda p: p.result),
            Column(COLUMNS["status"], 10, lambda p: p.get_status_display()),
        ),
    ),
}

for _dataset in DATASETS.values():
    register(_dataset)
