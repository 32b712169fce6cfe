"""The organisations of one archive: a city, a neighbourhood or a foundation, each with its own programmes and people.

Each has a slug (its address, ``/o/<slug>/``), a name, a short description, its language, its look (a colour and
a logo, ``archive.logos``) and the licence of its published outcomes. Whatever a kiosk or a member brings belongs to
their organisation (``archive.schema.OWNED``); the public pages show every organisation's outcomes side by side.
"""

from __future__ import annotations

import re
from typing import Any

from archive.database import Database
from archive.views import changed
from netwerk.contributions import N_, ContributionError
from netwerk.settings import LANGUAGES

__all__ = ["LICENCE", "Organisations", "organisation_fields", "readable_colour"]

LICENCE = "CC BY 4.0"
_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_COLUMNS = ("slug", "name", "description", "lang", "colour", "licence")


class Organisations:
    """The ``organisations`` table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, fields: dict[str, Any]) -> bool:
        """Add an organisation from ``organisation_fields``; False when its slug is taken."""
        with self.db.transaction() as db:
            added = db.run(f"INSERT INTO organisations ({', '.join(_COLUMNS)}) VALUES (%s, %s, %s, %s, %s, %s) "
                           "ON CONFLICT (slug) DO NOTHING", tuple(fields[name] for name in _COLUMNS))
            changed(db)
        return added == 1

    def change(self, fields: dict[str, Any]) -> None:
        """Change an organisation's name, description, language, colour and licence (``organisation_fields``)."""
        names = _COLUMNS[1:]
        with self.db.transaction() as db:
            db.run(f"UPDATE organisations SET {', '.join(f'{name} = %s' for name in names)} WHERE slug = %s",
                   (*(fields[name] for name in names), fields["slug"]))
            changed(db)

    def set_logo(self, slug: str, logo: str | None) -> str | None:
        """Give an organisation a logo by its file's name (None: none); return the name of the one it had."""
        with self.db.transaction() as db:
            before = db.row("SELECT logo FROM organisations WHERE slug = %s", (slug,))
            db.run("UPDATE organisations SET logo = %s WHERE slug = %s", (logo, slug))
            changed(db)
        return before["logo"] if before else None

    def shows_logo(self, logo: str) -> bool:
        """Whether any organisation shows this logo (two may send the same file)."""
        return self.db.row("SELECT 1 AS shown FROM organisations WHERE logo = %s", (logo,)) is not None

    def get(self, slug: str) -> dict[str, Any] | None:
        """Return one organisation, or None."""
        return self.db.row("SELECT * FROM organisations WHERE slug = %s", (slug,))

    def all(self) -> list[dict[str, Any]]:
        """Return every organisation, by name."""
        return sorted(self.db.rows("SELECT * FROM organisations"), key=lambda found: found["name"].casefold())

    def slugs(self) -> list[str]:
        """Return every organisation's slug."""
        return [row["slug"] for row in self.db.rows("SELECT slug FROM organisations")]

    def names(self) -> dict[str, str]:
        """Return every organisation's name by its slug, for pages that name where a card comes from."""
        return {row["slug"]: row["name"] for row in self.db.rows("SELECT slug, name FROM organisations")}

    def only(self) -> str | None:
        """Return the slug of the archive's one organisation, or None when it has none or several."""
        rows = self.db.rows("SELECT slug FROM organisations LIMIT 2")
        return rows[0]["slug"] if len(rows) == 1 else None


def readable_colour(colour: str) -> str:
    """Return ``colour`` darkened just enough that white on it, and it on white, read at WCAG AA (4.5:1): an
    organisation may choose a light colour, and its links, buttons and chosen filters are drawn in it."""
    red, green, blue = (int(colour[n:n + 2], 16) for n in (1, 3, 5))
    while _contrast_with_white(red, green, blue) < 4.5:
        red, green, blue = (int(part * 0.95) for part in (red, green, blue))
    return f"#{red:02x}{green:02x}{blue:02x}"


def _contrast_with_white(*rgb: int) -> float:
    linear = [value / 255 / 12.92 if value <= 10 else ((value / 255 + 0.055) / 1.055) ** 2.4 for value in rgb]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def organisation_fields(slug: str, name: str, lang: str = "nl", description: str = "", colour: str = "#1f6f5c",
                        licence: str = LICENCE) -> dict[str, Any]:
    """Check an organisation's fields; raise ContributionError saying what is wrong."""
    if not _SLUG.fullmatch(slug):
        raise ContributionError(N_("An organisation's short name is 1 to 40 lower-case letters, digits and hyphens, "
                                   "such as %(example)s."), example="utrecht-oost")
    if not name.strip() or len(name) > 120:
        raise ContributionError(N_("Give the organisation a name of at most 120 characters."))
    if lang not in LANGUAGES:
        raise ContributionError(N_("The language is one of: %(languages)s."), languages=", ".join(LANGUAGES))
    if not _COLOUR.fullmatch(colour):
        raise ContributionError(N_("Give the colour as # and six hexadecimal digits, such as %(example)s."),
                                example="#1f6f5c")
    return {"slug": slug, "name": name.strip(), "description": description.strip()[:500], "lang": lang,
            "colour": colour.lower(), "licence": licence.strip()[:80] or LICENCE}
