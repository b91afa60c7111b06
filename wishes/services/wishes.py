"""The life of a wish: submitted → triaged (accepted, merged as a duplicate, declined with a reason) →
dispatched to a provider or claimed by one → in progress → done → rated, or reopened within 14 days.

Every change of status is one conditional ``UPDATE … WHERE status = <the status it was read in>``: two staff
triaging at once, or two units claiming the same wish, change it once; the other is told it changed meanwhile.
Each change writes a ``WishEvent`` (the history the resident sees) and, on commit, an SMS to the resident
(``wishes.services.messages``) and the staff's inbox lines (``notifications``).
"""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scopes
from accounts.models import Role
from grids.models import NODE_MANAGER_ROLES, Node
from notifications import selectors as recipients
from notifications import services as notifications
from notifications.models import Stage
from organisations.models import PLANNED_END_KINDS, PartyOrganisation
from people.models import Person
from units.models import MemberUnit
from volunteers.models import Post
from wishes import hooks
from wishes.duties import WISH_DISPATCHED, WISH_OVERDUE, WISH_SUBMITTED
from wishes.models import (
    OPEN_STATUSES,
    ApiKey,
    CareGroup,
    Channel,
    ContactView,
    ProviderKind,
    ServiceItem,
    Wish,
    WishEvent,
    WishKind,
    WishStatus,
)
from wishes.services import menu, messages

Status = WishStatus

# The one table of allowed status changes. Rating and reopening are the resident's; claiming is a provider's.
WISH_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.SUBMITTED: frozenset({Status.ACCEPTED, Status.MERGED, Status.DECLINED}),
    Status.ACCEPTED: frozenset({Status.DISPATCHED, Status.CLAIMED, Status.DECLINED}),
    Status.DISPATCHED: frozenset({Status.DISPATCHED, Status.IN_PROGRESS, Status.DONE}),
    Status.CLAIMED: frozenset({Status.DISPATCHED, Status.IN_PROGRESS, Status.DONE}),
    Status.IN_PROGRESS: frozenset({Status.DISPATCHED, Status.IN_PROGRESS, Status.DONE}),
    Status.DONE: frozenset({Status.RATED, Status.REOPENED}),
    Status.RATED: frozenset({Status.REOPENED}),
    Status.REOPENED: frozenset({Status.DISPATCHED, Status.CLAIMED, Status.DECLINED}),
    Status.MERGED: frozenset(),
    Status.DECLINED: frozenset(),
}
REOPEN_DAYS = 14  # a resident may reopen a done wish within this many days
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed on a phone
CODE_LENGTH = 8
CLAIMABLE = frozenset({Status.ACCEPTED, Status.REOPENED})
CLAIM_ROLES = frozenset({Role.UNIT_ADMIN, Role.PARTY_MEMBER})
ENTRY_ROLES = NODE_MANAGER_ROLES | {Role.CHIEF}  # who may enter a wish on a resident's behalf


def allowed_transitions(wish: Wish) -> list[str]:
    """Returns the statuses the wish may move to, in the order of ``WishStatus``."""
    return [s for s in Status.values if s in WISH_TRANSITIONS[wish.status]]


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


# ---- who may ---------------------------------------------------------------------------------------------


def can_manage(user, wish: Wish) -> bool:
    """Whether the user triages and dispatches the wish: the staff of its community or street."""
    return scopes.can_create_under(user, wish.building, roles=NODE_MANAGER_ROLES)


def is_provider(user, wish: Wish) -> bool:
    """Whether the user serves the wish: an admin of the member unit, or the volunteer, it was given to."""
    scope = scopes.scope_of(user)
    if wish.provider_unit_id and wish.provider_unit_id in scope.unit_ids:
        return True
    return bool(wish.provider_person_id and wish.provider_person_id == scope.person_id)


def can_progress(user, wish: Wish) -> bool:
    """Whether the user records progress and completion: the community's staff or the provider."""
    return can_manage(user, wish) or is_provider(user, wish)


def claimant(user, wish: Wish) -> dict | None:
    """Returns as whom the user may claim wishes of the wish's community (``{"unit": …}`` or
    ``{"person": …}``), or None: an admin of a member unit stationed in the community, or a party member
    living there."""
    scope = scopes.scope_of(user)
    if scope.unit_ids:
        unit = MemberUnit.objects.filter(pk__in=scope.unit_ids, location_id=wish.community_id).order_by("pk").first()
        if unit is not None:
            return {"unit": unit}
    if Role.PARTY_MEMBER in scope.roles and scope.person_id:
        person = Person.objects.filter(pk=scope.person_id, node__path__startswith=wish.community.path).first()
        if person is not None:
            return {"person": person}
    return None


