"""The house's one-way doors: every module imports alone, in a fresh interpreter, without a cycle; the domain
loads no web framework; the sync client and the archive load no part of the kiosk's web layer (its blueprints
register Socket.IO handlers: inside the archive they would answer on its port)."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.server import ROOT

MODULES = sorted(".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
                 for folder in ("netwerk", "kiosk", "sync") for path in (ROOT / folder).rglob("*.py"))
DOMAIN = ("netwerk.contributions", "netwerk.knots", "netwerk.media", "netwerk.graph", "netwerk.moments",
          "netwerk.files", "netwerk.settings", "netwerk.spreadsheet", "kiosk.store", "kiosk.ratelimit", "kiosk.journal")
KIOSK_WEB = ("kiosk.app", "kiosk.facilitator", "kiosk.participant", "kiosk.wall", "kiosk.system", "kiosk.live")


def loaded(module: str) -> list[str]:
    """The modules a fresh interpreter holds after importing ``module`` alone."""
    found = subprocess.run([sys.executable, "-c", f"import json, sys, {module}; print(json.dumps(sorted(sys.modules)))"],
                           cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert found.returncode == 0, f"import {module} alone fails:\n{found.stderr[-1500:]}"
    return json.loads(found.stdout)


def test_every_module_imports_alone_in_a_fresh_interpreter():
    assert "sync.client" in MODULES and "kiosk" in MODULES and len(MODULES) > 40
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(loaded, MODULES))  # each fails the test with the import's own error


@pytest.mark.parametrize("module", DOMAIN)
def test_the_domain_loads_no_web_framework(module):
    assert not {"flask", "werkzeug", "flask_socketio"} & set(loaded(module))


@pytest.mark.parametrize("module", ["sync.client", "sync.archive.app", "sync.archive.store", "sync.archive.pages"])
def test_the_sync_client_and_the_archive_load_no_part_of_the_kiosks_web_layer(module):
    assert not set(KIOSK_WEB) & set(loaded(module))


NEUTRAL = [module for module in MODULES if module.startswith("netwerk")]


@pytest.mark.parametrize("module", NEUTRAL)
def test_the_shared_package_imports_neither_server(module):
    assert not [name for name in loaded(module) if name.split(".")[0] in ("kiosk", "sync")]


@pytest.mark.parametrize("module", ["sync.archive.app", "sync.archive.store"])
def test_the_archive_imports_nothing_of_the_kiosk(module):
    assert not [name for name in loaded(module) if name.split(".")[0] == "kiosk"]
