"""Seams through which the foundation tells higher apps that something happened.

``member_deactivated`` is sent by ``amparo.accounts.actions.deactivate_member``
(its only sender), inside the deactivation's transaction, with
``membership=`` the deactivated ``Membership``. Apps above accounts connect to
it in their ``AppConfig.ready()`` to end what the member held there (the API
revokes their tokens). A receiver that raises rolls the deactivation back.

``invitation_accepted`` is sent by ``amparo.accounts.actions.accept_invitation``
(its only sender), inside the acceptance's transaction, with ``invitation=``
and ``user=``: volunteers links an accepted applicant's roster entry to the new
account; legal ties an attorney to the provider the admin chose.
"""

from django.dispatch import Signal

member_deactivated = Signal()
invitation_accepted = Signal()