def can_see_contact(user, wish: Wish) -> bool:
    """Whether the user may see the resident's phone and door whole: the community's staff, and the provider
    while the wish is open."""
    return can_manage(user, wish) or (wish.is_open and is_provider(user, wish))


# ---- submitting ------------------------------------------------------------------------------------------


def _place(building: Node) -> tuple[Node, Node | None]:
    """Returns the community and the grid of a building or stairwell unit (from its path, one query)."""
    if building.kind not in (Node.Kind.BUILDING, Node.Kind.STAIRWELL):
        raise ValidationError({"building": _("Choose the building (or stairwell unit) where the resident lives.")})
    ancestors = Node.objects.filter(path__in=building.ancestor_paths(), kind__in=[Node.Kind.COMMUNITY, Node.Kind.GRID])
    found = {node.kind: node for node in ancestors}
    if Node.Kind.COMMUNITY not in found:
        raise ValidationError({"building": _("This building belongs to no community.")})
    return found[Node.Kind.COMMUNITY], found.get(Node.Kind.GRID)


def wish_submit(
    *,
    building: Node,
    title: str,
    contact_phone: str,
    kind: str = WishKind.WISH,
    item: ServiceItem | None = None,
    answers: dict | None = None,
    description: str = "",
    beneficiary: str = "",
    contact_name: str = "",
    door: str = "",
    photo: UploadedFile | None = None,
    channel: str = Channel.WEB,
    care_group: str = "",
    user=None,
    api_key: ApiKey | None = None,
) -> Wish:
    """Records a resident's order or micro-wish, routed to the community and grid of ``building``, and returns
    it with a new tracking code. The resident is told the code by SMS; the community's staff find it in their
    inbox.

    ``user`` is the account entering it: a signed-in resident (their own), or staff and chiefs entering it on a
    resident's behalf (then ``channel`` says how it came: mailbox, home visit, WeChat group, telephone) who
    must have the building in their scope. Raises ``ValidationError`` field by field.
    """
    community, grid = _place(building)
    on_behalf = channel not in (Channel.WEB, Channel.OPEN311)
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Choose how the wish came.")})
    if on_behalf and (user is None or not scopes.can_create_under(user, building, roles=ENTRY_ROLES)):
        raise PermissionDenied
    if kind not in WishKind.values:
        raise ValidationError({"kind": _("Choose a service from the menu or write a wish.")})
    if care_group and care_group not in CareGroup.values:
        raise ValidationError({"care_group": _("Choose a group of special care.")})
    cleaned_answers: dict = {}
    if kind == WishKind.ORDER:
        if item is None or item.community_id != community.pk or not item.is_active:
            raise ValidationError({"item": _("Choose a service on the menu of this community.")})
        cleaned_answers = menu.answers_check(item, answers or {})
        title = title.strip() or item.title
    else:
        item = None
    resident = None
    if user is not None and not on_behalf and getattr(user, "person_id", None):
        resident = user.person
    wish = Wish(
        kind=kind,
        item=item,
        answers=cleaned_answers,
        community=community,
        grid=grid,
        building=building,
        title=title.strip(),
        description=description.strip(),
        beneficiary=beneficiary.strip(),
        contact_name=contact_name.strip(),
        contact_phone=contact_phone.strip().replace(" ", ""),
        door=door.strip(),
        channel=channel,
        care_group=care_group,
        submitted_by=user if user is not None and getattr(user, "is_authenticated", False) else None,
        resident=resident,
        api_key=api_key,
        status=Status.SUBMITTED,
        status_changed_at=timezone.now(),
        tracking_code=new_tracking_code(),
    )
    if not wish.title:
        raise ValidationError({"title": _("Say what is needed.")})
    wish.full_clean(exclude=["community", "grid", "building", "item", "tracking_code", "photo", "api_key"])
    if photo is not None:
        extension = _checked_photo(photo)
        wish.photo.save(f"wish.{extension}", photo, save=False)
    with transaction.atomic():
        for _attempt in range(5):  # a tracking code already taken (one in 10^11): draw another
            try:
                with transaction.atomic():
                    wish.save()
                break
            except IntegrityError:
                wish.pk, wish.tracking_code = None, new_tracking_code()
        else:  # pragma: no cover - five collisions in a row
            raise ValidationError({"__all__": _("Please try again.")})
        event = WishEvent.objects.create(wish=wish, actor=wish.submitted_by, status_from="", status_to=Status.SUBMITTED)
        messages.resident_tell(wish=wish, event=event)
        staff = recipients.node_role_holders(node=community, roles=[Role.COMMUNITY_SECRETARY, Role.COMMUNITY_WORKER])
        notifications.duty_notify(
            kind=WISH_SUBMITTED.key,
            target=wish,
            stage=Stage.NOTICE,
            recipients=staff,
            url=wish.get_absolute_url(),
            target_name=community.name,
            detail=wish.title,
        )
    return wish


