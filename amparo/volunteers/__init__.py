"""Volunteers: recruitment, vetting, trainings, certifications, shifts (issue 14)."""
