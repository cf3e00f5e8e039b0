"""Community information: what was verified reaches the community (issue 13).

Alerts sit above verification: they read verdicts (incidents) and what the
responders identified (verification), and never the other way round.
See docs/alerts.md for what exists and what comes next.
"""
