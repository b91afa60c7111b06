"""gunicorn's access log without secrets: ``--logger-class liaoyuan.core.gunicorn_logging.RedactingLogger``.

A calendar feed's URL is its only credential, so the access log prints ``/calendar/[redacted].ics``; token-
like query values and the Authorization and Cookie headers are redacted too (docs/deploy.md).
"""

from gunicorn.glogging import Logger

from liaoyuan.core.logs import REDACTED, redact

_SECRET_HEADERS = ("{authorization}i", "{cookie}i", "{x-csrftoken}i")
_QUERY_ATOMS = ("q", "{query_string}e")


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if isinstance(value, str) and value:
                # a bare query string has no "?" before its first parameter
                atoms[key] = redact("?" + value)[1:] if key in _QUERY_ATOMS else redact(value)
        for header in _SECRET_HEADERS:
            if header in atoms:
                atoms[header] = REDACTED
        return atoms
