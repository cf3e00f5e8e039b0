"""What a member must hold before moving to a role: checks the apps above fill.

``change_role`` asks every registered check; the first that answers a reason
refuses the change with it (``ValidationError``). ``volunteers`` registers "holds
the certifications the organization lists for that role" in its ``ready()``;
accounts never imports it.

A check takes the membership (its current role still set) and the new role, and
returns None to allow, or the reason, translated in the active language.
"""

from __future__ import annotations

from collections.abc import Callable

from amparo.orgs.models import Membership

RoleCheck = Callable[[Membership, str], "str | None"]

_CHECKS: list[RoleCheck] = []


def register_role_check(check: RoleCheck) -> RoleCheck:
    if check not in _CHECKS:
        _CHECKS.append(check)
    return check


def role_refusal(membership: Membership, role: str) -> str | None:
    for check in _CHECKS:
        reason = check(membership, role)
        if reason:
            return reason
    return None
