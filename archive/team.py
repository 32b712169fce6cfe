"""The archive's team-only pages: sign-in, planning the programme line, the moderation log and the contacts."""

from __future__ import annotations

import re

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)

from archive import admin, filters
from archive.planning import plan_fields, programme_fields
from archive.store import ArchiveStore
from netwerk.contributions import ContributionError
from netwerk.csrf import csrf_matches
from netwerk.i18n import current_language, translate
from netwerk.spreadsheet import csv_text

__all__ = ["bp"]

bp = Blueprint("archive_team", __name__, url_prefix="/team")
_CONTACT_COLUMNS = ("consent_at", "contact", "kind", "text", "kiosk", "event_id", "contribution_id")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))  # what a browser strips from both ends of a URL


def _store() -> ArchiveStore:
    return current_app.extensions["archive"]


def _moments() -> dict[str, dict]:
    return {moment["event_id"]: moment for moment in _store().views.moments()}


def _safe_next(target: str | None) -> str:
    """Return ``target`` if a browser reads it as a path on this archive, else the team's overview.

    A browser drops tabs and newlines from a URL and reads a backslash as a slash, so ``/\t/host``
    and ``/\\host`` are ``//host``: another site. Read it the same way before judging it.
    """
    cleaned = re.sub(r"[\t\n\r]", "", target or "").strip(_C0_AND_SPACE).replace("\\", "/")
    if cleaned.startswith("/") and not cleaned.startswith("//"):
        return cleaned
    return url_for("archive_team.overview")


def _signin_page(target: str, **shown) -> str:
    """The admin password form; it says so while many wrong passwords keep everyone out."""
    return render_template("archive_signin.html", next=target, configured=admin.stored_password(_store()) is not None,
                           guessing=round(admin.guessing(_store())), **shown)


@bp.get("/signin")
def signin() -> str:
    """The admin password form."""
    return _signin_page(request.args.get("next", ""))


@bp.post("/signin")
def signin_post():
    """Check the admin password; a wrong one waits longer after a few tries."""
    target = request.form.get("next", "")
    signed_in, wait = admin.sign_in(_store(), request.form.get("password", ""), request.remote_addr or "")
    if signed_in:
        return redirect(_safe_next(target), 303)
    return _signin_page(target, failed=True, wait=round(wait)), 429 if wait else 401


@bp.post("/signout")
def signout():
    """Sign this browser out."""
    if not csrf_matches(request.form.get("csrf_token")):
        abort(403)
    admin.sign_out(_store())
    return redirect(url_for("archive_pages.home"), 303)


@bp.get("")
@admin.team_required
def overview() -> str:
    """What the team sees beyond the public pages."""
    return render_template("archive_team.html", page="overview", log=_store().views.moderation_log()[:20],
                           contacts=_store().views.contacts(), moments=_moments())


@bp.get("/log")
@admin.team_required
def log() -> str:
    """Every moderation action the kiosks brought: what was shown, hidden, pinned or deleted, and when."""
    return render_template("archive_team.html", page="log", log=_store().views.moderation_log(), moments=_moments())


@bp.get("/contacts")
@admin.team_required
def contacts() -> str:
    """The contact details participants consented to share, with what they contributed."""
    return render_template("archive_team.html", page="contacts", contacts=_store().views.contacts(), moments=_moments())


@bp.get("/contacts.csv")
@admin.team_required
def contacts_csv() -> Response:
    """The contact details as CSV, to bring people together."""
    return Response(csv_text(_store().views.contacts(), _CONTACT_COLUMNS, current_language()), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="contacten.csv"'})


def _checked_form() -> None:
    if not csrf_matches(request.form.get("csrf_token")):
        abort(403)


@bp.get("/programmes/new")
@admin.team_required
def new_programme() -> str:
    """The form to start a programme: theme, period, description and the tags to suggest."""
    return render_template("archive_programme_form.html", form={})


@bp.post("/programmes")
@admin.team_required
def save_programme():
    """Create a programme, or change the one with the same theme."""
    _checked_form()
    try:
        fields = programme_fields(request.form)
    except ContributionError as error:
        return render_template("archive_programme_form.html", form=request.form,
                               error=translate(error.message, error.params)), 400
    _store().planning.add_programme(**fields)
    return redirect(url_for("archive_pages.programme", name=fields["key"]), 303)


@bp.post("/programmes/<name>/plans")
@admin.team_required
def plan_moment(name: str):
    """Plan a meeting moment in a programme, for a kiosk to pull."""
    _checked_form()
    if _store().planning.planned_programme(name) is None:
        abort(404)
    try:
        fields = plan_fields(request.form, _store().kiosks())
    except ContributionError as error:
        return render_template("archive_programme.html", programme=filters.programme(name), tags=_store().views.tags(),
                               kiosks=_store().kiosks(), error=translate(error.message, error.params),
                               form=request.form), 400
    _store().planning.plan_moment(name, **fields)
    return redirect(url_for("archive_pages.programme", name=name), 303)
