from django import template

from ..rules import fmt

register = template.Library()


@register.filter
def pts(value):
    """Points as people write them: 4 rather than 4.0, 2.5 as is, — when empty."""
    return fmt(value)
