"""Errors that carry a message meant for the user, shared by the middleware, the error pages and the API."""

from django.core.exceptions import BadRequest


class RequestRefused(BadRequest):
    """A request refused before any view saw it; ``user_message`` (translated) is shown by the 400 page and
    in the API's error shape."""

    def __init__(self, message):
        super().__init__(message)
        self.user_message = message
