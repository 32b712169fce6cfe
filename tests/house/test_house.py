"""The house's one-way doors, computed from the code: three wings (kiosk, sync, archive) on a shared core
(netwerk), and the command (netwerkkiosk) that opens each wing only when one of its commands runs.

Every module imports alone, in a fresh interpreter; no package imports another in a circle; the core imports no
wing; the domain loads no web framework; and the real entry points load only their own wing: the archive's
server nothing of the kiosk (its blueprints register Socket.IO handlers: inside the archive they would answer on
its port), and the control room's sync child no web server and no archive.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pytest

from kiosk.store import Store
from tests.harness.server import ROOT, free_port

PACKAGES = ("netwerk", "netwerkkiosk", "kiosk", "sync", "archive")
# Which package may import which: the command opens the wings, the kiosk uses the sync, every wing uses the core.
# The command group loads each program only when its command runs; it speaks to the terminal through netwerk.
DOORS = {"netwerkkiosk": {"netwerk"}, "kiosk": {"netwerk", "sync"}, "sync": {"netwerk"}, "archive": {"netwerk"},
         "netwerk": set()}
MODULES = sorted(".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
                 for folder in PACKAGES for path in (ROOT / folder).rglob("*.py") if path.name != "__main__.py")
DOMAIN = ("netwerk.contributions", "netwerk.knots", "netwerk.media", "netwerk.graph", "netwerk.moments",
          "netwerk.files", "netwerk.settings", "netwerk.spreadsheet", "netwerk.protocol", "kiosk.store",
          "kiosk.ratelimit", "kiosk.journal", "kiosk.outbox")
WEB = {"flask", "werkzeug", "flask_socketio"}


def imports(path: Path) -> set[str]:
    """The project's modules a file imports, wherever in the file the import stands."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return {name for name in found if name.split(".")[0] in PACKAGES}


def package_graph() -> dict[str, set[str]]:
    """Which package imports which other, from every import statement in the code."""
    graph = defaultdict(set)
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            graph[package].update(name.split(".")[0] for name in imports(path))
        graph[package].discard(package)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every path that leads from a package back to itself."""
    found = []

    def walk(path: list[str]) -> None:
        for following in sorted(graph.get(path[-1], ())):
            if following == path[0]:
                found.append([*path, following])
            elif following not in path:
                walk([*path, following])

    for start in sorted(graph):
        walk([start])
    return found


@cache
def loaded(module: str) -> frozenset[str]:
    """The modules a fresh interpreter holds after importing ``module`` alone."""
    found = subprocess.run([sys.executable, "-c", f"import json, sys, {module}; print(json.dumps(sorted(sys.modules)))"],
                           cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert found.returncode == 0, f"import {module} alone fails:\n{found.stderr[-1500:]}"
    return frozenset(json.loads(found.stdout))


def wings(modules: frozenset[str] | set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules} & set(PACKAGES)


def test_the_circle_finder_sees_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"], ["b", "c", "a", "b"],
                                                                         ["c", "a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_package_imports_another_in_a_circle():
    graph = package_graph()
    assert graph["kiosk"] and graph["archive"] == {"netwerk"}  # the graph really was read
    assert not circles(graph)


def test_every_package_keeps_to_its_doors():
    assert {package: imported - DOORS[package] for package, imported in package_graph().items()
            if imported - DOORS[package]} == {}


@pytest.mark.slow  # some 75 interpreters, each loading its web framework: ten seconds of the fast lane
def test_every_module_imports_alone_in_a_fresh_interpreter():
    assert "sync.client" in MODULES and "archive.app" in MODULES and len(MODULES) > 60
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(loaded, MODULES))  # each fails the test with the import's own error


@pytest.mark.parametrize("module", DOMAIN)
def test_the_domain_loads_no_web_framework(module):
    assert not WEB & loaded(module)


@pytest.mark.parametrize("module", [name for name in MODULES if name.startswith("netwerk.")])
def test_the_core_loads_no_wing(module):
    assert wings(loaded(module)) == {"netwerk"}


@pytest.mark.parametrize("module", ["sync.client", "archive.app", "archive.commands", "netwerkkiosk.cli"])
def test_the_sync_the_archive_and_the_command_load_nothing_of_the_kiosk(module):
    assert "kiosk" not in wings(loaded(module))


def entry_point_imports(folder: Path, *arguments: str, until: str | None = None) -> set[str]:
    """Run the real ``netwerkkiosk`` with ``arguments`` until it prints ``until`` (or ends); return every module
    it imported, from Python's own import-time report on standard error."""
    command = [str(Path(sys.executable).parent / "netwerkkiosk"), *arguments]
    with open(folder / "imports.txt", "w+", encoding="utf-8") as report:
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=report, text=True,
                                   env=dict(os.environ, PYTHONPROFILEIMPORTTIME="1"))
        with process:
            for line in process.stdout:
                if until and until in line:
                    process.terminate()
            process.wait(timeout=60)
        report.seek(0)
        return set(re.findall(r"^import time:.*\|\s*(\S+)$", report.read(), re.MULTILINE))


@pytest.mark.slow  # serves the archive in a process of its own
def test_archive_serve_loads_no_kiosk_module(tmp_path):
    imported = entry_point_imports(tmp_path, "archive", "serve", "--port", str(free_port()), "--data",
                                   str(tmp_path / "archive"), until="Ctrl+C")
    assert {"archive.app", "archive.store", "flask"} <= imported
    assert wings(imported) == {"netwerkkiosk", "archive", "netwerk"}


@pytest.mark.slow  # runs the sync in a process of its own
def test_the_control_rooms_sync_child_loads_no_web_server_and_no_archive(tmp_path):
    Store(tmp_path / "data").close()
    imported = entry_point_imports(tmp_path, "sync", "--data", str(tmp_path / "data"), "--archive",
                                   f"http://127.0.0.1:{free_port()}/", "--token", "x", "--attempts", "1", "--events")
    assert {"sync.client", "kiosk.store", "requests"} <= imported
    assert wings(imported) == {"netwerkkiosk", "kiosk", "sync", "netwerk"}
    assert not WEB & imported


ROUTES = ("kiosk/participant.py", "kiosk/wall.py", "kiosk/facilitator.py", "kiosk/system.py")
# What a route may ask of the broadcaster: its own client's greeting, and a session's sockets opened or closed.
ROUTE_CALLS = {"greet", "listen_as", "hang_up"}


def calls_on(path: Path, name: str) -> set[str]:
    """The attributes of ``name`` that a file calls (``live.greet(…)`` gives ``greet``)."""
    return {node.func.attr for node in ast.walk(ast.parse(path.read_text("utf-8")))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id == name}


def test_every_event_is_told_from_the_broadcaster_and_no_route_tells_one():
    emitting = [path.relative_to(ROOT).as_posix() for path in sorted((ROOT / "kiosk").glob("*.py"))
                if any(isinstance(node, ast.Attribute) and node.attr in ("emit", "send")
                       for node in ast.walk(ast.parse(path.read_text("utf-8"))))]
    assert emitting == ["kiosk/live.py"]
    assert {route: calls_on(ROOT / route, "live") - ROUTE_CALLS for route in ROUTES} == {route: set() for route in ROUTES}
    assert calls_on(ROOT / "kiosk" / "moderation.py", "live") == {"contribution_changed", "collecting", "revealed"}  # really read