# ---- changing status -------------------------------------------------------------------------------------


def _refuse(wish: Wish, to: str) -> ValidationError:
    allowed = "、".join(str(Status(s).label) for s in allowed_transitions(wish)) or _("none")
    return ValidationError(
        {
            "status": _("A wish that is “%(from)s” cannot become “%(to)s” (allowed: %(allowed)s).")
            % {"from": Status(wish.status).label, "to": Status(to).label, "allowed": allowed}
        }
    )


def _move(*, wish: Wish, to: str, actor, note: str = "", sources: frozenset[str] | None = None, **fields) -> Wish:
    """Moves the wish to ``to`` with one conditional update (from the status it was read in, which must allow
    ``to``), sets ``fields``, writes the event and tells the resident. Returns the wish as it now is. Raises
    ``ValidationError`` when the change is not allowed or another change came first."""
    if to not in WISH_TRANSITIONS[wish.status] or (sources is not None and wish.status not in sources):
        raise _refuse(wish, to)
    now = timezone.now()
    with transaction.atomic():
        changed = Wish.objects.filter(pk=wish.pk, status=wish.status).update(
            status=to, status_changed_at=now, updated_at=now, **fields
        )
        if changed != 1:
            raise ValidationError({"status": _("The wish was changed meanwhile by someone else; look at it again.")})
        event = WishEvent.objects.create(
            wish=wish,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            status_from=wish.status,
            status_to=to,
            note=note.strip(),
        )
        previous = wish.status
        for name, value in fields.items():
            setattr(wish, name, value)
        wish.status, wish.status_changed_at = to, now
        messages.resident_tell(wish=wish, event=event)
        if previous in OPEN_STATUSES and to not in OPEN_STATUSES or to in (Status.DISPATCHED, Status.CLAIMED):
            notifications.duty_resolve(kind=WISH_OVERDUE.key, target=wish)
        if to != Status.SUBMITTED:
            notifications.duty_resolve(kind=WISH_SUBMITTED.key, target=wish)
    return wish


def _check_note(note: str, field: str = "note") -> str:
    note = (note or "").strip()
    if len(note) > 2000:
        raise ValidationError({field: _("At most %(n)d characters.") % {"n": 2000}})
    return note


def wish_accept(*, user, wish: Wish, note: str = "") -> Wish:
    """Accepts a submitted wish: it enters the community's needs list (``wishes.hooks``, the ledgers). Returns
    it."""
    if not can_manage(user, wish):
        raise PermissionDenied
    with transaction.atomic():
        wish = _move(wish=wish, to=Status.ACCEPTED, actor=user, note=_check_note(note))
        hooks.wish_accepted(wish, user=user)
    return wish


def wish_merge(*, user, wish: Wish, original: Wish, note: str = "") -> Wish:
    """Marks a submitted wish as a duplicate of ``original`` (an open wish of the same community). Returns it."""
    if not can_manage(user, wish):
        raise PermissionDenied
    if original.pk == wish.pk or original.community_id != wish.community_id:
        raise ValidationError({"duplicate_of": _("Choose another wish of the same community.")})
    if original.status in (Status.MERGED, Status.DECLINED):
        raise ValidationError({"duplicate_of": _("That wish was itself merged or declined.")})
    return _move(wish=wish, to=Status.MERGED, actor=user, note=_check_note(note), duplicate_of=original)


def wish_decline(*, user, wish: Wish, reason: str) -> Wish:
    """Declines the wish with a reason the resident sees. Returns it."""
    if not can_manage(user, wish):
        raise PermissionDenied
    reason = _check_note(reason, "reason")
    if not reason:
        raise ValidationError({"reason": _("Tell the resident why the wish is declined.")})
    return _move(wish=wish, to=Status.DECLINED, actor=user, note=reason, reason=reason)


