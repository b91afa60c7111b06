from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Review in the open")

    def ready(self):
        from django.db.models.signals import post_migrate

        from reviews import duties  # noqa: F401 - declares the kinds of duty

        post_migrate.connect(_default_cycles, sender=self, dispatch_uid="reviews-default-cycles")


def _default_cycles(sender, using="default", **kwargs):
    """After migrate (and after a test flush): the city's default review cycles exist, with their schedules."""
    from reviews.services.cycles import cycles_default_ensure

    cycles_default_ensure(using=using)
