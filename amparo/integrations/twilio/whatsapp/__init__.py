"""WhatsApp through Twilio: its addresses (``whatsapp:+1...``) on the shared messaging webhook."""
