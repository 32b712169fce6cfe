"""The three browser engines participants carry, behind one small page interface, so a test says once what it
checks and runs in each: Blink (Debian's Chromium through Playwright), WebKit (WebKitGTK's MiniBrowser through
Debian's WebKitWebDriver and Selenium, on a virtual X screen) and Gecko (Debian's Firefox ESR over WebDriver BiDi,
spoken here in a few lines over its WebSocket: no geckodriver).

Each page offers what the phone tests need: go to an address, run a script, click, type, pick a file, and the
errors the page met (console errors and uncaught exceptions), which fail the test in every engine.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import websocket

from tests.harness.server import free_port

__all__ = ["ENGINES", "EngineError", "Gecko", "WebKit", "until"]

ENGINES = ("chromium", "webkit", "firefox")
MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
# WebKitWebDriver has no way to read the console: the page's errors are gathered by this hook instead, set as soon
# as a page is loaded; the phone page marks its script as done, so an error while loading is seen as a missing mark.
_HOOK = """() => {
  if (window.__errors) return;
  window.__errors = [];
  const keep = (text) => window.__errors.push(String(text));
  addEventListener('error', (event) => keep(event.message || `failed to load ${event.target.src || event.target.href}`), true);
  addEventListener('unhandledrejection', (event) => keep(event.reason));
  const error = console.error.bind(console);
  console.error = (...parts) => { keep(parts.join(' ')); error(...parts); };
}"""


class EngineError(RuntimeError):
    """The browser refused a command."""


def until(page, script: str, *args: Any, timeout: float = 5.0, why: str | None = None) -> Any:
    """Run ``script`` until it gives something true, and return that; fail after ``timeout`` seconds, saying what
    the script ``why`` finds on the page then."""
    deadline = time.monotonic() + timeout
    while True:
        found = page.run(script, *args)
        if found or time.monotonic() > deadline:
            assert found, f"not true within {timeout} s in {page.name}: {script}" + (
                f"; the page says {page.run(why)}" if why else "")
            return found
        time.sleep(0.05)


class Blink:
    """A Playwright page in Debian's Chromium."""

    name = "chromium"

    def __init__(self, browser, width: int, height: int) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=True, has_touch=True)
        self.page = self.context.new_page()
        self.met: list[str] = []
        self.page.on("console", lambda message: message.type == "error" and self.met.append(message.text))
        self.page.on("pageerror", lambda error: self.met.append(str(error)))

    def goto(self, url: str) -> None:
        self.page.goto(url)

    def run(self, script: str, *args: Any) -> Any:
        return self.page.evaluate(f"(args) => ({script})(...args)", list(args))

    def click(self, selector: str) -> None:
        self.page.click(selector)

    def type(self, selector: str, text: str) -> None:
        self.page.fill(selector, text)

    def upload(self, selector: str, path: Path) -> None:
        self.page.set_input_files(selector, str(path))

    def errors(self) -> list[str]:
        return self.met

    def close(self) -> None:
        self.context.close()


class WebKit:
    """WebKitGTK's MiniBrowser, driven by Selenium through WebKitWebDriver, on the virtual screen ``display``."""

    name = "webkit"

    def __init__(self, display: str, width: int, height: int) -> None:
        from selenium import webdriver
        from selenium.webdriver.webkitgtk.options import Options
        from selenium.webdriver.webkitgtk.service import Service

        options = Options()
        options.binary_location = MINIBROWSER
        options.add_argument("--automation")
        service = Service(executable_path="/usr/bin/WebKitWebDriver", env=dict(os.environ, DISPLAY=display))
        self.driver = webdriver.WebKitGTK(options=options, service=service)
        self.driver.set_window_size(width, height)

    def goto(self, url: str) -> None:
        self.driver.get(url)
        self.run(_HOOK)

    def run(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(f"return ({script})(...arguments)", *args)

    def _find(self, selector: str):
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, selector)

    def click(self, selector: str) -> None:
        self._find(selector).click()

    def type(self, selector: str, text: str) -> None:
        field = self._find(selector)
        field.clear()
        field.send_keys(text)

    def upload(self, selector: str, path: Path) -> None:
        self._find(selector).send_keys(str(path))

    def errors(self) -> list[str]:
        return list(self.run("() => window.__errors || []"))

    def close(self) -> None:
        self.driver.quit()


