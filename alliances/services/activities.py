"""Writes about an alliance's activities (联合活动) and their photos."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from accounts import scopes
from alliances.models import MAX_HOUSEHOLDS_VISITED, MAX_PARTICIPANTS, Activity, ActivityPhoto, Alliance
from alliances.services.common import check_dates, check_units_in_sight, members_on
from grids.models import Household, Node
from organisations.models import PartyOrganisation
from people.models import Person
from units.models import MemberUnit

MAX_PHOTO_BYTES = 5 * 1024 * 1024  # 5 MB per photo
MAX_PHOTO_PIXELS = 50_000_000  # refuses decompression bombs long before Pillow's own limit
MAX_PHOTOS_PER_ACTIVITY = 30
MAX_NAMED = 500  # people named (or households chosen) one by one on an activity; the rest are counted
MAX_PHOTOS_PER_UPLOAD = 10  # 50 MB at most in one request (REQUEST_MAX_BYTES is 64 MB)
# Pillow format → file extension of the photos we keep (anything else is refused).
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


def can_create_activity(user, alliance: Alliance) -> bool:
    """Returns whether the user may record activities of ``alliance``: the street or community
    secretary and workers of its node, and the street above (no query)."""
    return scopes.can_create_under(user, alliance.node)


def can_create_own_activity(user, organisation: PartyOrganisation) -> bool:
    """Returns whether the user may record an activity that ``organisation`` runs on its own (without an
    alliance): whoever runs the organisation (the street or community above it, a unit's admins for the
    unit's own organisation)."""
    return scopes.can_change(user, organisation)


def _check_people(*, user, people: list[Person], households: list[Household], node: Node, kind: str) -> dict:
    """The named participants must be people the user sees; the visited households must lie where the
    activity stands, and only a visit has them. Returns field → message (naming no one out of sight)."""
    errors: dict[str, str] = {}
    wanted = {p.pk for p in people}
    if wanted and scopes.visible(user, Person.objects.filter(pk__in=wanted)).count() != len(wanted):
        errors["people"] = _("No such person.")
    if households:
        if kind != Activity.Kind.VISIT:
            errors["households"] = _("Only a visit to people in difficulty counts households visited.")
        else:
            ids = {h.pk for h in households}
            seen = scopes.visible(user, Household.objects.filter(pk__in=ids, node__path__startswith=node.path))
            if seen.count() != len(ids):
                errors["households"] = _("Choose households of %(place)s that you can see.") % {"place": node.name}
    if len(people) > MAX_NAMED:
        errors["people"] = _("Name at most %(n)d people; count the others.") % {"n": MAX_NAMED}
    if len(households) > MAX_NAMED:
        errors["households"] = _("Choose at most %(n)d households; count the others.") % {"n": MAX_NAMED}
    return errors


def _validate(
    *,
    user,
    alliance: Alliance | None,
    node: Node,
    kind: str,
    title: str,
    place: str,
    starts_at: datetime,
    ends_at: datetime | None,
    organiser_unit: MemberUnit | None,
    units: list[MemberUnit],
    people: list[Person],
    households: list[Household],
    unnamed_participants: int,
    unnamed_households: int,
) -> None:
    """Raises ``ValidationError`` (field → message) when the activity's fields break a rule."""
    check_units_in_sight(user=user, field="organiser_unit", units=[organiser_unit])
    check_units_in_sight(user=user, field="units", units=units)
    check_dates(starts_at=starts_at, ends_at=ends_at)
    errors: dict[str, str] = {}
    if kind not in Activity.Kind.values:
        errors["kind"] = _("Choose a kind of activity.")
    if not title.strip():
        errors["title"] = _("Give the activity a title.")
    if not place.strip():
        errors["place"] = _("Say where the activity takes place.")
    if ends_at is not None and ends_at <= starts_at:
        errors["ends_at"] = _("The end must come after the start.")
    if unnamed_participants < 0:
        errors["unnamed_participants"] = _("The number of participants cannot be negative.")
    elif unnamed_participants > MAX_PARTICIPANTS:
        errors["unnamed_participants"] = _("At most %(max)d participants.") % {"max": MAX_PARTICIPANTS}
    if unnamed_households < 0:
        errors["unnamed_households"] = _("The number of households cannot be negative.")
    elif unnamed_households > MAX_HOUSEHOLDS_VISITED:
        errors["unnamed_households"] = _("At most %(max)d households.") % {"max": MAX_HOUSEHOLDS_VISITED}
    elif unnamed_households and kind != Activity.Kind.VISIT:
        errors["unnamed_households"] = _("Only a visit to people in difficulty counts households visited.")
    errors.update(_check_people(user=user, people=people, households=households, node=node, kind=kind))
    day = timezone.localdate(starts_at)
    if alliance is None:
        if organiser_unit is not None or units:
            errors["units"] = _("Member units take part in an alliance's activities only.")
    elif day < alliance.founded_on:
        errors["starts_at"] = _("The alliance was founded on %(date)s; the activity cannot be earlier.") % {
            "date": alliance.founded_on.isoformat()
        }
    else:
        wanted = {u.pk for u in units} | ({organiser_unit.pk} if organiser_unit else set())
        members = members_on(alliance, day) if wanted else set()
        if organiser_unit is not None and organiser_unit.pk not in members:
            errors["organiser_unit"] = _("%(unit)s was not a member of the alliance on %(date)s.") % {
                "unit": organiser_unit.name,
                "date": day.isoformat(),
            }
        outsiders = sorted(u.name for u in units if u.pk not in members)
        if outsiders:
            errors["units"] = _("Not members of the alliance on %(date)s: %(units)s.") % {
                "date": day.isoformat(),
                "units": "、".join(outsiders),
            }
    if errors:
        raise ValidationError(errors)


def _runner(*, user, alliance: Alliance | None, organisation: PartyOrganisation | None) -> Node:
    """Checks whose activity it is and that the user may record it; returns the node where it stands."""
    if (alliance is None) == (organisation is None):
        raise ValidationError(
            {"alliance": _("Choose the alliance, or the party organisation that ran the activity on its own.")}
        )
    if alliance is not None:
        if not can_create_activity(user, alliance):
            raise PermissionDenied
        return alliance.node
    if not can_create_own_activity(user, organisation):
        raise PermissionDenied
    return organisation.node


def activity_create(
    *,
    user,
    kind: str,
    title: str,
    starts_at: datetime,
    place: str,
    alliance: Alliance | None = None,
    organisation: PartyOrganisation | None = None,
    ends_at: datetime | None = None,
    description: str = "",
    organiser_unit: MemberUnit | None = None,
    units: Iterable[MemberUnit] = (),
    people: Iterable[Person] = (),
    households: Iterable[Household] = (),
    unnamed_participants: int = 0,
    unnamed_households: int = 0,
    photos: Sequence[UploadedFile] = (),
) -> Activity:
    """Records an activity, with its ``photos`` if any (all or none), and returns it: an activity of
    ``alliance``, or one that the party ``organisation`` ran on its own (a grid branch's theme party day, a
    temporary branch's emergency duty), never both.

    Raises ``PermissionDenied`` unless the user may record it (for an alliance: a secretary or worker of its
    street or community, or of the street above; for an organisation: whoever runs it), ``ValidationError``
    when a field breaks a rule — among them: the organiser and every participating unit must be members of the
    alliance on the activity's date; named people must be in sight; visited households must lie in the area.
    """
    node = _runner(user=user, alliance=alliance, organisation=organisation)
    units, people, households = list(units), list(people), list(households)
    _validate(
        user=user,
        alliance=alliance,
        node=node,
        kind=kind,
        title=title,
        place=place,
        starts_at=starts_at,
        ends_at=ends_at,
        organiser_unit=organiser_unit,
        units=units,
        people=people,
        households=households,
        unnamed_participants=unnamed_participants,
        unnamed_households=unnamed_households,
    )
    photos = list(photos)
    if len(photos) > MAX_PHOTOS_PER_UPLOAD:
        raise ValidationError({"photos": _("Upload at most %(n)d photos at a time.") % {"n": MAX_PHOTOS_PER_UPLOAD}})
    checked = _checked_photos(photos, "photos")
    with transaction.atomic():
        activity = Activity.objects.create(
            alliance=alliance,
            organisation=organisation,
            node=node,
            kind=kind,
            title=title.strip(),
            description=description.strip(),
            starts_at=starts_at,
            ends_at=ends_at,
            place=place.strip(),
            organiser_unit=organiser_unit,
            unnamed_participants=unnamed_participants,
            unnamed_households=unnamed_households,
            created_by=user if getattr(user, "pk", None) else None,
        )
        activity.units.set(units)
        activity.people.set(people)
        activity.households.set(households)
        if checked:
            _store_photos(activity, checked, caption="")
    return activity


def activity_values(activity: Activity) -> dict[str, Any]:
    """Returns the activity's current values as the keyword arguments of ``activity_update`` (for
    partial updates)."""
    return {
        "kind": activity.kind,
        "title": activity.title,
        "description": activity.description,
        "starts_at": activity.starts_at,
        "ends_at": activity.ends_at,
        "place": activity.place,
        "organiser_unit": activity.organiser_unit,
        "units": list(activity.units.all()),
        "people": list(activity.people.all()),
        "households": list(activity.households.all()),
        "unnamed_participants": activity.unnamed_participants,
        "unnamed_households": activity.unnamed_households,
    }


def activity_update(
    *,
    user,
    activity: Activity,
    kind: str,
    title: str,
    starts_at: datetime,
    place: str,
    ends_at: datetime | None = None,
    description: str = "",
    organiser_unit: MemberUnit | None = None,
    units: Iterable[MemberUnit] = (),
    people: Iterable[Person] = (),
    households: Iterable[Household] = (),
    unnamed_participants: int = 0,
    unnamed_households: int = 0,
) -> Activity:
    """Changes an activity (never whose it is) and returns it.

    Raises ``PermissionDenied`` unless the user may change it (the alliance's secretaries and workers,
    the street above, the organiser unit's admins; for an organisation's own activity, whoever runs the
    area); ``ValidationError`` as ``activity_create`` does, and when a unit admin would hand the activity to
    another organiser.
    """
    if not scopes.can_change(user, activity):
        raise PermissionDenied
    units, people, households = list(units), list(people), list(households)
    alliance = activity.alliance
    if (
        alliance is not None
        and organiser_unit != activity.organiser_unit
        and not can_create_activity(user, alliance)
        and (organiser_unit is None or organiser_unit.pk not in scopes.scope_of(user).unit_ids)
    ):
        raise ValidationError({"organiser_unit": _("You may only record activities organised by your own unit.")})
    _validate(
        user=user,
        alliance=alliance,
        node=activity.node,
        kind=kind,
        title=title,
        place=place,
        starts_at=starts_at,
        ends_at=ends_at,
        organiser_unit=organiser_unit,
        units=units,
        people=people,
        households=households,
        unnamed_participants=unnamed_participants,
        unnamed_households=unnamed_households,
    )
    activity.kind, activity.title, activity.description = kind, title.strip(), description.strip()
    activity.starts_at, activity.ends_at, activity.place = starts_at, ends_at, place.strip()
    activity.organiser_unit, activity.unnamed_participants = organiser_unit, unnamed_participants
    activity.unnamed_households = unnamed_households
    with transaction.atomic():
        activity.save()
        activity.units.set(units)
        activity.people.set(people)
        activity.households.set(households)
    return activity


def photo_format(upload: UploadedFile) -> str:
    """Returns the file extension for the image in ``upload`` (jpg, png, gif or webp), judged by its
    content with Pillow, never by its name or declared type.

    Raises ``ValidationError`` on the field ``image`` when the file is missing, too large, not an image,
    an image of another format, or damaged.
    """
    if upload is None:
        raise ValidationError({"image": _("Choose a photo to upload.")})
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            {
                "image": _("The file is %(size).1f MB; a photo may be at most %(limit)d MB.")
                % {"size": upload.size / 1024 / 1024, "limit": MAX_PHOTO_BYTES // 1024 // 1024}
            }
        )
    not_an_image = _("This file is not an image (JPEG, PNG, GIF or WebP), or it is damaged.")
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                fmt = image.format
                width, height = image.size
                if width * height > MAX_PHOTO_PIXELS:
                    raise ValidationError({"image": _("The image has too many pixels.")})
                image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError({"image": not_an_image}) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:  # Pillow's ways of saying "damaged"
        raise ValidationError({"image": not_an_image}) from exc
    finally:
        upload.seek(0)
    if fmt not in PHOTO_FORMATS:
        raise ValidationError({"image": not_an_image})
    return PHOTO_FORMATS[fmt]


def _checked_photos(images: Sequence[UploadedFile], field: str) -> list[tuple[UploadedFile, str]]:
    """Returns each upload with the extension of its real format; raises ``ValidationError`` on ``field``
    naming every refused file and why (nothing is stored then)."""
    checked, errors = [], []
    for upload in images:
        try:
            checked.append((upload, photo_format(upload)))
        except ValidationError as exc:
            reasons = "；".join(exc.messages)
            errors.append(_("%(file)s: %(reasons)s") % {"file": upload.name, "reasons": reasons})
    if errors:
        raise ValidationError({field: errors})
    return checked


def _store_photos(activity: Activity, checked: list[tuple[UploadedFile, str]], caption: str) -> list[ActivityPhoto]:
    """Saves the photos in the open transaction, with the activity locked so that the count is right; files
    written before a failure are removed again."""
    Activity.objects.select_for_update().filter(pk=activity.pk).exists()
    if activity.photos.count() + len(checked) > MAX_PHOTOS_PER_ACTIVITY:
        raise ValidationError(_("An activity keeps at most %(n)d photos.") % {"n": MAX_PHOTOS_PER_ACTIVITY})
    photos: list[ActivityPhoto] = []
    try:
        for upload, extension in checked:
            upload.name = f"photo.{extension}"  # stored under a generated name with this extension
            photo = ActivityPhoto(activity=activity, caption=caption.strip(), image=upload)
            photo.full_clean(exclude=["image"])
            photo.save()
            photos.append(photo)
    except Exception:
        for photo in photos:
            photo.image.storage.delete(photo.image.name)
        raise
    return photos


def activity_photos_add(
    *, user, activity: Activity, images: Sequence[UploadedFile], caption: str = "", field: str = "images"
) -> list[ActivityPhoto]:
    """Attaches several photos to the activity at once (all or none) and returns them. Each file is checked
    by its content (an image of at most 5 MB) and stored under a new name with the extension of its real
    format.

    Raises ``PermissionDenied`` unless the user may change the activity, ``ValidationError`` on ``field``
    when no file is given, more than ``MAX_PHOTOS_PER_UPLOAD``, a file is refused (each named with the
    reason) or the activity would keep more than ``MAX_PHOTOS_PER_ACTIVITY``.
    """
    if not scopes.can_change(user, activity):
        raise PermissionDenied
    images = list(images)
    if not images:
        raise ValidationError({field: _("Choose a photo to upload.")})
    if len(images) > MAX_PHOTOS_PER_UPLOAD:
        raise ValidationError({field: _("Upload at most %(n)d photos at a time.") % {"n": MAX_PHOTOS_PER_UPLOAD}})
    checked = _checked_photos(images, field)
    try:
        with transaction.atomic():
            return _store_photos(activity, checked, caption)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


def activity_photo_add(*, user, activity: Activity, image: UploadedFile, caption: str = "") -> ActivityPhoto:
    """Attaches one photo to the activity and returns it (``activity_photos_add``, errors on ``image``)."""
    if image is None:
        raise ValidationError({"image": _("Choose a photo to upload.")})
    return activity_photos_add(user=user, activity=activity, images=[image], caption=caption, field="image")[0]


def activity_photo_delete(*, user, photo: ActivityPhoto) -> None:
    """Removes a photo and, once the removal is committed, its file.

    Raises ``PermissionDenied`` unless the user may change the photo's activity.
    """
    if not scopes.can_change(user, photo.activity):
        raise PermissionDenied
    storage, name = photo.image.storage, photo.image.name
    with transaction.atomic():
        photo.delete()
        transaction.on_commit(lambda: storage.delete(name))
