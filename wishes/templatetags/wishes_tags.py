"""Template filters of the wishes: phone numbers a resident typed into a wish are masked wherever it is shown."""

from django import template

from wishes.selectors import mask_phones_in

register = template.Library()


@register.filter
def mask_phones(text) -> str:
    """``{{ wish.title|mask_phones }}``: every mainland mobile number in the text masked (138****5678)."""
    return mask_phones_in(str(text or ""))
