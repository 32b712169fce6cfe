"""Sync between kiosks and the central archive."""
