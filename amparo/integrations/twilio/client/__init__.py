"""Twilio: the REST client, request signatures and the transport that sends texts."""
