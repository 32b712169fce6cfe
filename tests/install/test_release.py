"""The release as a user gets it: the sdist and the wheel built with ``python -m build`` and checked with ``twine``,
the wheel (not this checkout) installed into a fresh virtual environment in an empty folder, and the kiosk and the
archive run from there. Every file the program reads must be in the wheel; one version says what it is everywhere."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from tests.harness.photos import jpeg
from tests.harness.room import Room
from tests.harness.server import ArchiveProcess, KioskProcess

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
# What the wheel carries, by the folder of this checkout it comes from: the packages as they are, the pages' templates
# and static files inside the kiosk's package.
CARRIED = {"netwerk": "netwerk", "netwerkkiosk": "netwerkkiosk", "kiosk": "kiosk", "sync": "sync",
           "archive": "archive", "templates": "kiosk/templates", "static": "kiosk/static"}
# Nothing of this checkout's own environment: the installed program finds its files by itself.
CLEAN = {name: value for name, value in os.environ.items() if name not in ("PYTHONPATH", "VIRTUAL_ENV")}


@dataclass
class Release:
    version: str
    built: list[Path]
    wheel: Path
    home: Path  # an empty folder, with the wheel installed in its own virtual environment

    @property
    def netwerkkiosk(self) -> str:
        return str(self.home / "venv" / "bin" / "netwerkkiosk")


def _run(*command: str, timeout: int = 900) -> str:
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=CLEAN)
    assert done.returncode == 0, f"{' '.join(command)}: {done.stdout[-2000:]} {done.stderr[-2000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Release:
    dist = tmp_path_factory.mktemp("dist")
    _run(sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT))  # the sdist, then the wheel built from it
    built = sorted(dist.iterdir())
    _run(sys.executable, "-m", "twine", "check", "--strict", *map(str, built))
    home = tmp_path_factory.mktemp("empty")
    _run(sys.executable, "-m", "venv", str(home / "venv"))
    wheel = next(path for path in built if path.suffix == ".whl")
    _run(str(home / "venv" / "bin" / "pip"), "install", "-q", str(wheel))
    version = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text("utf-8"), re.MULTILINE)[1]
    return Release(version, built, wheel, home)


def test_the_wheel_carries_every_file_the_program_reads(release):
    tracked = _run("git", "-C", str(ROOT), "ls-files", *CARRIED).splitlines()
    carried = set(zipfile.ZipFile(release.wheel).namelist())
    wanted = {CARRIED[path.split("/", 1)[0]] + "/" + path.split("/", 1)[1] for path in tracked
              if not path.endswith(".pot")}  # the catalogs' template is for translators, not read by the program
    assert sorted(wanted - carried) == []
    assert any(name.endswith("nl/LC_MESSAGES/messages.mo") for name in carried)  # compiled, not only tracked


def test_one_version_in_the_wheels_name_the_command_the_changelog_and_the_footers(release):
    assert {path.name for path in release.built} == {f"netwerkkiosk-{release.version}.tar.gz",
                                                     f"netwerkkiosk-{release.version}-py3-none-any.whl"}
    assert _run(release.netwerkkiosk, "--version").strip() == f"netwerkkiosk {release.version}"
    released = re.findall(r"^## (\d[^ ]*) \(\d{4}-\d\d-\d\d\)$", (ROOT / "CHANGELOG.md").read_text("utf-8"), re.M)
    assert released[0] == release.version


@pytest.mark.parametrize("tool", ["pipx", "uv"])
def test_pipx_and_uv_install_the_release_as_the_readme_says(release, tool, tmp_path):
    bin_dir = tmp_path / "bin"  # where each puts the command, instead of the user's ~/.local/bin
    where = {"PIPX_HOME": str(tmp_path / "pipx"), "PIPX_BIN_DIR": str(bin_dir), "PIPX_MAN_DIR": str(tmp_path / "man"),
             "UV_TOOL_DIR": str(tmp_path / "uv"), "UV_TOOL_BIN_DIR": str(bin_dir)}
    install = {"pipx": ["pipx", "install"], "uv": ["uv", "tool", "install"]}[tool]
    done = subprocess.run([str(Path(sys.executable).parent / install[0]), *install[1:], str(release.wheel)],
                          capture_output=True, text=True, timeout=600, env=dict(CLEAN, **where))
    assert done.returncode == 0, done.stderr[-2000:]
    assert _run(str(bin_dir / "netwerkkiosk"), "--version").strip() == f"netwerkkiosk {release.version}"


def test_the_installed_kiosk_and_archive_run_from_an_empty_folder(release, browser, tmp_path):
    kiosk = KioskProcess(tmp_path / "kiosk-data", env=dict(CLEAN, LANG="nl_NL.UTF-8"), cwd=release.home)
    kiosk.program = (release.netwerkkiosk, "run")
    kiosk.start(timeout=60)
    try:
        wall = browser.new_page(viewport={"width": 1280, "height": 720})
        wall.goto(kiosk.url + "/wall")
        expect(wall.locator("body")).to_have_attribute("data-live", "connected")  # Socket.IO, vendored, in the wheel
        sent = requests.post(kiosk.url + "/api/contributions", data={"kind": "idea", "text": "Een bankje bij de bushalte"},
                             files={"photo": ("foto.jpg", jpeg(600, 900), "image/jpeg")}, timeout=20)
        assert sent.status_code == 201, sent.text
        expect(wall.locator("#stage .card__text")).to_have_text("Een bankje bij de bushalte", timeout=5000)
        assert requests.get(kiosk.url + sent.json()["photo"], timeout=5).headers["Content-Type"] == "image/jpeg"
        phone = requests.get(kiosk.url + "/", headers={"Accept-Language": "nl"}, timeout=5).text
        assert "Verhaal" in phone and "Idee" in phone  # the translations are in the wheel
        assert requests.get(kiosk.url + "/qr.svg", timeout=5).text.startswith("<svg")
        room = Room(kiosk.url)
        control = room.get("/facilitator").text
        assert f"Netwerkkiosk {release.version}" in control
        assert "Een bankje bij de bushalte" in room.get("/facilitator/export.html?pick=all").text
        wall.close()
    finally:
        kiosk.stop()
    archive = ArchiveProcess(tmp_path / "archive", env=CLEAN, cwd=release.home)
    archive.program = (release.netwerkkiosk, "archive")
    archive.start(timeout=60)
    try:
        home = requests.get(archive.url + "/", headers={"Accept-Language": "nl"}, timeout=5)
        assert home.status_code == 200 and f"Netwerkkiosk {release.version}" in home.text
        styles = re.findall(r'href="(/static/[^"]+)"', home.text)
        assert styles and all(requests.get(archive.url + path, timeout=5).status_code == 200 for path in styles)
        assert requests.get(archive.url + "/search?q=bankje", timeout=5).status_code == 200  # its migrations ran
    finally:
        archive.stop()
