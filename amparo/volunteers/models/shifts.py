"""Volunteers: shifts."""

__all__: list[str] = []
