"""What a serving process does once, after it has loaded the site and before its first request."""

import gc

from django.conf import settings
from django.urls import get_resolver
from django.utils import translation


def freeze_loaded_site() -> None:
    """Loads what the first request would (the URL configuration, each language's translations), then moves
    every object alive so far out of reach of the cyclic garbage collector (``gc.freeze``).

    Those objects (modules, settings, models, URL patterns, catalogs) live as long as the process. Left to the
    collector, each full collection during a request traverses them all, and a page that builds many
    objects (the Open311 feed of 1,000 requests, the four ones) meets one every few requests and takes about
    twice as long then. Frozen, a collection traverses only what requests made. ``liaoyuan.wsgi`` calls it, so
    each gunicorn worker does once it has loaded the site."""
    get_resolver().url_patterns  # noqa: B018 - imports every app's URL configuration now
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            pass  # activating a language loads its catalogs
    gc.collect()
    gc.freeze()
