from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WishesConfig(AppConfig):
    name = "wishes"
    verbose_name = _("Service menu and micro-wishes")

    def ready(self):
        from liaoyuan.core import pickers
        from wishes import duties  # noqa: F401 - declares the kinds of duty
        from wishes.selectors import dispatch_posts, dispatch_teams, entry_buildings

        pickers.register(
            "building",
            lambda user: entry_buildings(user=user),
            search=("name", "address"),
            label=lambda node: f"{node.name}（{node.address}）" if node.address else node.name,
        )
        pickers.register(
            "wish_post",
            lambda user: dispatch_posts(user=user),
            search=("title", "node__name"),
            label=lambda post: f"{post.title}（{post.node.name}）",
        )
        pickers.register(
            "wish_team",
            lambda user: dispatch_teams(user=user),
            search=("name", "node__name"),
            label=lambda team: f"{team.name}（{team.node.name}）",
        )
