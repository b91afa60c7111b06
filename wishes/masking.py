"""Masking of phone numbers a resident typed into a wish's text (the wish's own phone is masked by
``liaoyuan.core.masking.mask_phone``)."""

import re

from liaoyuan.core.masking import mask_phone

MOBILE_IN_TEXT = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def mask_phones_in(text: str) -> str:
    """Returns ``text`` with every mainland mobile number in it masked (a resident may type one in a wish)."""
    return MOBILE_IN_TEXT.sub(lambda m: mask_phone(m.group(0)), text or "")
