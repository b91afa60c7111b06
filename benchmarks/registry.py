"""What ``make bench`` times: every app's ``bench.py`` and every list of the API (no Django set-up here, so that
the tests can read it too)."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse


def _benches():
    """Every app's ``bench`` module, the home pages' (dashboards) first, then in INSTALLED_APPS order."""
    for app in sorted(apps.get_app_configs(), key=lambda app: app.name != "dashboards"):
        try:
            yield importlib.import_module(f"{app.name}.bench")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app.name}.bench":
                raise


def gathered_jobs() -> list[tuple]:
    """Every app's ``bench.py`` ``jobs()``: (account, label, export dataset key, format) of the background
    exports to time, the whole of a dataset the account sees."""
    return [job for bench in _benches() if hasattr(bench, "jobs") for job in bench.jobs()]


def gathered_pages() -> list[tuple]:
    """Every app's ``bench.py`` ``pages()``: (account, label, URL) or (account, label, URL, (floor SQL, params)), in
    INSTALLED_APPS order; then every list of the API that no app named, opened by the city office."""
    pages = [page for bench in _benches() for page in bench.pages()]
    named = {page[2].split("?")[0] for page in pages}
    for name in api_lists():
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # a list under one object (its pk in the prefix)
        if url not in named:
            pages.append(("city", f"API {url.removeprefix('/api/v1/').strip('/')} (page 1)", url))
    return pages


def _walk(resolver, namespace=None):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            yield from _walk(pattern, f"{namespace}:{inner}" if namespace and inner else (inner or namespace))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


def api_lists() -> list[str]:
    """URL names of the API's list actions (GET on a viewset without an object in the URL)."""
    names = []
    for name, pattern in _walk(get_resolver()):
        actions = getattr(pattern.callback, "actions", None) or {}
        if name.startswith("api:") and actions.get("get") == "list" and name not in names:
            names.append(name)
    return names
