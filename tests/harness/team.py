"""Helpers for the archive's team side: the admin password, a signed-in team browser session, and a kiosk's pull."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import requests

from tests.harness.phones import phone_session
from tests.harness.server import ORGANISATION, ROOT

PASSWORD = "lange zin voor het team"


def set_password(archive, password: str) -> subprocess.CompletedProcess:
    """Run ``netwerkkiosk archive set-password`` on the archive, typing the password twice, as the team does."""
    command = [str(Path(sys.executable).parent / "netwerkkiosk"), "archive", "set-password", *archive.where()]
    return subprocess.run(command, input=f"{password}\n{password}\n", capture_output=True, text=True, timeout=60,
                          cwd=ROOT)


def sign_in(archive, password: str = PASSWORD, laptop: int = 0,
            who: str = "admin") -> tuple[requests.Session, requests.Response]:
    """Sign in from one team member's laptop, which has its own 127.x.y.z address: as the platform's administrator,
    or as a member by e-mail address."""
    session = phone_session(laptop)
    answer = session.post(archive.url + "/team/signin", data={"email": who, "password": password, "next": "/team"},
                          allow_redirects=False, timeout=30)
    return session, answer


class Team:
    """The platform administrator's browser session on the archive, working for one organisation's team (added first
    if the archive lacks it), posting its forms with the CSRF token."""

    def __init__(self, archive, organisation: str = ORGANISATION) -> None:
        archive.set_password(PASSWORD)
        archive.add_organisation(organisation)
        self.archive, self.organisation = archive, organisation
        self.session, _ = sign_in(archive)
        page = self.session.get(archive.url + "/team", timeout=5).text
        self.csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def post(self, path: str, **form: str):
        return self.session.post(self.archive.url + path, data=dict(form, csrf_token=self.csrf),
                                 allow_redirects=False, timeout=5)

    def programme(self, theme: str, **form: str) -> str:
        answer = self.post(f"/o/{self.organisation}/team/programmes", theme=theme, **form)
        assert answer.status_code == 303, answer.text
        return answer.headers["Location"].rsplit("/", 1)[1]

    def plan(self, programme: str, **form: str):
        return self.post(f"/o/{self.organisation}/team/programmes/{programme}/plans", **form)


def sync_folder(archive, token: str, folder: Path, *args: str) -> subprocess.CompletedProcess:
    """Run ``netwerkkiosk sync`` on a kiosk's data folder, as the team does, also while the kiosk runs."""
    command = [str(Path(sys.executable).parent / "netwerkkiosk"), "sync", *args, "--archive", archive.url,
               "--token", token, "--data", str(folder)]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=ROOT)


def pull(archive, token: str, folder: Path) -> subprocess.CompletedProcess:
    return sync_folder(archive, token, folder, "--pull")


def store_kiosk(store, name: str, organisation: str = ORGANISATION) -> str:
    """Register a kiosk on an archive's store directly, with its organisation added first if the store lacks it."""
    from archive.organisations import organisation_fields

    store.organisations.add(organisation_fields(organisation, organisation.title()))
    return store.add_kiosk(name, organisation)
