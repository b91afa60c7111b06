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
