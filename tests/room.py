"""A facilitator signed in to a real kiosk over HTTP, steering its walls as the control room does."""

from __future__ import annotations

import requests


class Room:
    """The control room's API for one kiosk: sign in with the PIN, then moderate and switch layouts."""

    def __init__(self, url: str, pin: str = "123456") -> None:
        self.url = url
        self.session = requests.Session()
        answer = self.session.post(url + "/api/session", json={"pin": pin}, timeout=5)
        answer.raise_for_status()
        self.session.headers["X-CSRF-Token"] = answer.json()["csrf_token"]

    def layout(self, **fields) -> dict:
        answer = self.session.post(self.url + "/api/layout", json=fields, timeout=5)
        answer.raise_for_status()
        return answer.json()

    def browser_context(self, browser, width: int, height: int, **options):
        """A browser context signed in as this facilitator: the session's cookie, as if the PIN form was used."""
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        context.add_cookies([{"name": cookie.name, "value": cookie.value, "url": self.url}
                             for cookie in self.session.cookies])
        return context

    def find(self, **query) -> dict:
        answer = self.session.get(self.url + "/api/room/contributions", params=query, timeout=10)
        answer.raise_for_status()
        return answer.json()

    def moderate(self, contribution_id: str, action: str) -> requests.Response:
        return self.session.post(f"{self.url}/api/contributions/{contribution_id}/moderation", json={"action": action},
                                 timeout=5)
