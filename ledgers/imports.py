"""The four lists' imports, registered with the import engine (``liaoyuan.core.imports``): needs and
resources from .xlsx, with the headers of their exports, so that an exported list can be corrected and
imported again. A row with an ID updates that item (one the user may change); a row without one adds an item
to the street or community it names. Everything is written in one transaction, with a history row per item."""

from __future__ import annotations

from collections.abc import Callable

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import scopes
from grids.models import Node
from ledgers.models import (
    MAX_PEOPLE,
    MAX_QUANTITY,
    MAX_YEAR,
    MIN_YEAR,
    TEXT,
    Category,
    Need,
    NeedStatus,
    Resource,
    SecretaryProject,
    Urgency,
)
from ledgers.selectors.lists import can_keep_lists, ledger_nodes, units_for
from ledgers.selectors.secretary import secretary_nodes
from ledgers.services import history
from ledgers.services.exports import COLUMNS, place_label
from ledgers.services.needs import NEED_FIELDS, RESOURCE_FIELDS
from liaoyuan.core import imports as engine
from liaoyuan.core.validators import EARLIEST_DAY, LATEST_DAY

Progress = Callable[[int, int], None] | None
CHUNK = 500


def _places(user) -> dict[str, Node]:
    """Returns label → node of the streets and communities whose lists the user keeps, by the labels the
    exports write ("向阳街道/民主社区"), and by the bare name where it is unique."""
    nodes = list(ledger_nodes(user=user))
    parents = dict(Node.objects.filter(path__in={n.parent_path for n in nodes}).values_list("path", "name"))
    labels: dict[str, Node] = {}
    names: dict[str, list[Node]] = {}
    for node in nodes:
        labels[place_label(node, parents.get(node.parent_path, ""))] = node
        names.setdefault(node.name, []).append(node)
    for name, found in names.items():
        if len(found) == 1:
            labels.setdefault(name, found[0])
    return labels


def _units(user) -> dict[str, object]:
    """Returns label → unit the user may name: "name (community)", and the bare name where it is unique."""
    labels: dict[str, object] = {}
    names: dict[str, list] = {}
    for unit in units_for(user=user):
        labels[unit.label] = unit
        names.setdefault(unit.name, []).append(unit)
    for name, found in names.items():
        if len(found) == 1:
            labels.setdefault(name, found[0])
    return labels


def _id_field() -> engine.Field:
    return engine.Field(
        COLUMNS["id"],
        "id",
        engine.integer(1, 2**63 - 1),
        width=8,
        note=gettext_lazy("Empty for a new item; the ID of an item to update it."),
    )


def _place_field() -> engine.Field:
    return engine.Field(
        COLUMNS["place"],
        "node",
        engine.lookup("places", gettext_lazy("“%(value)s” is not a street or community whose lists you keep.")),
        required=True,
        width=22,
        note=gettext_lazy("A street, or a community as street/community (向阳街道/民主社区)."),
    )


def _check_id(values: dict, context: dict, editable_key: str) -> dict[str, str]:
    item_id = values.get("id")
    if not item_id:
        return {}
    if item_id not in context[editable_key]:
        return {"id": _("No item with this ID that you may change.")}
    seen = context.setdefault(f"_seen:{editable_key}", set())
    if item_id in seen:
        return {"id": _("This ID is on two rows.")}
    seen.add(item_id)
    return {}


