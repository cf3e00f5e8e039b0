"""Volunteers: training."""

__all__: list[str] = []