def _check_promise(promised_on: datetime.date | None) -> datetime.date:
    today = timezone.localdate()
    if promised_on is None:
        raise ValidationError({"promised_on": _("Promise the resident a date.")})
    if promised_on < today or promised_on > today + datetime.timedelta(days=366):
        raise ValidationError({"promised_on": _("Promise a date between today and a year from now.")})
    return promised_on


def wish_dispatch(
    *,
    user,
    wish: Wish,
    provider_kind: str,
    promised_on: datetime.date | None,
    provider_unit: MemberUnit | None = None,
    provider_person: Person | None = None,
    provider_post: Post | None = None,
    provider_team: PartyOrganisation | None = None,
    note: str = "",
) -> Wish:
    """Gives the wish to a provider (a vanguard post, a team or temporary branch, a member unit, a volunteer)
    with a date promised to the resident. The unit's admins, or the team's leader, find it in their inbox; a
    post's or team's name is kept with the wish as it was when dispatched. Returns the wish."""
    if not can_manage(user, wish):
        raise PermissionDenied
    promised_on = _check_promise(promised_on)
    provider_name = ""
    if provider_kind == ProviderKind.UNIT:
        if provider_unit is None or not scopes.can_view(user, provider_unit):
            raise ValidationError({"provider_unit": _("Choose the member unit.")})
    elif provider_kind == ProviderKind.VOLUNTEER:
        if provider_person is None or not scopes.can_view(user, provider_person):
            raise ValidationError({"provider_person": _("Choose the volunteer.")})
    elif provider_kind == ProviderKind.POST:
        if provider_post is None or not scopes.can_view(user, provider_post):
            raise ValidationError({"provider_post": _("Choose the vanguard post.")})
        if not provider_post.is_open:
            raise ValidationError({"provider_post": _("This post is closed; choose an open one.")})
        provider_name = provider_post.title
    elif provider_kind == ProviderKind.TEAM:
        is_team = provider_team is not None and provider_team.kind in PLANNED_END_KINDS
        if not is_team or not scopes.can_view(user, provider_team):
            raise ValidationError({"provider_team": _("Choose the team or temporary party branch.")})
        if provider_team.ends_on is not None and provider_team.ends_on < timezone.localdate():
            raise ValidationError({"provider_team": _("This team has ended; choose one that serves now.")})
        provider_name = provider_team.name
    else:
        raise ValidationError({"provider_kind": _("Choose who will serve the wish.")})
    # one provider only: whatever else came with the request is dropped
    provider_unit = provider_unit if provider_kind == ProviderKind.UNIT else None
    provider_person = provider_person if provider_kind == ProviderKind.VOLUNTEER else None
    provider_post = provider_post if provider_kind == ProviderKind.POST else None
    provider_team = provider_team if provider_kind == ProviderKind.TEAM else None
    with transaction.atomic():
        wish = _move(
            wish=wish,
            to=Status.DISPATCHED,
            actor=user,
            note=_check_note(note),
            provider_kind=provider_kind,
            provider_unit=provider_unit,
            provider_person=provider_person,
            provider_post=provider_post,
            provider_team=provider_team,
            provider_name=provider_name,
            promised_on=promised_on,
        )
        if provider_unit is not None:
            told = recipients.unit_admins(unit_ids=[provider_unit.pk])
        elif provider_team is not None and provider_team.secretary_id:
            told = recipients.person_accounts(person_ids=[provider_team.secretary_id])
        else:
            told = []
        if told:
            notifications.duty_notify(
                kind=WISH_DISPATCHED.key,
                target=wish,
                stage=Stage.NOTICE,
                period=str(wish.events.order_by("-pk").values_list("pk", flat=True).first()),
                recipients=told,
                url=wish.get_absolute_url(),
                target_name=wish.community.name,
                detail=wish.title,
                due_on=promised_on,
            )
    return wish


