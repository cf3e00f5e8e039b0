"""The dispatcher console's views: the queue (queue.py), an incident's page
(incident.py) and the forms that change an incident (actions.py)."""
