"""Twilio Programmable Messaging webhooks: inbound SMS and WhatsApp, delivery status."""
