"""Seams volunteers offers to its own parts and to what comes later.

``volunteer_offboarded`` is sent by ``amparo.volunteers.offboarding.offboard_member``
(its only sender), inside the offboarding's transaction, after the membership,
duty and roster steps, with ``organization=``, ``user=`` and ``at=`` (the
offboarding's time). Receivers end what the person still holds in their part:
shifts (volunteers' shift module takes them off every shift starting after
``at`` and says so to the admin), sign-ups for trainings. A receiver that raises
rolls the whole offboarding back, so a person is never half offboarded.
"""

from django.dispatch import Signal

volunteer_offboarded = Signal()
