"""Legal aid: people affected, their contacts, providers, referrals, cases, dossiers (issue 12)."""
