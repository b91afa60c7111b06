"""API of the alliances app; each module registers its viewsets on the project router."""

from alliances.api import activities, structure


def register(router) -> None:
    structure.register(router)
    activities.register(router)