def _save(
    *, user, model: type[models.Model], rows: list[dict], fields: tuple[str, ...], progress: Progress, prepare
) -> tuple[int, int]:
    """Creates the rows without an ID and updates those with one (locked), in chunks, with a history row per
    item. ``prepare(values, existing)`` returns the object to save. Returns (created, updated)."""
    total = len(rows)
    created = updated = done = 0
    for start in range(0, total, CHUNK):
        chunk = rows[start : start + CHUNK]
        ids = [r["id"] for r in chunk if r.get("id")]
        existing = {o.pk: o for o in model.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
        befores = {pk: history.snapshot(obj, fields) for pk, obj in existing.items()}
        new, changed = [], []
        now = timezone.now()
        for values in chunk:
            obj = prepare(values, existing.get(values.get("id")))
            obj.updated_at = now
            (changed if obj.pk else new).append(obj)
        model.objects.bulk_create(new)
        if changed:
            model.objects.bulk_update(changed, [*fields, "updated_at"])
        if model in history.KINDS:  # a list item's history (a secretary project keeps its own steps)
            history.record_many(
                user=user, objs=new, action="imported", changes_of=lambda obj: history.snapshot(obj, fields)
            )
            history.record_many(
                user=user,
                objs=changed,
                action="imported",
                changes_of=lambda obj, befores=befores: history.differences(
                    befores[obj.pk], history.snapshot(obj, fields)
                ),
            )
        created, updated, done = created + len(new), updated + len(changed), done + len(chunk)
        if progress:
            progress(done, total)
    return created, updated


# ---- needs ---------------------------------------------------------------------------------------------


def _needs_context(user) -> dict:
    return {
        "places": _places(user),
        "editable_needs": set(scopes.editable(user, Need.objects.all()).values_list("pk", flat=True)),
    }


def _need_row(user, values: dict, context: dict) -> dict[str, str]:
    return _check_id(values, context, "editable_needs")


def _need_save(user, rows: list[dict], context: dict, progress: Progress) -> tuple[int, int]:
    def prepare(values, existing):
        obj = existing or Need(status=NeedStatus.OPEN)
        obj.node = values["node"]
        obj.title, obj.description = values["title"], values["description"]
        obj.category = values["category"]
        obj.source = values["source"] or Need.Source.OTHER
        obj.urgency = values["urgency"] or Urgency.NORMAL
        obj.people_affected = values["people_affected"] or 1
        obj.needed_by = values["needed_by"]
        return obj

    return _save(user=user, model=Need, rows=rows, fields=(*NEED_FIELDS, "node"), progress=progress, prepare=prepare)


NEEDS = engine.register(
    engine.Importer(
        key="ledger-needs",
        title=gettext_lazy("List of needs"),
        fields=(
            _id_field(),
            _place_field(),
            engine.Field(gettext_lazy("Need"), "title", engine.text(200), required=True, width=36),
            engine.Field(
                COLUMNS["category"],
                "category",
                engine.choice(Category),
                required=True,
                width=14,
                note=gettext_lazy("One of the categories, as the list shows them."),
            ),
            engine.Field(gettext_lazy("Source"), "source", engine.choice(Need.Source), width=14),
            engine.Field(gettext_lazy("People affected"), "people_affected", engine.integer(1, MAX_PEOPLE), width=10),
            engine.Field(gettext_lazy("Urgency"), "urgency", engine.choice(Urgency), width=8),
            engine.Field(
                gettext_lazy("Needed by"),
                "needed_by",
                engine.day(EARLIEST_DAY, LATEST_DAY),
                width=12,
                note=gettext_lazy("A date, as 2026-05-20."),
            ),
            engine.Field(COLUMNS["description"], "description", engine.text(TEXT), width=40),
        ),
        context=_needs_context,
        check_row=_need_row,
        save=_need_save,
        allowed=can_keep_lists,
    )
)


# ---- resources -----------------------------------------------------------------------------------------


def _resources_context(user) -> dict:
    editable = scopes.editable(user, Resource.objects.all()).values_list("pk", "quantity", "remaining")
    return {
        "places": _places(user),
        "units": _units(user),
        "editable_resources": {pk: quantity - remaining for pk, quantity, remaining in editable},
    }


def _resource_row(user, values: dict, context: dict) -> dict[str, str]:
    errors = _check_id(values, context, "editable_resources")
    if (values["provider_unit"] is None) == (not values["provider_name"]):
        errors["provider_unit"] = _("Name either a member unit or a person, not both.")
    start, end = values["available_from"], values["available_until"]
    if start and end and end < start:
        errors["available_until"] = _("The window ends before it starts.")
    committed = context["editable_resources"].get(values.get("id"), 0)
    if values["quantity"] < committed:
        errors["quantity"] = _("%(committed)s are already committed to needs.") % {"committed": committed}
    return errors


def _resource_save(user, rows: list[dict], context: dict, progress: Progress) -> tuple[int, int]:
    def prepare(values, existing):
        obj = existing or Resource()
        committed = (obj.quantity - obj.remaining) if existing else 0
        for field in RESOURCE_FIELDS:
            setattr(obj, field, values[field])
        obj.node = values["node"]
        obj.remaining = obj.quantity - committed
        return obj

    return _save(
        user=user,
        model=Resource,
        rows=rows,
        fields=(*RESOURCE_FIELDS, "node", "remaining"),
        progress=progress,
        prepare=prepare,
    )


RESOURCES = engine.register(
    engine.Importer(
        key="ledger-resources",
        title=gettext_lazy("List of resources"),
        fields=(
            _id_field(),
            _place_field(),
            engine.Field(gettext_lazy("Resource"), "title", engine.text(200), required=True, width=30),
            engine.Field(COLUMNS["category"], "category", engine.choice(Category), required=True, width=14),
            engine.Field(
                gettext_lazy("Provider unit"),
                "provider_unit",
                engine.lookup("units", gettext_lazy("“%(value)s” is not a member unit you may name.")),
                width=28,
                note=gettext_lazy("A member unit, or leave empty and name the provider in the next column."),
            ),
            engine.Field(gettext_lazy("Provider"), "provider_name", engine.text(100), width=14),
            engine.Field(
                gettext_lazy("Quantity"), "quantity", engine.integer(1, MAX_QUANTITY), required=True, width=10
            ),
            engine.Field(gettext_lazy("Measured in"), "measure", engine.text(20), width=8),
            engine.Field(gettext_lazy("Available from"), "available_from", engine.day(EARLIEST_DAY, LATEST_DAY)),
            engine.Field(gettext_lazy("Available until"), "available_until", engine.day(EARLIEST_DAY, LATEST_DAY)),
            engine.Field(COLUMNS["description"], "description", engine.text(TEXT), width=40),
        ),
        context=_resources_context,
        check_row=_resource_row,
        save=_resource_save,
        allowed=can_keep_lists,
    )
)


# ---- secretary projects --------------------------------------------------------------------------------


def _organisations(user) -> dict[str, Node]:
    """Returns label → node of the levels whose secretaries' projects the user keeps (as ``_places``)."""
    nodes = list(secretary_nodes(user))
    parents = dict(Node.objects.filter(path__in={n.parent_path for n in nodes}).values_list("path", "name"))
    labels: dict[str, Node] = {}
    names: dict[str, list[Node]] = {}
    for node in nodes:
        labels[place_label(node, parents.get(node.parent_path, ""))] = node
        names.setdefault(node.name, []).append(node)
    for name, found in names.items():
        if len(found) == 1:
            labels.setdefault(name, found[0])
    return labels


def _secretary_context(user) -> dict:
    editable = scopes.editable(user, SecretaryProject.objects.all())
    return {
        "organisations": _organisations(user),
        "editable_secretary_projects": set(editable.values_list("pk", flat=True)),
        "taken_titles": {
            (node_id, year, title): pk
            for pk, node_id, year, title in SecretaryProject.objects.filter(
                node__in=[n.pk for n in _organisations(user).values()]
            ).values_list("pk", "node_id", "year", "title")
        },
    }


def _secretary_row(user, values: dict, context: dict) -> dict[str, str]:
    errors = _check_id(values, context, "editable_secretary_projects")
    status = values["status"] or SecretaryProject.Status.PLANNED
    if status == SecretaryProject.Status.CHECKED and not values["half_year_check"]:
        errors["half_year_check"] = _("A checked project needs its half-year check.")
    if status in (SecretaryProject.Status.COMPLETED, SecretaryProject.Status.NOT_COMPLETED) and not values["result"]:
        errors["result"] = _("A closed project needs its year-end result.")
    key = (values["node"].pk, values["year"], values["title"])
    owner = context["taken_titles"].get(key)
    seen = context.setdefault("_seen_titles", set())
    if (owner is not None and owner != values.get("id")) or key in seen:
        errors["title"] = _("This organisation already has a project of this name in that year.")
    seen.add(key)
    return errors


def _secretary_save(user, rows: list[dict], context: dict, progress: Progress) -> tuple[int, int]:
    today = timezone.localdate()

    def prepare(values, existing):
        obj = existing or SecretaryProject()
        obj.node = values["node"]
        for field in ("secretary", "year", "title", "plan", "half_year_check", "result"):
            setattr(obj, field, values[field])
        obj.status = values["status"] or SecretaryProject.Status.PLANNED
        if obj.half_year_check and obj.checked_on is None:
            obj.checked_on = today
        closed = obj.status in (SecretaryProject.Status.COMPLETED, SecretaryProject.Status.NOT_COMPLETED)
        obj.closed_on = (obj.closed_on or today) if closed else None
        return obj

    return _save(
        user=user,
        model=SecretaryProject,
        rows=rows,
        fields=(
            "node",
            "secretary",
            "year",
            "title",
            "plan",
            "half_year_check",
            "result",
            "status",
            "checked_on",
            "closed_on",
        ),
        progress=progress,
        prepare=prepare,
    )


SECRETARY_PROJECTS = engine.register(
    engine.Importer(
        key="secretary-projects",
        title=gettext_lazy("Ledger of secretary projects"),
        fields=(
            _id_field(),
            engine.Field(gettext_lazy("Year"), "year", engine.integer(MIN_YEAR, MAX_YEAR), required=True, width=8),
            engine.Field(
                gettext_lazy("Party organisation of"),
                "node",
                engine.lookup(
                    "organisations", gettext_lazy("“%(value)s” is not an area whose secretary projects you keep.")
                ),
                required=True,
                width=20,
                note=gettext_lazy("A district, street, or a community as street/community."),
            ),
            engine.Field(gettext_lazy("Secretary"), "secretary", engine.text(50), required=True, width=10),
            engine.Field(gettext_lazy("Project"), "title", engine.text(200), required=True, width=30),
            engine.Field(gettext_lazy("Yearly plan"), "plan", engine.text(TEXT), required=True, width=40),
            engine.Field(gettext_lazy("Half-year check"), "half_year_check", engine.text(TEXT), width=40),
            engine.Field(gettext_lazy("Year-end result"), "result", engine.text(TEXT), width=40),
            engine.Field(COLUMNS["status"], "status", engine.choice(SecretaryProject.Status), width=10),
        ),
        context=_secretary_context,
        check_row=_secretary_row,
        save=_secretary_save,
        allowed=lambda user: secretary_nodes(user).exists(),
    )
)
