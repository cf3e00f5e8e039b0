"""Volunteers: recruitment."""

__all__: list[str] = []
