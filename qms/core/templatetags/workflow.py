"""The shared workflow components: a record's buttons and its timeline, from the one declaration."""

from django import template

from ..workflow import workflow_of

register = template.Library()


@register.inclusion_tag("core/_workflow_buttons.html", takes_context=True)
def workflow_buttons(context, obj, only=""):
    """The buttons of the moves the user may make on `obj` now: exactly what the view accepts.
    `only` (names separated by spaces) keeps a subset, for a compact row in a list."""
    request = context["request"]
    buttons = workflow_of(obj).buttons(obj, request.user, next_url=request.get_full_path())
    if only:
        names = set(only.split())
        buttons = [b for b in buttons if b["name"] in names]
    return {"buttons": buttons, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("core/_timeline.html")
def timeline(events, title=None):
    """One timeline shape for every record: the WorkflowEvent rows given, oldest first."""
    return {"events": events, "title": title}


@register.filter
def opens_for(url, user) -> bool:
    """Whether `user` may open `url`: the view's own permission predicate decides (the same
    `predicate` its PredicateRequiredMixin checks), so a page never shows a link that ends in 403."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(str(url).split("?")[0])
    except Resolver404:
        return False
    view_class = getattr(match.func, "view_class", None)
    predicate = getattr(view_class, "predicate", None)
    return predicate is None or bool(predicate(user))


@register.filter
def downloadable_by(job, user) -> bool:
    """Whether `user` may download a generated file (`can_view_job`, the download view's own rule)."""
    from ..views import can_view_job

    return can_view_job(user, job)
