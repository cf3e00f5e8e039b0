"""``{% load audit_labels %}``: the audit trail's codes as phrases (``amparo.audit.labels``)."""

from __future__ import annotations

from django import template

from amparo.audit import labels

register = template.Library()
register.filter("audit_action", labels.action_label)
register.filter("audit_record", labels.record_label)
register.filter("audit_actor", labels.actor_label)
