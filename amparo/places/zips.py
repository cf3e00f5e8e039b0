"""The one door to the offline `zipcodes` package.

`zipcodes` is a Rust extension: given "٩٠٠١٢" (Arabic-Indic digits) it panics
with ``pyo3_runtime.PanicException``, a BaseException that escapes Django's
error handling; given "9001" or "²0012" it raises ValueError. So it is only
ever called here, only with exactly five ASCII digits, and whatever it raises
becomes "no such ZIP". Nothing else in amparo imports `zipcodes`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import zipcodes

logger = logging.getLogger(__name__)

_ZIP = re.compile(r"[0-9]{5}")
_STATE = re.compile(r"[A-Z]{2}")


def zip_shape(value: object) -> bool:
    """Whether ``value`` is a string of exactly five ASCII digits (real or not)."""
    return isinstance(value, str) and len(value) == 5 and _ZIP.fullmatch(value) is not None


def _guarded(call: Callable[[], list[dict[str, Any]]], what: str) -> tuple[dict[str, Any], ...]:
    try:
        return tuple(call())
    except Exception:
        logger.warning("zipcodes failed on %s", what, exc_info=True)
        return ()
    except BaseException as exc:
        # The extension's Rust panics (pyo3_runtime.PanicException, not importable by name).
        # Anything else that is not an Exception (KeyboardInterrupt, SystemExit) goes on.
        if type(exc).__name__ != "PanicException":
            raise
        logger.warning("zipcodes panicked on %s", what)
        return ()


def zip_rows(zip_code: str) -> tuple[dict[str, Any], ...]:
    """The package's rows for a five-digit ZIP; () for anything else or an unknown ZIP.

    The rows are shared by the cache: read them, never change them."""
    # Checked before the cache, so that a caller's megabyte of "digits" is never a cache key.
    return _rows(zip_code) if zip_shape(zip_code) else ()


@lru_cache(maxsize=8192)
def _rows(zip_code: str) -> tuple[dict[str, Any], ...]:
    return _guarded(lambda: zipcodes.matching(zip_code), zip_code)


def is_real_zip(zip_code: str) -> bool:
    """Whether ``zip_code`` is five ASCII digits that name a US ZIP code."""
    return bool(zip_rows(zip_code))


def state_rows(state: str) -> tuple[dict[str, Any], ...]:
    """Every ZIP row of a state ("CA"); () for anything that is not two capital letters."""
    if not isinstance(state, str) or not _STATE.fullmatch(state):
        return ()
    return _guarded(lambda: zipcodes.filter_by(state=state), state)
