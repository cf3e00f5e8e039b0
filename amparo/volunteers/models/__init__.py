"""Volunteer models, one module per part of the domain (each re-exported here)."""

from amparo.volunteers.models.recruitment import *  # noqa: F403
from amparo.volunteers.models.shifts import *  # noqa: F403
from amparo.volunteers.models.training import *  # noqa: F403
