from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """Returns ``mapping[key]`` (None when missing): for dicts keyed by a loop variable in templates."""
    return mapping.get(key) if mapping else None
