"""Masking of phone numbers a resident typed into a wish's text (the wish's own phone is masked by
``liaoyuan.core.masking.mask_phone``); the rule itself lives in ``liaoyuan.core.masking``, which the needs list
copied from a wish uses too."""

from liaoyuan.core.masking import MOBILE_IN_TEXT, mask_phones_in

__all__ = ["MOBILE_IN_TEXT", "mask_phones_in"]
