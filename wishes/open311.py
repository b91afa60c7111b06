"""The Open311 GeoReport v2 server (http://wiki.open311.org/GeoReport_v2): the service menu and the wishes for
any Open311 client, in XML (which the standard requires) and JSON.

- ``GET /open311/discovery.{json,xml}``: the discovery document, listing the endpoint;
- ``GET /open311/v2/services.{fmt}``: every service: ``wish`` (a micro-wish) and each menu item
  (``menu-<id>``, grouped by community; ``?community=<id>`` narrows it, an extension); the whole city's list
  is kept in the shared cache for ``OPEN311_SERVICES_SECONDS`` and may be cached by clients as long;
- ``GET /open311/v2/services/{code}.{fmt}``: a service's definition, the menu item's questions as attributes;
- ``POST /open311/v2/requests.{fmt}``: a new request, form-encoded, with an ``api_key``; it is placed by
  ``address_id`` (the id of the building or stairwell unit) and needs the resident's ``phone``;
- ``GET /open311/v2/requests.{fmt}``: requests, filtered by ``service_request_id``, ``service_code``,
  ``start_date``, ``end_date``, ``status``; the last 90 days by default, at most 1,000 (``limit`` narrows);
- ``GET /open311/v2/requests/{id}.{fmt}`` and ``GET /open311/v2/tokens/{token}.{fmt}``.

The lists (services and requests) are sent gzip-compressed to clients that accept it. The portal's statuses
map to open/closed with the detail in ``status_notes``. The feed is public: the phone never appears (nor a
name), the address is the building's, and phone numbers typed into a description are masked. Errors are the
standard's list of ``{code, description}`` with 400, 403, 404 (and 429).
"""

from __future__ import annotations

import datetime
import functools
import json
import re
import xml.etree.ElementTree as ET  # noqa: S405 - only writes XML, never parses any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_http_methods

from grids.models import Node
from liaoyuan.core import recent
from wishes import limits, selectors
from wishes.models import OPEN_STATUSES, Channel, QuestionKind, ServiceItem, ServiceQuestion, Wish, WishKind
from wishes.services import wishes as services
from wishes.services.keys import api_key_check

WISH_CODE = "wish"
DATATYPES = {
    QuestionKind.TEXT: "string",
    QuestionKind.NUMBER: "number",
    QuestionKind.DATE: "datetime",
    QuestionKind.CHOICE: "singlevaluelist",
}
DEFAULT_DAYS = 90
MAX_REQUESTS = 1000
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
CHANGESET = "2026-12-03T00:00:00+08:00"


class Open311Error(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, description


# ---- rendering -------------------------------------------------------------------------------------------


def _to_xml(parent: ET.Element, value) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, list) and key in _LIST_ITEMS:
                holder = ET.SubElement(parent, key)
                for element in item:
                    _to_xml(ET.SubElement(holder, _LIST_ITEMS[key]), element)
            else:
                _to_xml(ET.SubElement(parent, key), item)
    elif isinstance(value, bool):
        parent.text = "true" if value else "false"
    elif value is not None:
        parent.text = str(value)


_LIST_ITEMS = {"attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format"}


def render(fmt: str, root: str, item: str | None, data, status: int = 200) -> HttpResponse:
    """Answers ``data`` as JSON, or as XML under ``<root>`` (a list: one ``<item>`` per element)."""
    if fmt == "json":
        return HttpResponse(
            json.dumps(data, ensure_ascii=False), content_type="application/json; charset=utf-8", status=status
        )
    element = ET.Element(root)
    if item is None:
        _to_xml(element, data)
    else:
        for entry in data:
            _to_xml(ET.SubElement(element, item), entry)
    # serialised to a str, then encoded once: ``encoding="utf-8"`` would run the codec on each of the
    # document's pieces (a tenth of the time of a feed of 1,000 requests)
    body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(element, encoding="unicode").encode()
    return HttpResponse(body, content_type="text/xml; charset=utf-8", status=status)


def error(fmt: str, status: int, description: str) -> HttpResponse:
    return render(fmt, "errors", "error", [{"code": status, "description": str(description)}], status=status)


