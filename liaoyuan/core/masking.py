"""Masking of residents' personal data for lists (PIPL): enough to recognise, not enough to misuse."""

import re

MOBILE_IN_TEXT = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def mask_name(name: str) -> str:
    """Returns the family name followed by one star per remaining character: 张三丰 → 张**."""
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def mask_phone(phone: str) -> str:
    """Returns the first three and last four digits of a phone: 13812345678 → 138****5678."""
    if not phone:
        return ""
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_id_number(id_number: str) -> str:
    """Returns the first and last four characters of an identity number with stars between."""
    if not id_number:
        return ""
    return id_number[:4] + "*" * (len(id_number) - 8) + id_number[-4:]


def mask_address(address: str) -> str:
    """Returns the first third of an address followed by stars, hiding the door number."""
    if not address:
        return ""
    keep = max(len(address) // 3, 1)
    return address[:keep] + "*" * 4


def mask_phones_in(text: str) -> str:
    """Returns ``text`` with every mainland mobile number in it masked (a resident may type one into free text)."""
    return MOBILE_IN_TEXT.sub(lambda m: mask_phone(m.group(0)), text or "")
