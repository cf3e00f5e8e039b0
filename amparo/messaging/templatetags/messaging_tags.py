from __future__ import annotations

from typing import Any

from django import template

from amparo.messaging.thread import thread_context

register = template.Library()


@register.inclusion_tag("messaging/_thread.html", takes_context=True)
def messaging_thread(context: template.Context, incident: Any) -> dict[str, Any]:
    """The incident's conversation and reply form; the including page has authorized the user."""
    request = context.get("request")
    data = thread_context(incident, getattr(request, "user", None))
    data["csrf_token"] = context.get("csrf_token")
    data["request"] = request
    return data