def _answering(view):
    """Turns ``Open311Error`` into the standard's error list, and checks ``jurisdiction_id``."""

    def wrapped(request, *args, fmt: str, **kwargs):
        try:
            jurisdiction = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id") or ""
            if jurisdiction and jurisdiction != settings.OPEN311_JURISDICTION:
                raise Open311Error(404, _("jurisdiction_id not found"))
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as exc:
            return error(fmt, exc.status, exc.description)

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return wrapped


def _time(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time(18, 0), tzinfo=timezone.get_current_timezone())
    return timezone.localtime(value).isoformat(timespec="seconds")


# ---- services ---------------------------------------------------------------------------------------------


def _wish_service() -> dict:
    return {
        "service_code": WISH_CODE,
        "service_name": _("Micro-wish"),
        "description": _("A small wish of a resident: what is needed, for whom."),
        "metadata": False,
        "type": "realtime",
        "keywords": "微心愿",
        "group": _("Micro-wishes"),
    }


def _item_service(item: dict) -> dict:
    """A menu item as a service; ``item`` is a row of ``_menu_rows``."""
    return {
        "service_code": ServiceItem.code_for(item["pk"]),
        "service_name": f"{item['community__name']} · {item['title']}",
        "description": item["description"],
        "metadata": item["asks"],
        "type": "realtime",
        "keywords": item["provider"],
        "group": item["community__name"],
    }


def _menu_rows(items):
    """The rows a service list needs, read as values: no model instance and no prefetch per item, so that a
    city of tens of thousands of items answers in one query."""
    asks = Exists(ServiceQuestion.objects.filter(item=OuterRef("pk")))
    return (
        items.annotate(asks=asks)
        .order_by("community__path", "title")
        .values("pk", "title", "description", "provider", "community__name", "asks")
    )


def _item_of(code: str) -> ServiceItem | None:
    if not code.startswith("menu-") or not code[5:].isdigit():
        return None
    return (
        ServiceItem.objects.select_related("community")
        .prefetch_related("questions")
        .filter(pk=int(code[5:]), is_active=True)
        .first()
    )


@require_GET
@_answering
def discovery(request, fmt: str):
    """The discovery document: where the GeoReport v2 endpoint is and in which formats."""
    data = {
        "changeset": CHANGESET,
        "contact": settings.OPEN311_CONTACT,
        "key_service": settings.OPEN311_KEY_SERVICE,
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": request.build_absolute_uri(reverse("open311:root")),
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return render(fmt, "discovery", None, data)


@require_GET
def root(request):
    """The endpoint's base URL (for the discovery document): points at the service list."""
    return HttpResponse(reverse("open311:services", kwargs={"fmt": "xml"}), content_type="text/plain")


def _compressed_when_read(view):
    """Sends the public feeds (GET) gzip-compressed to the clients that accept it: a city's services or requests
    are hundreds of kilobytes of repetitive text, a tenth of it compressed. An answer to a POST, which carries
    the new request's token, is sent as it is (a secret compressed beside what the client sent can leak:
    BREACH)."""
    compressed = gzip_page(view)

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        return (compressed if request.method == "GET" else view)(request, *args, **kwargs)

    return wrapped


@require_GET
@_compressed_when_read
@_answering
def service_list(request, fmt: str):
    """Every service: the micro-wish and each item on a menu.

    The whole city's list is the same for every client: it is built once per language, format and encoding
    (compressed for the clients that accept gzip, so that it is not compressed again on each request) and kept
    in the shared cache for ``OPEN311_SERVICES_SECONDS`` (a menu change shows within that time), and the
    answer may be cached by the client as long."""
    items = ServiceItem.objects.filter(is_active=True)
    community = request.GET.get("community", "")
    if community:
        if not community.isdigit():
            raise Open311Error(400, _("community must be the id of a community"))
        return _services(fmt, items.filter(community_id=int(community)))
    seconds = settings.OPEN311_SERVICES_SECONDS
    gzipped = bool(ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))

    def build() -> HttpResponse:
        response = _services(fmt, items)
        return GZipMiddleware(lambda _request: response).process_response(request, response) if gzipped else response

    key = f"open311:services:{get_language()}:{fmt}:{'gzip' if gzipped else 'plain'}"
    response, _counted_at = recent.kept(key, seconds, build)
    patch_cache_control(response, public=True, max_age=seconds)
    return response


