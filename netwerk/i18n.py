"""Dutch and English: which language a request gets, and the translated names of the kinds."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from flask import Flask, Response, current_app, g, request
from flask_babel import (
    Babel,
    format_date,
    format_datetime,
    format_decimal,
    get_locale,
    gettext,
    to_user_timezone,
)

from netwerk.contributions import KINDS, N_
from netwerk.moments import MOMENT_KINDS
from netwerk.settings import LANGUAGES

__all__ = [
    "action_label", "babel", "current_language", "human_date", "human_time", "init_app", "kind_label", "local_time",
    "moment_kind_label", "moment_title", "state_label", "status_label", "theme_title", "translate",
    "with_blanks",
]

babel = Babel()
_COOKIE = "lang"
_KIND_LABELS = {
    "story": N_("Story"),
    "example": N_("Example"),
    "idea": N_("Idea"),
    "initiative": N_("Initiative"),
}


_MOMENT_KIND_LABELS = {
    "market": N_("Market"),
    "study_day": N_("Study day"),
    "festival": N_("Festival"),
    "manifestation": N_("Manifestation"),
    "other": N_("Other"),
    "exploration": N_("Theme exploration"),  # the archive's: a programme's exploration, entered by its team
}
_LAYOUT_LABELS = {
    "grid": N_("All together"),
    "columns": N_("A column per kind"),
    "top": N_("Most recognised: the top ten"),
    "spotlight": N_("Spotlight: one large"),
    "cloud": N_("Word cloud"),
    "network": N_("Network of tags and links"),
}
_STATUS_LABELS = {"visible": N_("On the wall"), "pending": N_("Waiting for approval"), "hidden": N_("Hidden")}
# The control room's states (kiosk.finding.STATES), short enough for a chip and a row on a phone.
_STATE_LABELS = {"pending": N_("Waiting"), "visible": N_("On the wall"), "hidden": N_("Hidden"), "pinned": N_("Pinned"),
                 "deleted": N_("Deleted")}
_ACTION_LABELS = {
    "approve": N_("Show"), "hide": N_("Hide"), "pin": N_("Pin"), "unpin": N_("Unpin"),
    "delete": N_("Delete on request"), "undo": N_("Undo"), "knot": N_("Tags and links"),
}


def _chosen_language() -> str | None:
    chosen = request.args.get("lang") or request.cookies.get(_COOKIE)
    return chosen if chosen in LANGUAGES else None


def _select_locale() -> str:
    # A page of its own language (an archive organisation's, set by archive.scope) speaks it unless the reader chose.
    return _chosen_language() or g.get("page_language") or current_app.config["LANGUAGE"]


def _remember_choice(response: Response) -> Response:
    # A participant who switched language keeps it on the thank-you page and the next visit.
    if request.args.get("lang") in LANGUAGES:
        response.set_cookie(_COOKIE, request.args["lang"], max_age=365 * 24 * 3600, samesite="Lax")
    return response


def current_language() -> str:
    """Return the language this request is answered in."""
    return str(get_locale())


def translate(message: str, params: dict | None = None) -> str:
    """Translate a message marked with ``N_`` and fill in its parameters."""
    return gettext(message, **(params or {}))


class _Blanks(dict):
    def __missing__(self, name: str) -> str:
        return "{%s}" % name


def with_blanks(message: str) -> str:
    """Translate a message marked with ``N_``, leaving each parameter as ``{name}`` for a page's script to fill."""
    return gettext(message) % _Blanks()


def human_date(value: str | None) -> str:
    """Say an ISO date as people read it in the page's language ("1 december 2026"); other text as it is."""
    try:
        return format_date(date.fromisoformat(value or ""), "long")
    except ValueError:
        return value or ""


def human_time(value: str | None) -> str:
    """Say an ISO 8601 moment as people read it, in the page's language and time zone; other text as it is."""
    moment = _instant(value)
    return format_datetime(moment, "medium") if moment else value or ""


def local_time(value: str | None) -> str:
    """Write an ISO 8601 moment as a spreadsheet reads it, in the page's time zone: ``2026-05-12 14:03:09``."""
    moment = _instant(value)
    return to_user_timezone(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else value or ""


def _instant(value: str | None) -> datetime | None:
    """An ISO 8601 moment as the kiosk and the archive write it (``…Z``), or None for other text."""
    try:
        return datetime.fromisoformat((value or "").replace("Z", "+00:00"))
    except ValueError:
        return None


def moment_title(moment: dict | None) -> str:
    """Name a meeting moment: its name, else its theme, else its date, never "None"."""
    moment = moment or {}
    if moment.get("kind") == "exploration":
        return moment_kind_label("exploration")
    if moment.get("name") or moment.get("theme"):
        return moment.get("name") or moment["theme"]
    if moment.get("date"):
        return gettext("Meeting moment of %(date)s", date=human_date(moment["date"]))
    return gettext("Meeting moment")


def theme_title(theme: str | None) -> str:
    """Name a programme by its theme, or say that it has none."""
    return theme or gettext("Without a theme")


def kind_label(kind: str) -> str:
    """Return the translated name of a kind, as the phone and the wall show it."""
    return gettext(_KIND_LABELS[kind])


def moment_kind_label(kind: str) -> str:
    """Return the translated name of a kind of meeting moment."""
    return gettext(_MOMENT_KIND_LABELS[kind])


def layout_label(mode: str) -> str:
    """Return the translated name of a wall layout."""
    return gettext(_LAYOUT_LABELS[mode])


def status_label(status: str) -> str:
    """Return the translated name of a contribution's status, for the control room."""
    return gettext(_STATUS_LABELS[status])


def state_label(state: str) -> str:
    """Return the translated name of a state the control room lists contributions by."""
    return gettext(_STATE_LABELS[state])


def action_label(action: str) -> str:
    """Return the translated name of a moderation action; one this version does not know, as it came."""
    return gettext(_ACTION_LABELS[action]) if action in _ACTION_LABELS else action


def init_app(app: Flask) -> None:
    """Pick each request's language and give the templates the translated kind names (one catalog, both servers)."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(Path(__file__).resolve().parent / "translations"))
    babel.init_app(app, locale_selector=_select_locale)
    app.after_request(_remember_choice)
    app.jinja_env.globals.update(
        kind_label=kind_label, kinds=KINDS, languages=LANGUAGES, current_language=current_language,
        moment_kind_label=moment_kind_label, layout_label=layout_label, moment_kinds=MOMENT_KINDS, status_label=status_label,
        state_label=state_label, states=tuple(_STATE_LABELS), action_label=action_label, moment_title=moment_title,
        theme_title=theme_title,
    )
    app.jinja_env.filters.update(human_date=human_date, human_time=human_time, number=format_decimal)
