from django import template

from accounts import services

register = template.Library()


@register.simple_tag(takes_context=True)
def may_reset_password(context, person) -> bool:
    """Whether the signed-in user may give ``person``'s account a one-time password."""
    request = context.get("request")
    return request is not None and services.can_reset_password_of(request.user, person)
