"""Timeline events as sentences a dispatcher reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from amparo.incidents.models import IncidentEvent, Status


@dataclass
class TimelineLine:
    event: IncidentEvent
    actor: str
    text: str
    note: str = ""
    link: int | None = None  # another incident this line points at


def _status(value: Any) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return str(value)


def _who(event: IncidentEvent) -> str:
    if event.actor is not None:
        return str(event.actor)
    return {"intake": _("Intake"), "system": _("System")}.get(event.actor_label, event.actor_label or _("System"))


def describe(event: IncidentEvent, *, notes: dict[int, str], names: dict[int, str]) -> TimelineLine:
    d = event.data or {}
    kind = event.kind
    n = len(d.get("reports") or [])
    line = TimelineLine(event=event, actor=_who(event), text=kind)
    if kind == "opened":
        line.text = _("Opened")
    elif kind == "report_added":
        line.text = _("Report %(id)s added") % {"id": d.get("report", "")}
    elif kind == "status":
        line.text = _("Status: %(before)s → %(after)s") % {"before": _status(d.get("before")),
                                                           "after": _status(d.get("after"))}
        if d.get("reason"):
            line.text += f" ({d['reason']})"
    elif kind == "closed":
        line.text = _("Closed (%(reason)s)") % {"reason": d.get("reason", "")}
    elif kind == "merged":
        line.text = _("Merged in: %(refs)s") % {"refs": ", ".join(f"#{i}" for i in d.get("sources", []))}
    elif kind == "merged_into":
        line.text, line.link = _("Merged into #%(id)s") % {"id": d.get("into")}, d.get("into")
    elif kind == "split":
        line.text, line.link = _("%(n)d report(s) split off into #%(id)s") % {"n": n, "id": d.get("into")}, d.get("into")
    elif kind == "split_from":
        line.text, line.link = _("Split off #%(id)s") % {"id": d.get("source")}, d.get("source")
    elif kind == "reports_moved_in":
        line.text = _("%(n)d report(s) moved in") % {"n": n}
    elif kind == "reports_moved_out":
        line.text, line.link = _("%(n)d report(s) moved to #%(id)s") % {"n": n, "id": d.get("to")}, d.get("to")
    elif kind == "note":
        line.text = _("Note")
        line.note = notes.get(int(d.get("note") or 0), _("(note deleted)"))
    elif kind == "assigned":
        after = d.get("after")
        line.text = (_("Assigned to %(name)s") % {"name": names.get(after, f"#{after}")}) if after else _("Unassigned")
    return line
