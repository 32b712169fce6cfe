"""The kiosk on the laptop: phones, the live wall and the control room. ``kiosk.app.create_app`` builds it; this
package init imports nothing, so a command that needs only the store (``netwerkkiosk sync``) loads no web layer."""
