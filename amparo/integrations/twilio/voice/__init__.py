"""Twilio Voice webhooks and the TwiML of each step of a hotline call."""
