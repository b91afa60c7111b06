def register(router) -> None:
    """Registers this module's viewsets on the API router."""
