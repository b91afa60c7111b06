"""``manage.py seed_demo``: builds (or completes) the demo city of Liaoyuan and prints its demo accounts.

Every installed app with a ``demo`` module defining ``seed(ctx)`` takes part; see ``liaoyuan.core.demo``
for the contract.
"""

from __future__ import annotations

import sys
import time
from argparse import ArgumentParser, ArgumentTypeError
from importlib import import_module
from types import ModuleType

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext as _

from liaoyuan.core.demo import DEFAULT_SEED, DemoContext, format_table


def demo_modules() -> list[tuple[AppConfig, ModuleType]]:
    """Returns (app, module) for every installed app whose ``demo`` module has a ``seed`` function,
    in INSTALLED_APPS order."""
    found = []
    for app in apps.get_app_configs():
        if not module_has_submodule(app.module, "demo"):
            continue
        module = import_module(f"{app.name}.demo")
        if callable(getattr(module, "seed", None)):
            found.append((app, module))
    return found


def vacuum_and_analyze(app: AppConfig) -> None:
    """On PostgreSQL, vacuums ``app``'s tables and gathers fresh statistics on them after a bulk load: the
    planner of the next app's queries (and of the site's) knows the new rows rather than guessing on empty
    tables, and the visibility map lets an index-only scan answer without visiting the rows, as it does once
    autovacuum has passed on a site in use. Only the app's tables: a bare VACUUM or ANALYZE also locks the
    cluster's shared catalogs, which other databases then wait for. Inside a transaction (a test's), where
    VACUUM cannot run, the statistics alone."""
    if connection.vendor != "postgresql":
        return
    tables = {model._meta.db_table for model in app.get_models(include_auto_created=True) if model._meta.managed}
    if tables:
        statement = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            cursor.execute(f"{statement} {', '.join(sorted(map(connection.ops.quote_name, tables)))}")


def login_url() -> str:
    """Returns the path of the sign-in page (the LOGIN_URL setting, resolved when it is a URL name)."""
    try:
        return resolve_url(settings.LOGIN_URL)
    except NoReverseMatch:
        return str(settings.LOGIN_URL)


def positive_float(value: str) -> float:
    """Returns ``value`` as a float greater than 0 (argparse type)."""
    try:
        number = float(value)
    except ValueError:
        raise ArgumentTypeError(_("%(value)s is not a number") % {"value": value}) from None
    if number <= 0:
        raise ArgumentTypeError(_("the scale must be greater than 0"))
    return number


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a property, so that it is translated when shown, not when imported
        """Returns the command's description for ``--help``."""
        return _(
            "Builds the demo city of Liaoyuan (辽源市: districts, streets, communities, grids, buildings, stairwell "
            "units, households, member units, people, posts) and one demo account per role, then prints the "
            "accounts. Running it again creates nothing new. The password is $DEMO_PASSWORD (default "
            "liaoyuan2020). WARNING: --reset first deletes ALL nodes, households, people, posts, member units and "
            "every non-superuser user, demo or not."
        )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--scale",
            type=positive_float,
            default=1.0,
            help=_("Size of the city; 1 is the city of the report (521 grids). Default: 1."),
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=_("Random seed. Default: %(default)s."))
        parser.add_argument(
            "--reset",
            action="store_true",
            help=_("Delete ALL nodes, households, people, posts, member units and non-superuser users first."),
        )
        parser.add_argument("--no-progress", action="store_true", help=_("Do not show progress bars."))

    def handle(self, *args, scale: float, seed: int, reset: bool, no_progress: bool, **options) -> None:
        started = time.monotonic()
        ctx = DemoContext(
            scale=scale,
            seed=seed,
            stdout=self.stdout,
            show_progress=not no_progress and sys.stderr.isatty(),
            progress_file=sys.stderr,
        )
        modules = demo_modules()

        if reset:
            deleted: list[tuple[str, str, int]] = []
            with transaction.atomic():
                for app, module in reversed(modules):
                    if callable(getattr(module, "reset", None)):
                        ctx.reseed(app.label)
                        deleted += [(str(app.verbose_name), label, n) for label, n in module.reset(ctx).items()]
            self.stdout.write(self.style.WARNING(_("Deleted before seeding:")))
            self.stdout.write(format_table([_("app"), _("rows"), _("deleted")], deleted, right=[2]))
            self.stdout.write("")

        rows: list[tuple[str, str, int]] = []
        for app, module in modules:
            ctx.reseed(app.label)
            step_started = time.monotonic()
            with transaction.atomic():
                counts = module.seed(ctx)
            rows += [(str(app.verbose_name), label, n) for label, n in counts.items()]
            if counts:
                vacuum_and_analyze(app)
                self.stdout.write(
                    _("%(app)s: done in %(seconds).1f s")
                    % {"app": app.verbose_name, "seconds": time.monotonic() - step_started}
                )

        for _app, module in modules:
            if callable(getattr(module, "finish", None)):  # work that needs every app's rows (e.g. summaries)
                with transaction.atomic():
                    module.finish(ctx)
        self.stdout.write("")
        if rows:
            self.stdout.write(self.style.SUCCESS(_("Created at scale %(scale)s:") % {"scale": f"{scale:g}"}))
            self.stdout.write(format_table([_("app"), _("rows"), _("created")], rows, right=[2]))
        else:
            self.stdout.write(self.style.SUCCESS(_("The demo city is already there; nothing new was created.")))
        self.stdout.write(_("Finished in %(seconds).1f s.") % {"seconds": time.monotonic() - started})

        if ctx.accounts:
            self.stdout.write("")
            self.stdout.write(self.style.SUCCESS(_("Demo accounts (sign in at %(url)s):") % {"url": login_url()}))
            table = format_table(
                [_("username"), _("password"), _("role"), _("where")],
                [(a.username, a.password, a.role, a.where) for a in ctx.accounts],
            )
            self.stdout.write(table)