def wish_claim(*, user, wish: Wish, promised_on: datetime.date | None, note: str = "") -> Wish:
    """A member unit (its admin) or a party member takes an accepted wish themselves (认领), promising a date.
    When two claim at once, one gets it and the other is told it was taken. Returns the wish."""
    how = claimant(user, wish)
    if how is None:
        raise PermissionDenied
    if wish.status not in CLAIMABLE:
        raise ValidationError({"status": _("This wish was taken by someone else, or is not open to claims.")})
    promised_on = _check_promise(promised_on)
    if "unit" in how:
        fields = {"provider_kind": ProviderKind.UNIT, "provider_unit": how["unit"], "provider_person": None}
    else:
        fields = {"provider_kind": ProviderKind.VOLUNTEER, "provider_unit": None, "provider_person": how["person"]}
    return _move(
        wish=wish,
        to=Status.CLAIMED,
        actor=user,
        note=_check_note(note),
        sources=CLAIMABLE,
        provider_post=None,
        provider_team=None,
        provider_name="",
        promised_on=promised_on,
        **fields,
    )


def wish_progress(*, user, wish: Wish, note: str) -> Wish:
    """Records progress on a dispatched or claimed wish (it is now in progress). Returns it."""
    if not can_progress(user, wish):
        raise PermissionDenied
    note = _check_note(note)
    if not note:
        raise ValidationError({"note": _("Write what was done.")})
    return _move(wish=wish, to=Status.IN_PROGRESS, actor=user, note=note)


def _checked_photo(photo: UploadedFile) -> str:
    """Returns the extension of the photo's real format; raises ``ValidationError`` on ``photo``."""
    from alliances.services.activities import photo_format  # one check of images by their content

    try:
        return photo_format(photo)
    except ValidationError as exc:
        raise ValidationError({"photo": exc.message_dict.get("image", exc.messages)}) from None


def wish_complete(*, user, wish: Wish, note: str = "", photo: UploadedFile | None = None) -> Wish:
    """Marks the wish done, with a photo of the result if useful; the resident is asked whether it was done and
    how well. Returns it."""
    if not can_progress(user, wish):
        raise PermissionDenied
    extension = _checked_photo(photo) if photo is not None else None
    with transaction.atomic():
        wish = _move(wish=wish, to=Status.DONE, actor=user, note=_check_note(note), done_at=timezone.now())
        if photo is not None:
            event = wish.events.order_by("-pk").first()
            event.photo.save(f"done.{extension}", photo, save=False)
            event.save(update_fields=["photo"])
    return wish


def wish_rate(*, wish: Wish, rating: int, comment: str = "", user=None) -> Wish:
    """The resident's answer to "was it done, and how well?": 1 to 5 and a comment. Returns the wish."""
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Give 1 to 5 stars.")})
    comment = _check_note(comment, "comment")
    return _move(wish=wish, to=Status.RATED, actor=user, note=comment, rating=rating, rating_comment=comment)


def wish_reopen(*, wish: Wish, note: str, user=None) -> Wish:
    """The resident reopens a done wish within 14 days of its completion, saying what is still wrong; the
    community dispatches it again. Returns the wish."""
    note = _check_note(note)
    if not note:
        raise ValidationError({"note": _("Say what is still not done.")})
    if wish.done_at and timezone.now() - wish.done_at > datetime.timedelta(days=REOPEN_DAYS):
        raise ValidationError(
            {"status": _("A wish may be reopened within %(n)d days of being done.") % {"n": REOPEN_DAYS}}
        )
    return _move(wish=wish, to=Status.REOPENED, actor=user, note=note, rating=None, rating_comment="")


def may_reopen(wish: Wish) -> bool:
    return (
        Status.REOPENED in WISH_TRANSITIONS[wish.status]
        and wish.done_at is not None
        and timezone.now() - wish.done_at <= datetime.timedelta(days=REOPEN_DAYS)
    )


def wish_contact(*, user, wish: Wish, channel: str) -> dict[str, str]:
    """Returns the resident's contact whole (name, phone, door) to those who may see it, and logs the view
    (PIPL). Raises ``PermissionDenied`` for anyone else."""
    if not can_see_contact(user, wish):
        raise PermissionDenied
    ContactView.objects.create(user=user, wish=wish, channel=channel)
    return {"contact_name": wish.contact_name, "contact_phone": wish.contact_phone, "door": wish.door}


def tracking_match(wish: Wish | None, last_four: str) -> bool:
    """Whether ``last_four`` are the last four digits of the wish's contact phone (constant time)."""
    expected = wish.contact_phone[-4:] if wish is not None else "0000"
    return secrets.compare_digest(expected.encode(), (last_four or "").strip().encode()) and wish is not None
