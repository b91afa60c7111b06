"""The kinds of duty that raise notifications, declared by the apps that own them.

An app declares each kind once, at import of its ``duties`` module (loaded by its ``AppConfig.ready``)::

    from notifications.registry import DutyKind, register

    MINUTES_OVERDUE = register(DutyKind("alliances.minutes_overdue", _("Minutes to write"), email=True))

and raises and resolves notifications through ``notifications.services.duty_notify`` and ``duty_resolve``.
The kind's key is stored with every reminder; its label names the duty in messages and on the preferences
page; ``email`` and ``sms`` are the channels used when neither the city office nor the user chose otherwise.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class DutyKind:
    """A kind of duty: ``key`` is ``<app label>.<name>``; ``label`` says what is due."""

    key: str
    label: str | Promise
    description: str | Promise = ""
    email: bool = True
    sms: bool = False


_KINDS: dict[str, DutyKind] = {}


def register(kind: DutyKind) -> DutyKind:
    """Declares ``kind`` and returns it. Declaring the same kind again is harmless; another kind under a key
    already taken is an error."""
    if "." not in kind.key or len(kind.key) > 64:
        raise ValueError(f"a duty kind key is '<app>.<name>', at most 64 characters: {kind.key!r}")
    known = _KINDS.get(kind.key)
    if known is not None and known != kind:
        raise ValueError(f"duty kind {kind.key!r} is declared twice, differently")
    _KINDS[kind.key] = kind
    return kind


def get(key: str) -> DutyKind:
    """Returns the kind of ``key``; a kind no longer declared is named by its key."""
    return _KINDS.get(key) or DutyKind(key, key, _("(no longer in use)"))


def all_kinds() -> list[DutyKind]:
    """Returns every declared kind, by key."""
    return [_KINDS[key] for key in sorted(_KINDS)]
