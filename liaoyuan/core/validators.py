"""Validators for mainland-China personal data."""

import re

from django.core.exceptions import ValidationError
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