class Gecko:
    """Firefox ESR over WebDriver BiDi: one browser for the session, a user context (its own cookies and storage)
    for each page."""

    name = "firefox"

    def __init__(self) -> None:
        self.folder = tempfile.TemporaryDirectory()
        profile = Path(self.folder.name)
        # No call out from the test browser: no updates, telemetry, remote settings or captive-portal probes.
        (profile / "user.js").write_text("".join(f'user_pref("{name}", {json.dumps(value)});\n' for name, value in {
            "app.update.disabledForTesting": True, "toolkit.telemetry.reportingpolicy.firstRun": False,
            "datareporting.policy.dataSubmissionEnabled": False, "network.captive-portal-service.enabled": False,
            "services.settings.server": "http://127.0.0.1:9/", "browser.shell.checkDefaultBrowser": False,
            "network.connectivity-service.enabled": False, "browser.safebrowsing.update.enabled": False,
        }.items()))
        port = free_port()
        self.process = subprocess.Popen(
            ["firefox-esr", "--headless", "--no-remote", "--profile", str(profile), f"--remote-debugging-port={port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.socket = _connect(f"ws://127.0.0.1:{port}/session")
        self.numbers = itertools.count(1)
        self.events: list[dict] = []
        self.call("session.new", capabilities={"alwaysMatch": {"acceptInsecureCerts": False}})
        self.call("session.subscribe", events=["log.entryAdded"])

    def call(self, method: str, **params: Any) -> dict:
        number = next(self.numbers)
        self.socket.send(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == number:
                if message.get("type") == "error":
                    raise EngineError(f"{method}: {message.get('error')}: {message.get('message')}")
                return message["result"]
            self.events.append(message)

    def page(self, width: int, height: int) -> GeckoPage:
        return GeckoPage(self, width, height)

    def close(self) -> None:
        try:
            self.call("session.end")
        finally:
            self.socket.close()
            self.process.kill()
            self.process.wait(timeout=10)
            self.folder.cleanup()


class GeckoPage:
    """A tab of ``browser`` in a user context of its own."""

    name = "firefox"

    def __init__(self, browser: Gecko, width: int, height: int) -> None:
        self.browser = browser
        self.user = browser.call("browser.createUserContext")["userContext"]
        self.context = browser.call("browsingContext.create", type="tab", userContext=self.user)["context"]
        browser.call("browsingContext.setViewport", context=self.context, viewport={"width": width, "height": height})

    def goto(self, url: str) -> None:
        self.browser.call("browsingContext.navigate", context=self.context, url=url, wait="complete")

    def run(self, script: str, *args: Any) -> Any:
        found = self.browser.call("script.callFunction", functionDeclaration=script, awaitPromise=True,
                                  target={"context": self.context}, arguments=[_local(arg) for arg in args])
        if found["type"] == "exception":
            raise EngineError(found["exceptionDetails"]["text"])
        return _value(found["result"])

    def _element(self, selector: str) -> dict:
        found = self.browser.call("script.callFunction", awaitPromise=False, target={"context": self.context},
                                  functionDeclaration="(selector) => { const found = document.querySelector(selector);"
                                  " found.scrollIntoView({block: 'center'}); return found; }",
                                  arguments=[_local(selector)])
        if found["type"] == "exception":
            raise EngineError(f"{selector}: {found['exceptionDetails']['text']}")
        return {"sharedId": found["result"]["sharedId"]}

    def click(self, selector: str) -> None:
        self.browser.call("input.performActions", context=self.context, actions=[{
            "type": "pointer", "id": "finger", "parameters": {"pointerType": "mouse"}, "actions": [
                {"type": "pointerMove", "x": 0, "y": 0, "origin": {"type": "element", "element": self._element(selector)}},
                {"type": "pointerDown", "button": 0}, {"type": "pointerUp", "button": 0}]}])

    def type(self, selector: str, text: str) -> None:
        self.run("(selector) => { const field = document.querySelector(selector); field.value = ''; }", selector)
        self.click(selector)
        keys = [{"type": kind, "value": letter} for letter in text for kind in ("keyDown", "keyUp")]
        self.browser.call("input.performActions", context=self.context,
                          actions=[{"type": "key", "id": "keyboard", "actions": keys}])

    def upload(self, selector: str, path: Path) -> None:
        self.browser.call("input.setFiles", context=self.context, element=self._element(selector), files=[str(path)])

    def errors(self) -> list[str]:
        return [event["params"].get("text") or "" for event in self.browser.events
                if event.get("method") == "log.entryAdded" and event["params"].get("level") == "error"
                and event["params"].get("source", {}).get("context") == self.context]

    def close(self) -> None:
        self.browser.call("browsingContext.close", context=self.context)
        self.browser.call("browser.removeUserContext", userContext=self.user)


def _local(value: Any) -> dict:
    """A Python value as BiDi's LocalValue."""
    if value is None:
        return {"type": "null"}
    if isinstance(value, bool):
        return {"type": "boolean", "value": value}
    if isinstance(value, (int, float)):
        return {"type": "number", "value": value}
    if isinstance(value, str):
        return {"type": "string", "value": value}
    if isinstance(value, (list, tuple)):
        return {"type": "array", "value": [_local(item) for item in value]}
    return {"type": "object", "value": [[key, _local(item)] for key, item in value.items()]}


def _value(remote: dict) -> Any:
    """BiDi's RemoteValue as a Python value (nodes and functions as their type's name)."""
    kind = remote["type"]
    if kind in ("undefined", "null"):
        return None
    if kind in ("string", "number", "boolean"):
        return remote["value"]
    if kind == "array":
        return [_value(item) for item in remote.get("value", [])]
    if kind == "object":
        return {key: _value(item) for key, item in remote.get("value", [])}
    return kind


def _connect(address: str, timeout: float = 30.0):
    """Firefox listens a second or so after it starts; it refuses a handshake that names an Origin."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return websocket.create_connection(address, timeout=20, suppress_origin=True)
        except (ConnectionRefusedError, websocket.WebSocketException):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
