"""Validators for mainland-China personal data, and the windows of plausible dates."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
ID_NUMBER_RE = re.compile(r"^\d{17}[\dX]$")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"


def id_number_check_char(first17: str) -> str:
    """Returns the GB 11643 check character for the first 17 digits of an identity number."""
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


@deconstructible
class ChinaPhoneValidator:
    """A mainland mobile number (11 digits starting 13–19) or a landline with area code (0437-1234567)."""

    message = _("Enter a mainland China mobile number (11 digits) or a landline with its area code.")
    code = "invalid_phone"

    def __call__(self, value: str) -> None:
        if not (MOBILE_RE.match(value) or LANDLINE_RE.match(value)):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, ChinaPhoneValidator)


@deconstructible
class ResidentIdValidator:
    """An 18-character resident identity number whose check character is right (GB 11643-1999)."""

    code = "invalid_id_number"

    def __call__(self, value: str) -> None:
        value = value.upper()
        if not ID_NUMBER_RE.match(value):
            raise ValidationError(_("An identity number has 17 digits and a final digit or X."), code=self.code)
        if id_number_check_char(value[:17]) != value[17]:
            raise ValidationError(_("This identity number fails its checksum; please check it."), code=self.code)

    def __eq__(self, other):
        return isinstance(other, ResidentIdValidator)


validate_china_phone = ChinaPhoneValidator()
validate_resident_id = ResidentIdValidator()


# The window of days that the portal's records fall in (founding, rotation, memberships, meetings,
# activities, terms, deadlines, posts): anything outside is a typing mistake.
EARLIEST_DAY = datetime.date(2000, 1, 1)
LATEST_DAY = datetime.date(2100, 12, 31)
EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)


def date_window_message(earliest: datetime.date, latest: datetime.date) -> str:
    """Returns the translated message for a day outside ``earliest`` … ``latest``."""
    return _("Choose a day between %(start)s and %(end)s.") % {"start": earliest.isoformat(), "end": latest.isoformat()}


@deconstructible
class DateWindowValidator:
    """A day (or the local day of a time) between ``earliest`` and ``latest``; with ``latest`` None, not
    after today (a birth date, the day something was reported)."""

    code = "date_window"

    def __init__(self, earliest: datetime.date, latest: datetime.date | None = None):
        self.earliest, self.latest = earliest, latest

    def __call__(self, value) -> None:
        day = timezone.localtime(value).date() if isinstance(value, datetime.datetime) else value
        latest = self.latest or timezone.localdate()
        if not self.earliest <= day <= latest:
            raise ValidationError(date_window_message(self.earliest, latest), code=self.code)

    def __eq__(self, other):
        return isinstance(other, DateWindowValidator) and (self.earliest, self.latest) == (other.earliest, other.latest)


validate_record_day = DateWindowValidator(EARLIEST_DAY, LATEST_DAY)
validate_birth_date = DateWindowValidator(EARLIEST_BIRTH_DATE)
validate_past_record_day = DateWindowValidator(EARLIEST_DAY)
