from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Party organisations")

    def ready(self):
        from liaoyuan.core import pickers
        from organisations import exports, selectors  # noqa: F401 - exports registers the datasets

        pickers.register(
            "party_member",
            lambda user: selectors.member_choices(user=user),
            search=("name", "node__name"),
            label=lambda person: f"{person.name}（{person.node.name}）",
        )
        pickers.register(
            "organisation_place",
            lambda user: selectors.place_choices(user=user),
            search=("name", "code"),
        )
        pickers.register(
            "relation_organisation",
            lambda user: selectors.relation_choices(user=user),
            search=("name", "node__name"),
        )
