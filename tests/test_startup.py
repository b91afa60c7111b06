"""A serving process loads the site once and puts it out of the garbage collector's way."""

import gc
import importlib
import sys

import pytest

from liaoyuan.core.startup import freeze_loaded_site


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()  # the rest of the suite runs with the collector as it found it


def test_freezing_the_loaded_site_leaves_the_collector_only_what_comes_after(unfrozen):
    tracked_before = len(gc.get_objects())

    freeze_loaded_site()

    # the site's modules, models, URL patterns and catalogs moved to the permanent generation
    assert gc.get_freeze_count() > tracked_before // 2
    made_after = [object() for _ in range(3)], {"a": [1]}
    tracked = gc.get_objects()
    assert len(tracked) < tracked_before // 10
    assert any(obj is made_after for obj in tracked)


def test_the_wsgi_application_freezes_the_site_once_loaded(unfrozen):
    sys.modules.pop("liaoyuan.wsgi", None)

    wsgi = importlib.import_module("liaoyuan.wsgi")

    assert callable(wsgi.application)
    assert gc.get_freeze_count() > 0
