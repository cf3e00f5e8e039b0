"""Every change to legal data is one named function here, called from every entry point
(pages, commands, the demo). People and their contacts and consents in ``people``;
the case, its events and statuses in ``cases``; holds and the purge in ``keeping``."""

from amparo.legal.actions.cases import *  # noqa: F403
from amparo.legal.actions.people import *  # noqa: F403
from amparo.legal.actions.purge import *  # noqa: F403
from amparo.legal.actions.reminders import *  # noqa: F403
