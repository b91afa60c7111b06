"""Pluggable SMS senders, chosen by ``SMS_BACKEND`` like Django's ``EMAIL_BACKEND``.

- ``ConsoleSMSBackend`` (the embedded default) writes each message to standard output, the number masked;
- ``HttpGatewaySMSBackend`` (when ``SMS_GATEWAY_URL`` is set) posts ``{"to", "text"}`` as JSON to the
  city's SMS gateway, with ``Authorization: Bearer $SMS_GATEWAY_TOKEN``;
- ``LocmemSMSBackend`` keeps messages in ``outbox`` (tests).

A backend raises ``TransientSMSError`` when trying again later may work (gateway down, 5xx) and
``SMSError`` when it will not (the gateway refused the message).
"""

import json
import sys
import urllib.error
import urllib.request

from django.conf import settings
from django.utils.module_loading import import_string

from liaoyuan.core.masking import mask_phone

GATEWAY_TIMEOUT = 10  # seconds

outbox: list[dict] = []


class SMSError(Exception):
    """The message was refused; sending it again will not help."""


class TransientSMSError(SMSError):
    """The message could not be sent now; sending it again later may work."""


class BaseSMSBackend:
    def send(self, *, to: str, text: str) -> None:
        raise NotImplementedError


class ConsoleSMSBackend(BaseSMSBackend):
    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, *, to: str, text: str) -> None:
        self.stream.write(f"SMS to {mask_phone(to)}: {text}\n")
        self.stream.flush()


class LocmemSMSBackend(BaseSMSBackend):
    def send(self, *, to: str, text: str) -> None:
        outbox.append({"to": to, "text": text})


class HttpGatewaySMSBackend(BaseSMSBackend):
    def __init__(self, url: str | None = None, token: str | None = None):
        self.url = url or settings.SMS_GATEWAY_URL
        self.token = token if token is not None else settings.SMS_GATEWAY_TOKEN
        if not self.url.startswith(("http://", "https://")):
            raise SMSError("SMS_GATEWAY_URL must be an http(s) URL")

    def send(self, *, to: str, text: str) -> None:
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.url,
            data=json.dumps({"to": to, "text": text}, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=GATEWAY_TIMEOUT) as response:  # noqa: S310
                response.read()
        except urllib.error.HTTPError as exc:
            if exc.code >= 500 or exc.code == 429:
                raise TransientSMSError(f"gateway answered {exc.code}") from exc
            raise SMSError(f"gateway refused the message: {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise TransientSMSError(f"gateway unreachable: {exc}") from exc


def get_backend() -> BaseSMSBackend:
    """Returns an instance of the configured ``SMS_BACKEND``."""
    return import_string(settings.SMS_BACKEND)()
