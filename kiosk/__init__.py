"""Netwerkkiosk's local server. ``kiosk.app.create_app`` builds it; this package init imports nothing, so the
sync client and the archive can use the kiosk's rules, store and media without loading its web layer."""
