"""The archive's people: team members by e-mail address, their role in each organisation, and first-time links.

A member signs in as themselves, so that the archive knows who hid a card or changed a programme, and a
person who leaves takes only their own access along. Roles go up: a *viewer* sees hidden contributions and
the moderation log, an *editor* also changes programmes and planning and reads the consented contacts, an
*owner* also adds members and kiosks. A person may belong to several organisations, with a role in each.

A new member gets a link that sets their password: valid once, for ``LINK_LIFETIME``, kept only hashed.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import datetime, timezone
from typing import Any

from archive.database import Database
from netwerk.contributions import N_
from netwerk.i18n import translate

__all__ = ["LINK_LIFETIME", "ROLES", "People", "at_least", "plain_email", "role_label"]

ROLES = ("viewer", "editor", "owner")  # each may do what the one before may, and more
_ROLE_LABELS = {"viewer": N_("viewer"), "editor": N_("editor"), "owner": N_("owner")}
LINK_LIFETIME = 3 * 24 * 3600  # a first-time link works for three days


def role_label(role: str | None) -> str:
    """Name a role in the page's language."""
    return translate(_ROLE_LABELS[role]) if role in _ROLE_LABELS else ""


def at_least(role: str | None, needed: str) -> bool:
    """Tell whether ``role`` may do what ``needed`` may."""
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)


def plain_email(email: str) -> str | None:
    """Return an e-mail address as the archive keeps it (trimmed, lower case), or None when it is not one."""
    email = email.strip().lower()
    local, at, domain = email.partition("@")
    if not at or not local or "." not in domain.strip(".") or len(email) > 254 or any(c.isspace() for c in email):
        return None
    return email


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class People:
    """Members, memberships, first-time links and the record of the team's changes, in the archive's database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add_member(self, email: str, organisation: str, role: str) -> str | None:
        """Give a person a role in an organisation (a new one becomes a member); return a first-time link's token
        when they have no password yet, else None."""
        with self.db.transaction() as db:
            db.run("INSERT INTO members (email, added) VALUES (%s, %s) ON CONFLICT (email) DO NOTHING", (email, _now()))
            db.run("INSERT INTO memberships (email, organisation, role) VALUES (%s, %s, %s) "
                   "ON CONFLICT (email, organisation) DO UPDATE SET role = excluded.role", (email, organisation, role))
            if db.row("SELECT password FROM members WHERE email = %s", (email,))["password"]:
                return None
            token = secrets.token_urlsafe(32)
            db.run("INSERT INTO invitations (digest, email, expires) VALUES (%s, %s, %s)",
                   (_digest(token), email, time.time() + LINK_LIFETIME))
        return token

    def remove_member(self, email: str, organisation: str) -> bool:
        """Take a person's role in an organisation away (they left): its team pages close to them at their next
        click, since roles are read on every request. Their other organisations stay theirs."""
        with self.db.transaction() as db:
            removed = db.run("DELETE FROM memberships WHERE email = %s AND organisation = %s", (email, organisation))
            if not db.row("SELECT 1 AS found FROM memberships WHERE email = %s", (email,)):
                db.run("DELETE FROM invitations WHERE email = %s", (email,))
        return removed == 1

    def invited(self, token: str) -> str | None:
        """Return whom a first-time link is for while it is valid, else None."""
        row = self.db.row("SELECT email FROM invitations WHERE digest = %s AND expires > %s",
                          (_digest(token), time.time()))
        return row["email"] if row else None

    def accept(self, token: str, password_hash: str) -> str | None:
        """Use a first-time link once: keep the member's password hash; return their address (None: not valid)."""
        with self.db.transaction() as db:
            row = db.row("SELECT email FROM invitations WHERE digest = %s AND expires > %s",
                         (_digest(token), time.time()))
            if row is None:
                return None
            db.run("DELETE FROM invitations WHERE email = %s OR expires <= %s", (row["email"], time.time()))
            db.run("UPDATE members SET password = %s WHERE email = %s", (password_hash, row["email"]))
        return row["email"]

    def password_hash(self, email: str) -> str | None:
        """Return a member's password hash, or None (no such member, or no password yet)."""
        row = self.db.row("SELECT password FROM members WHERE email = %s", (email,))
        return row["password"] if row else None

    def anyone(self) -> bool:
        """Tell whether any member has set a password: else only the administrator can sign in."""
        return self.db.row("SELECT 1 AS found FROM members WHERE password IS NOT NULL LIMIT 1") is not None

    def roles(self, email: str) -> dict[str, str]:
        """Return a member's role in each of their organisations."""
        rows = self.db.rows("SELECT organisation, role FROM memberships WHERE email = %s", (email,))
        return {row["organisation"]: row["role"] for row in rows}

    def members(self, organisation: str) -> list[dict[str, Any]]:
        """Return an organisation's members with their roles, and whether they have set a password."""
        return self.db.rows(
            "SELECT m.email, s.role, m.password IS NOT NULL AS active FROM memberships AS s "
            "JOIN members AS m ON m.email = s.email WHERE s.organisation = %s ORDER BY m.email", (organisation,))

    def record(self, organisation: str | None, member: str, action: str, subject: str) -> None:
        """Keep who changed what, and when: every change a member makes is on record."""
        self.db.run("INSERT INTO changes (at, organisation, member, action, subject) VALUES (%s, %s, %s, %s, %s)",
                    (_now(), organisation, member, action, subject))

    def changes(self, organisation: str) -> list[dict[str, Any]]:
        """Return an organisation's record of changes, newest first."""
        return self.db.rows("SELECT at, member, action, subject FROM changes WHERE organisation = %s "
                            "ORDER BY at DESC", (organisation,))
