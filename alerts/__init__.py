"""Subscribers and email digests: `alerts.digest.send_digests` delivers each period's digest exactly once."""