def _services(fmt: str, items) -> HttpResponse:
    data = [_wish_service()] + [_item_service(item) for item in _menu_rows(items)]
    return render(fmt, "services", "service", data)


@require_GET
@_answering
def service_definition(request, code: str, fmt: str):
    """A service's definition: the menu item's extra questions as attributes."""
    if code == WISH_CODE:
        return render(fmt, "service_definition", None, {"service_code": WISH_CODE, "attributes": []})
    item = _item_of(code)
    if item is None:
        raise Open311Error(404, _("service_code not found"))
    attributes = [
        {
            "variable": True,
            "code": q.code,
            "datatype": DATATYPES[q.kind],
            "required": q.required,
            "datatype_description": "YYYY-MM-DD" if q.kind == QuestionKind.DATE else None,
            "order": i + 1,
            "description": q.label,
            **({"values": [{"key": o, "name": o} for o in q.options]} if q.kind == QuestionKind.CHOICE else {}),
        }
        for i, q in enumerate(item.questions.all())
    ]
    return render(fmt, "service_definition", None, {"service_code": code, "attributes": attributes})


# ---- requests -----------------------------------------------------------------------------------------------


def _status_notes(wish: Wish) -> str:
    notes = str(Wish.Status(wish.status).label)
    if wish.status == Wish.Status.DECLINED and wish.reason:
        notes = f"{notes}: {wish.reason}"
    elif wish.provider_kind and wish.is_open:
        notes = f"{notes}: {wish.provider_label}"
    elif wish.status == Wish.Status.RATED and wish.rating:
        notes = f"{notes}: {wish.rating}/5"
    return selectors.mask_phones_in(notes)


def _request_data(wish: Wish) -> dict:
    return {
        "service_request_id": str(wish.pk),
        "status": "open" if wish.status in OPEN_STATUSES else "closed",
        "status_notes": _status_notes(wish),
        "service_name": wish.item.title if wish.item_id else str(_("Micro-wish")),
        "service_code": wish.item.service_code if wish.item_id else WISH_CODE,
        "description": selectors.mask_phones_in(f"{wish.title}\n{wish.description}".strip()),
        "agency_responsible": wish.community.name,
        "service_notice": "",
        "requested_datetime": _time(wish.created_at),
        "updated_datetime": _time(wish.status_changed_at or wish.updated_at),
        "expected_datetime": _time(wish.promised_on),
        "address": f"{wish.community.name} {wish.building.name}",
        "address_id": str(wish.building_id),
        "zipcode": "",
        "lat": None,
        "long": None,
        "media_url": "",
    }


def _parse_time(name: str, value: str) -> datetime.datetime:
    parsed = parse_datetime(value.replace(" ", "+")) if value else None
    if parsed is None:
        try:
            parsed = datetime.datetime.combine(datetime.date.fromisoformat(value), datetime.time())
        except ValueError:
            raise Open311Error(400, _("%(name)s must be a date and time (W3C format)") % {"name": name}) from None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _requests_list(request, fmt: str):
    params = request.GET
    qs = selectors.public_feed()
    ids = [i.strip() for i in params.get("service_request_id", "").split(",") if i.strip()]
    if ids:
        if not all(i.isdigit() and len(i) < 12 for i in ids):
            raise Open311Error(400, _("service_request_id must be a comma-separated list of ids"))
        qs = qs.filter(pk__in=[int(i) for i in ids])
    else:
        end = _parse_time("end_date", params["end_date"]) if params.get("end_date") else None
        start = _parse_time("start_date", params["start_date"]) if params.get("start_date") else None
        if start is None and end is None:
            start = timezone.now() - datetime.timedelta(days=DEFAULT_DAYS)
        if start is not None:
            qs = qs.filter(created_at__gte=start)
        if end is not None:
            qs = qs.filter(created_at__lte=end)
        codes = [c.strip() for c in params.get("service_code", "").split(",") if c.strip()]
        if codes:
            condition = None
            from django.db.models import Q

            for code in codes:
                if code == WISH_CODE:
                    term = Q(kind=WishKind.WISH)
                elif code.startswith("menu-") and code[5:].isdigit() and len(code) < 20:
                    term = Q(item_id=int(code[5:]))
                else:
                    raise Open311Error(400, _("service_code not known: %(code)s") % {"code": code[:40]})
                condition = term if condition is None else condition | term
            qs = qs.filter(condition)
        statuses = {s.strip() for s in params.get("status", "").split(",") if s.strip()}
        if statuses - {"open", "closed"}:
            raise Open311Error(400, _("status is open or closed"))
        if statuses == {"open"}:
            qs = qs.filter(status__in=sorted(OPEN_STATUSES))
        elif statuses == {"closed"}:
            qs = qs.exclude(status__in=sorted(OPEN_STATUSES))
    limit = params.get("limit", "")
    if limit and (not limit.isdigit() or not 1 <= int(limit) <= MAX_REQUESTS):
        raise Open311Error(400, _("limit is a number from 1 to %(n)d") % {"n": MAX_REQUESTS})
    rows = qs[: int(limit) if limit else MAX_REQUESTS]
    return render(fmt, "service_requests", "request", [_request_data(w) for w in rows])


