"""The facilitator, signed in with the PIN, steering a kiosk as the control room does: on the app's test client in
this process (``Room(client)``) or over HTTP on a real kiosk (``Room(url)``)."""

from __future__ import annotations

from typing import Any

import requests

from tests.harness.phones import answered, phone_address


class Room:
    """The control room's API for one kiosk: sign in with the PIN, then moderate, find and switch layouts; every
    call carries the session's CSRF token."""

    def __init__(self, where: Any, pin: str = "123456", laptop: int | None = None) -> None:
        self.where = where
        self.headers: dict[str, str] = {}
        self.environ = {"REMOTE_ADDR": phone_address(laptop)} if laptop is not None else {}
        if isinstance(where, str):
            self.url, self.session = where, requests.Session()
        self.signed_in = self.post("/api/session", json={"pin": pin})
        if self.signed_in.status_code == 200:
            self.headers["X-CSRF-Token"] = answered(self.signed_in)["csrf_token"]
            if isinstance(where, str):
                self.session.headers.update(self.headers)  # for a test that calls the kiosk through the session

    @property
    def token(self) -> str:
        return self.headers["X-CSRF-Token"]

    def call(self, method: str, path: str, **options: Any) -> Any:
        """One request of the control room's script; the answer as it came."""
        if isinstance(self.where, str):
            return self.session.request(method, self.url + path, timeout=10, **options)
        return self.where.open(path, method=method, headers=self.headers, environ_base=self.environ,
                               query_string=options.pop("params", None), **options)

    def get(self, path: str, **options: Any) -> Any:
        return self.call("GET", path, **options)

    def post(self, path: str, **options: Any) -> Any:
        return self.call("POST", path, **options)

    def _ok(self, answer: Any) -> Any:
        assert answer.status_code < 400, (answer.status_code, answered(answer))
        return answered(answer)

    def layout(self, **fields: Any) -> dict:
        return self._ok(self.post("/api/layout", json=fields))

    def find(self, **query: Any) -> dict:
        return self._ok(self.get("/api/room/contributions", params=query))

    def moderate(self, contribution_id: str, action: str) -> Any:
        return self.post(f"/api/contributions/{contribution_id}/moderation", json={"action": action})

    def browser_context(self, browser: Any, width: int, height: int, **options: Any) -> Any:
        """A browser context signed in as this facilitator: the session's cookie, as if the PIN form was used."""
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        context.add_cookies([{"name": cookie.name, "value": cookie.value, "url": self.url}
                             for cookie in self.session.cookies])
        return context
