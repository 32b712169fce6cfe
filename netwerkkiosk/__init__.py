"""The ``netwerkkiosk`` command: the one door to the three programs (kiosk, sync and archive)."""