def _request_create(request, fmt: str):
    data = request.POST
    key = api_key_check(data.get("api_key", ""))
    if key is None:
        raise Open311Error(403, _("api_key is missing, unknown or revoked"))
    if not limits.hit("open311_post", str(key.pk)):
        raise Open311Error(429, _("Too many requests; try again later."))
    code = data.get("service_code", "")
    if not code:
        raise Open311Error(400, _("service_code is required"))
    item = None
    if code != WISH_CODE:
        item = _item_of(code)
        if item is None:
            raise Open311Error(404, _("service_code not found"))
    address_id = data.get("address_id", "")
    if not address_id.isdigit() or len(address_id) > 12:
        raise Open311Error(400, _("address_id is required: the id of the building or stairwell unit"))
    building = Node.objects.filter(pk=int(address_id), kind__in=[Node.Kind.BUILDING, Node.Kind.STAIRWELL]).first()
    if building is None:
        raise Open311Error(400, _("address_id is not a building or stairwell unit"))
    answers = {k[len("attribute[") : -1]: v for k, v in data.items() if k.startswith("attribute[") and k.endswith("]")}
    description = data.get("description", "")
    title = (description.strip().splitlines() or [""])[0][:100] if item is None else ""
    try:
        wish = services.wish_submit(
            building=building,
            kind=WishKind.ORDER if item else WishKind.WISH,
            item=item,
            answers=answers,
            title=title,
            description=description,
            contact_phone=data.get("phone", ""),
            contact_name=f"{data.get('last_name', '')}{data.get('first_name', '')}"[:50],
            channel=Channel.OPEN311,
            api_key=key,
        )
    except ValidationError as exc:
        messages = [f"{field}: {'; '.join(errors)}" for field, errors in exc.message_dict.items()]
        raise Open311Error(400, " / ".join(messages)) from None
    except PermissionDenied:
        raise Open311Error(403, _("not allowed")) from None
    notice = _("Tracking code %(code)s: follow the request with it and the last four digits of the phone.") % {
        "code": wish.tracking_code
    }
    answer = [
        {"service_request_id": str(wish.pk), "token": wish.tracking_code, "service_notice": notice, "account_id": None}
    ]
    return render(fmt, "service_requests", "request", answer, status=201)


@csrf_exempt
@require_http_methods(["GET", "POST"])
@_compressed_when_read
@_answering
def requests(request, fmt: str):
    """GET: the requests, filtered; POST: a new request (form-encoded, with an api_key)."""
    if request.method == "POST":
        return _request_create(request, fmt)
    return _requests_list(request, fmt)


@require_GET
@_answering
def request_detail(request, pk: str, fmt: str):
    """One request, as a list of one (as the standard says)."""
    wish = selectors.public_feed().filter(pk=int(pk)).first() if pk.isdigit() and len(pk) < 12 else None
    if wish is None:
        raise Open311Error(404, _("service_request_id not found"))
    return render(fmt, "service_requests", "request", [_request_data(wish)])


@require_GET
@_answering
def token(request, token: str, fmt: str):
    """The request created under a token (the tracking code POST answered)."""
    wish = Wish.objects.filter(tracking_code=token.upper()[:12]).only("pk", "tracking_code").first()
    if wish is None:
        raise Open311Error(404, _("token not found"))
    return render(
        fmt, "service_requests", "request", [{"service_request_id": str(wish.pk), "token": wish.tracking_code}]
    )
