"""Who is signed in to the archive, and what they may do: team members by e-mail address, and the platform's
administrator by the admin password.

The public pages show what the walls showed. Hidden contributions, the moderation log and the consented
contact details belong to an organisation's team, so they sit behind a member's sign-in and role
(``archive.people``). The platform's administrator (``netwerkkiosk archive set-password``) signs in as ``admin``
and makes organisations and their owners. A session lives in the archive's database as well as in the cookie
(``archive.sessions``), so signing out ends it; a new password signs that person's other browsers out.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import abort, current_app, g, redirect, request, session, url_for

from archive import passwords
from archive.people import at_least, plain_email
from archive.store import ArchiveStore
from netwerk.contributions import N_
from netwerk.sessions import end_session, live_session, open_session
from netwerk.terminal import say

__all__ = [
    "ADMIN", "GUESSING", "Person", "admin_required", "at_least_role", "editing", "guessing", "hidden_for", "is_team",
    "member_required", "role", "set_password", "sign_in", "sign_out", "signed_in", "signed_in_required",
    "stored_password",
]

ADMIN = "admin"  # what the platform's administrator signs in as, instead of an e-mail address
_SETTING = "admin_password"
# A try costs a minute after the first five: a password of ten characters outlasts that. The
# guesses are counted in the archive's database, so every process of a hosted archive counts the same ones.
_GUESSES = {"burst": 5, "interval": 60}
# ... and across every address at once, since a passer-by has many (587 guesses a minute came through
# from rotating addresses): ten, then two a minute. It refills in the same 300 s as an address's bucket,
# because a spent try clears the throttle's table of buckets that old (archive.store).
_ARCHIVE_WIDE = "archive-wide"
_ALL_GUESSES = {"burst": 10, "interval": 30}
GUESSING = N_("Many wrong passwords from the network: nobody new signs in to the archive for a while. If that "
              "is not the team, someone is guessing a password; whoever is signed in goes on.")


@dataclass(frozen=True)
class Person:
    """Who a browser is signed in as: a member with a role per organisation, or the platform's administrator."""

    email: str
    roles: dict[str, str] = field(default_factory=dict)

    @property
    def admin(self) -> bool:
        return self.email == ADMIN


def set_password(store: ArchiveStore, password: str) -> None:
    """Keep a new admin password (only its hash); raise ValueError when it is too short to guess slowly."""
    store.set_setting(_SETTING, passwords.hashed(password))


def stored_password(store: ArchiveStore) -> str | None:
    """Return the admin password's hash, or None while none is set."""
    return store.setting(_SETTING)


def _stored(store: ArchiveStore, who: str) -> str | None:
    return stored_password(store) if who == ADMIN else store.people.password_hash(who)


def sign_in(store: ArchiveStore, who: str, password: str, address: str) -> tuple[bool, float]:
    """Sign this browser in as ``who`` (an e-mail address, or ``admin``) if the password is theirs.

    Returns whether it did, and the seconds to wait when this address, or the whole archive, took too
    many tries: then the password is not even checked. A try is counted before its password is
    checked, right or wrong, so that guesses sent at the same moment cannot all slip through.
    """
    wait = (store.throttle(f"sign-in {address}", **_GUESSES, spend=True)
            or store.throttle(_ARCHIVE_WIDE, **_ALL_GUESSES, spend=True))
    if wait:
        return False, wait
    who = ADMIN if who.strip().lower() == ADMIN else plain_email(who) or ""
    stored = _stored(store, who) if who else None
    if not passwords.matches(password, stored):
        if guessing(store):
            current_app.logger.warning(say(GUESSING))
        return False, 0.0
    open_session(store.sessions)
    session["who"] = who
    session["team"] = _fingerprint(stored)
    session["csrf"] = secrets.token_urlsafe(32)
    g.pop("person", None)
    return True, 0.0


def guessing(store: ArchiveStore) -> float:
    """Return the seconds until the archive takes a password again after many tries from anywhere (else 0)."""
    return store.throttle(_ARCHIVE_WIDE, **_ALL_GUESSES, spend=False)


def sign_out(store: ArchiveStore) -> None:
    """End this browser's session, in the archive too: a copy of its cookie no longer signs anyone in."""
    end_session(store.sessions)
    g.pop("person", None)


def _fingerprint(stored: str | None) -> str:
    # Names the password a session signed in with: a new password signs that person's every browser out.
    return (stored or "")[-16:]


def signed_in() -> Person | None:
    """Return who this browser is signed in as, in a live session with the password they signed in with; or None.

    Asked by the page, its template and the caching headers alike: the database answers once per request.
    """
    if "person" not in g:
        g.person = _person(current_app.extensions["archive"])
    return g.person


def _person(store: ArchiveStore) -> Person | None:
    who, fingerprint = session.get("who"), session.get("team")
    if not isinstance(who, str) or not fingerprint or fingerprint != _fingerprint(_stored(store, who)):
        return None
    if not live_session(store.sessions):
        return None
    return Person(who, {} if who == ADMIN else store.people.roles(who))


def is_team() -> bool:
    """Tell whether this browser is signed in at all (the pages then offer the team's links)."""
    return signed_in() is not None


def role(organisation: str | None) -> str | None:
    """Return the role of whoever is signed in in ``organisation``: the administrator is owner of every one."""
    person = signed_in()
    if person is None or organisation is None:
        return None
    return "owner" if person.admin else person.roles.get(organisation)


def at_least_role(organisation: str | None, needed: str) -> bool:
    """Tell whether whoever is signed in may do in ``organisation`` what the ``needed`` role may."""
    return at_least(role(organisation), needed)


def _theirs() -> list[str]:
    """The organisations whoever is signed in has a role in: every one for the administrator, none for nobody."""
    person = signed_in()
    if person is None:
        return []
    return current_app.extensions["archive"].organisations.slugs() if person.admin else list(person.roles)


def editing() -> list[str]:
    """The organisations in which whoever is signed in may edit: make programmes and bundles, link examples."""
    return [org for org in _theirs() if at_least_role(org, "editor")]


def hidden_for(organisation: str | None = None) -> tuple[str, ...]:
    """Return the organisations whose hidden contributions this reader sees (of ``organisation`` only, if named):
    their own, never another's."""
    return tuple(slug for slug in _theirs() if organisation in (None, slug))


def _guard(allowed: Callable[[Person, dict], bool]) -> Callable[[Callable], Callable]:
    """A view's guard: a browser that is not signed in goes to the sign-in page and back; someone signed in whom
    ``allowed`` (given the person and the view's arguments) turns away gets 403."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            person = signed_in()
            if person is None:
                return redirect(url_for("archive_team.signin", next=request.full_path.rstrip("?")))
            if not allowed(person, kwargs):
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorate


def member_required(needed: str) -> Callable[[Callable], Callable]:
    """Let a member of the page's organisation (``org`` in its address) through with at least the ``needed`` role."""
    return _guard(lambda person, arguments: at_least_role(arguments.get("org"), needed))


signed_in_required = _guard(lambda person, arguments: True)
admin_required = _guard(lambda person, arguments: person.admin)
