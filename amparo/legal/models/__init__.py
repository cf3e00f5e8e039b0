"""Legal aid models, one module per part of the domain (each re-exported here)."""

from amparo.legal.models.cases import *  # noqa: F403
from amparo.legal.models.family import *  # noqa: F403
from amparo.legal.models.keeping import *  # noqa: F403
from amparo.legal.models.people import *  # noqa: F403
from amparo.legal.models.providers import *  # noqa: F403
from amparo.legal.models.queue import *  # noqa: F403
