"""The central archive: where every kiosk's contributions come together after the event. ``archive.app``
builds and serves it; this package init imports nothing."""
