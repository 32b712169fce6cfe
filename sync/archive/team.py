"""The archive's team-only pages: sign-in, the moderation log and the consented contacts."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for

from kiosk.export import csv_text
from kiosk.i18n import current_language
from sync.archive import admin
from sync.archive.store import ArchiveStore

__all__ = ["bp"]

bp = Blueprint("archive_team", __name__, url_prefix="/team")
_CONTACT_COLUMNS = ("consent_at", "contact", "kind", "text", "kiosk", "event_id", "contribution_id")


def _store() -> ArchiveStore:
    return current_app.extensions["archive"]


def _moments() -> dict[str, dict]:
    return {moment["event_id"]: moment for moment in _store().moments()}


def _safe_next(target: str | None) -> str:
    # Only a path on this archive: never send a freshly signed-in browser elsewhere.
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("archive_team.overview")


@bp.get("/signin")
def signin() -> str:
    """The admin password form."""
    return render_template("archive_signin.html", next=request.args.get("next", ""),
                           configured=admin.stored_password(_store()) is not None)


@bp.post("/signin")
def signin_post():
    """Check the admin password; a wrong one waits longer after a few tries."""
    target = request.form.get("next", "")
    stored = admin.stored_password(_store())
    signed_in, wait = admin.sign_in(request.form.get("password", ""), stored, request.remote_addr or "")
    if signed_in:
        return redirect(_safe_next(target), 303)
    status = 429 if wait else 401
    return render_template("archive_signin.html", next=target, configured=stored is not None, failed=True,
                           wait=round(wait)), status


@bp.post("/signout")
def signout():
    """Sign this browser out."""
    if not admin.valid_csrf(request.form.get("csrf_token")):
        abort(403)
    admin.sign_out()
    return redirect(url_for("archive_pages.home"), 303)


@bp.get("")
@admin.team_required
def overview() -> str:
    """What the team sees beyond the public pages."""
    return render_template("archive_team.html", page="overview", log=_store().moderation_log()[:20],
                           contacts=_store().contacts(), moments=_moments())


@bp.get("/log")
@admin.team_required
def log() -> str:
    """Every moderation action the kiosks brought: what was shown, hidden, pinned or deleted, and when."""
    return render_template("archive_team.html", page="log", log=_store().moderation_log(), moments=_moments())


@bp.get("/contacts")
@admin.team_required
def contacts() -> str:
    """The contact details participants consented to share, with what they contributed."""
    return render_template("archive_team.html", page="contacts", contacts=_store().contacts(), moments=_moments())


@bp.get("/contacts.csv")
@admin.team_required
def contacts_csv() -> Response:
    """The contact details as CSV, to bring people together."""
    return Response(csv_text(_store().contacts(), _CONTACT_COLUMNS, current_language()), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="contacten.csv"'})
