"""Log lines without secrets: calendar feed paths and token-like query values are redacted."""

import logging
import re

REDACTED = "[redacted]"
_PATTERNS = [
    # /calendar/<secret>.ics: the secret (43 characters) is the feed's only credential; shorter segments
    # such as /alliances/calendar/links/ are page paths, not secrets
    (re.compile(r"(/calendar/)[A-Za-z0-9_-]{16,}"), r"\g<1>" + REDACTED),
    # ?token=…, &password=…, &key=… in a query string
    (re.compile(r"([?&](?:token|access_token|key|password|otp_token)=)[^&\s\"']*", re.IGNORECASE), r"\g<1>" + REDACTED),
]


def redact(text: str) -> str:
    """Returns ``text`` with calendar secrets and token-like query values replaced by ``[redacted]``."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecrets(logging.Filter):
    """A logging filter that redacts the formatted message (and its arguments) of every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class ClientErrorsInOneLine(logging.Filter):
    """Django's request log says a client error (4xx) in one line, without the traceback of the exception
    that answered it (a 403 or a bad request is not a fault of the code), and leaves out a refusal that the
    security log already recorded (``security_log.security_event``), so each 403 is one line. Server errors
    keep their traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is None or not 400 <= status < 500:
            return True
        if getattr(getattr(record, "request", None), "security_logged", False):
            return False
        record.exc_info, record.exc_text = None, None
        return True
