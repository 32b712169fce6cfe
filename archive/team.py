"""The archive's team pages: signing in as oneself, and each organisation's own team pages under its address.

``/team`` is where a person signs in, sets their password from a first-time link, and finds their
organisations; ``/o/<org>/team`` is one organisation's: its moderation log, contacts, planning and members,
each for the roles ``archive.people`` gives them. Every change a member makes is kept with their name.
"""

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

from archive import admin, filters, passwords, retention
from archive.bundles import bundle_fields
from archive.exploration import exploration_fields, exploration_moment
from archive.organisations import organisation_fields
from archive.pages import programme_page
from archive.people import ROLES, plain_email
from archive.planning import plan_fields, programme_fields
from archive.store import ArchiveStore
from netwerk.contributions import N_, ContributionError
from netwerk.csrf import csrf_matches
from netwerk.i18n import current_language, translate
from netwerk.readable import readable_csv

__all__ = ["bp"]

bp = Blueprint("archive_team", __name__)
_CONTACT_COLUMNS = ("consent_at", "contact", "kind", "text", "kiosk", "event_id", "contribution_id")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))  # what a browser strips from both ends of a URL
_SHORT = N_("A password needs at least %(count)s characters.")


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
    return url_for("archive_team.mine")


def _checked_form() -> None:
    if not csrf_matches(request.form.get("csrf_token")):
        abort(403)


def _own_programme(org: str, name: str) -> dict:
    """A programme this organisation's team made, or 404."""
    planned = _store().planning.planned_programme(name)
    if planned is None or planned["organisation"] != org:
        abort(404)
    return planned


def _planned_or_adopted(org: str, name: str) -> dict:
    """A programme this organisation's team made; or one its kiosks' synced moments make, which the team takes on as
    its own now (the first plan for it): so every programme can be planned. 404 for anything else."""
    synced = filters.programme(name, org)
    if synced is not None and not synced["planned"] and synced["organisation"] == org:
        theme = next((moment.get("theme") for moment in synced["moments"] if moment.get("theme")), synced["theme"])
        adopted = _store().planning.add_programme(org, name, theme)
        _record(org, "programme", theme)
        return adopted
    return _own_programme(org, name)


def _record(org: str | None, action: str, subject: str) -> None:
    _store().people.record(org, admin.signed_in().email, action, subject)


# Signing in and out, and a first-time link

def _signin_page(target: str, **shown) -> str:
    """The sign-in form; it says so while many wrong passwords keep everyone out."""
    configured = admin.stored_password(_store()) is not None or _store().people.anyone()
    return render_template("archive_signin.html", next=target, configured=configured,
                           guessing=round(admin.guessing(_store())), **shown)


@bp.get("/team/signin")
def signin() -> str:
    """The sign-in form: an e-mail address (or ``admin``) and a password."""
    return _signin_page(request.args.get("next", ""))


@bp.post("/team/signin")
def signin_post():
    """Check the password; a wrong one waits longer after a few tries."""
    target, who = request.form.get("next", ""), request.form.get("email", "")
    signed_in, wait = admin.sign_in(_store(), who, request.form.get("password", ""), request.remote_addr or "")
    if signed_in:
        return redirect(_safe_next(target), 303)
    return _signin_page(target, failed=True, wait=round(wait), email=who), 429 if wait else 401


@bp.post("/team/signout")
def signout():
    """Sign this browser out."""
    _checked_form()
    admin.sign_out(_store())
    return redirect(url_for("archive_pages.home"), 303)


@bp.get("/team/welcome/<token>")
def welcome(token: str) -> str:
    """A first-time link: the form that sets a new member's password."""
    email = _store().people.invited(token)
    return render_template("archive_welcome.html", email=email, token=token), 200 if email else 404


@bp.post("/team/welcome/<token>")
def welcome_post(token: str):
    """Keep the new member's password and use up the link; then they sign in as themselves."""
    password = request.form.get("password", "")
    email = _store().people.invited(token)
    if email is None:
        return render_template("archive_welcome.html", email=None, token=token), 404
    if len(password) < passwords.MIN_LENGTH or password != request.form.get("repeat"):
        error = (translate(_SHORT, {"count": passwords.MIN_LENGTH}) if len(password) < passwords.MIN_LENGTH
                 else translate(N_("The two passwords differ.")))
        return render_template("archive_welcome.html", email=email, token=token, error=error), 400
    if _store().people.accept(token, passwords.hashed(password)) is None:
        abort(404)  # used up meanwhile, by the same link in another tab
    return redirect(url_for("archive_team.signin", next=url_for("archive_team.mine"), email=email), 303)


@bp.get("/team")
@admin.signed_in_required
def mine():
    """The organisations of whoever signed in, with their role in each; the administrator sees and adds them all."""
    return _mine_page({})


def _mine_page(form, error: str | None = None, status: int = 200):
    person = admin.signed_in()
    every = _store().organisations.all()
    shown = every if person.admin else [found for found in every if found["slug"] in person.roles]
    return render_template("archive_mine.html", organisations=shown, person=person, roles=ROLES, form=form,
                           editing=admin.editing(), error=error), status


@bp.post("/team/organisations")
@admin.admin_required
def add_organisation():
    """The administrator adds an organisation, and may name its first owner (who gets a first-time link)."""
    _checked_form()
    form = request.form
    try:
        fields = organisation_fields(form.get("slug", "").strip(), form.get("name", ""), form.get("lang", "nl"),
                                     form.get("description", ""), form.get("colour") or "#1f6f5c")
    except ContributionError as error:
        return _mine_again(translate(error.message, error.params))
    if not _store().organisations.add(fields):
        return _mine_again(translate(N_("There is an organisation called %(slug)s already."), fields))
    _record(fields["slug"], "add-organisation", fields["name"])
    return redirect(url_for("archive_team.members", org=fields["slug"]), 303)


def _mine_again(error: str):
    return _mine_page(request.form, error, 400)


# One organisation's team pages

@bp.get("/o/<org>/team")
@admin.member_required("viewer")
def overview(org: str) -> str:
    """What the organisation's team sees beyond the public pages."""
    contacts = _store().views.contacts(org) if admin.at_least_role(org, "editor") else None
    return render_template("archive_team.html", page="overview", log=_store().views.moderation_log(org)[:20],
                           contacts=contacts, changes=_store().people.changes(org)[:20], moments=_moments(),
                           kept=retention.deadlines(_store()))


@bp.get("/o/<org>/team/log")
@admin.member_required("viewer")
def log(org: str) -> str:
    """Every moderation action the organisation's kiosks brought, and every change its members made."""
    return render_template("archive_team.html", page="log", log=_store().views.moderation_log(org),
                           changes=_store().people.changes(org), moments=_moments())


@bp.get("/o/<org>/team/contacts")
@admin.member_required("editor")
def contacts(org: str) -> str:
    """The contact details participants consented to share, with what they contributed."""
    return render_template("archive_team.html", page="contacts", contacts=_store().views.contacts(org),
                           moments=_moments(), kept=retention.deadlines(_store()))


@bp.get("/o/<org>/team/contacts.csv")
@admin.member_required("editor")
def contacts_csv(org: str) -> Response:
    """The contact details as CSV, to bring people together."""
    text = readable_csv(_store().views.contacts(org), _CONTACT_COLUMNS, current_language())
    return Response(text, mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="contacten.csv"'})


@bp.get("/o/<org>/team/members")
@admin.member_required("owner")
def members(org: str) -> str:
    """The organisation's members and their roles, and the form that adds one."""
    return _members_page(org)


def _members_page(org: str, **shown) -> str:
    return render_template("archive_members.html", members=_store().people.members(org), roles=ROLES,
                           kiosks=_store().kiosks(org), **shown)


@bp.post("/o/<org>/team/organisation")
@admin.member_required("owner")
def change_organisation(org: str):
    """Change how the organisation presents itself: its name, description, language, colour, licence and logo."""
    _checked_form()
    form, sent = request.form, request.files.get("logo")
    logo = sent.read() if sent and sent.filename else None
    try:
        fields = organisation_fields(org, form.get("name", ""), form.get("lang", ""), form.get("description", ""),
                                     form.get("colour", ""), form.get("licence", ""))
        if logo or form.get("no_logo"):  # a new logo, or none any more
            _store().set_logo(org, logo)
    except ContributionError as error:
        return _members_page(org, look_error=translate(error.message, error.params)), error.status
    _store().organisations.change(fields)
    _record(org, "change-organisation", fields["name"])
    return redirect(url_for("archive_team.members") + "#look", 303)


@bp.post("/o/<org>/team/members")
@admin.member_required("owner")
def add_member(org: str):
    """Give a person a role here; a new one gets a first-time link, shown once, for the owner to pass on."""
    _checked_form()
    email, role = plain_email(request.form.get("email", "")), request.form.get("role", "")
    if email is None or role not in ROLES:
        return _members_page(org, form=request.form, error=translate(N_("Give an e-mail address and a role."))), 400
    token = _store().people.add_member(email, org, role)
    _record(org, "add-member", f"{email} ({role})")
    return _members_page(org, added=email,
                         link=url_for("archive_team.welcome", token=token, _external=True) if token else None)


@bp.post("/o/<org>/team/members/remove")
@admin.member_required("owner")
def remove_member(org: str):
    """Take a member's role here away: someone who left the organisation."""
    _checked_form()
    email = request.form.get("email", "")
    if _store().people.remove_member(email, org):
        _record(org, "remove-member", email)
    return redirect(url_for("archive_team.members"), 303)


@bp.post("/o/<org>/team/contributions/<contribution>/<action>")
@admin.member_required("editor")
def moderate(org: str, contribution: str, action: str):
    """Hide one of the organisation's cards from every public page, bundle and link, or show again what the team
    hid: the team's moderation, kept with who did it, which a kiosk's later sync does not undo."""
    _checked_form()
    if action not in ("hide", "show") or not _store().hide(org, contribution, admin.signed_in().email,
                                                           hidden=action == "hide"):
        abort(404)
    _record(org, action, contribution)
    return redirect(_safe_next(request.form.get("next")), 303)


@bp.get("/o/<org>/team/programmes/new")
@admin.member_required("editor")
def new_programme(org: str) -> str:
    """The form to start a programme: theme, period, description and the tags to suggest."""
    return render_template("archive_programme_form.html", form={})


@bp.post("/o/<org>/team/programmes")
@admin.member_required("editor")
def save_programme(org: str):
    """Create a programme, or change the organisation's one with the same theme."""
    _checked_form()
    try:
        fields = programme_fields(request.form)
    except ContributionError as error:
        return render_template("archive_programme_form.html", form=request.form,
                               error=translate(error.message, error.params)), 400
    saved = _store().planning.add_programme(org, **fields)
    _record(org, "programme", saved["theme"])
    return redirect(url_for("archive_pages.programme", name=saved["id"]), 303)


@bp.post("/o/<org>/team/programmes/<name>/plans")
@admin.member_required("editor")
def plan_moment(org: str, name: str):
    """Plan a meeting moment in one of the organisation's programmes, for one of its kiosks to pull."""
    _checked_form()
    try:
        fields = plan_fields(request.form, _store().kiosks(org))
    except ContributionError as error:
        return programme_page(org, name, request.form, translate(error.message, error.params)), 400
    planned = _planned_or_adopted(org, name)
    _store().planning.plan_moment(planned["id"], **fields)
    _record(org, "plan", f"{planned['theme']}: {fields['name']}")
    return redirect(url_for("archive_pages.programme", name=planned["id"]), 303)


# Exchange and bundle: what a member gathers from every organisation's public outcomes

@bp.post("/team/bundles")
@admin.signed_in_required
def make_bundle():
    """Make a bundle, a public collection around a theme, on behalf of one of the member's organisations."""
    _checked_form()
    org = request.form.get("organisation", "")
    if org not in admin.editing():
        abort(403)
    try:
        fields = bundle_fields(request.form)
    except ContributionError as error:
        return _mine_again(translate(error.message, error.params))
    if _store().bundles.make(fields, org, admin.signed_in().email) is None:
        return _mine_again(translate(N_("There is a bundle called %(title)s already."), fields))
    _record(org, "bundle", fields["title"])
    return redirect(url_for("archive_bundles.bundle", key=fields["slug"]), 303)


@bp.post("/team/collect")
@admin.signed_in_required
def collect():
    """Put the cards checked on a search page into a bundle, or link them into one of the member's programmes."""
    _checked_form()
    kind, _, target = request.form.get("target", "").partition(":")
    cards, mine, who = request.form.getlist("card")[:200], admin.editing(), admin.signed_in().email
    bundle = _store().bundles.get(target) if kind == "bundle" else None
    if bundle and mine:
        org = bundle["organisation"] if bundle["organisation"] in mine else mine[0]
        added = [card for card in cards if _store().bundles.add(target, card, org, who)]
    elif kind == "programme" and target.partition("/")[0] in mine:
        org, _, name = target.partition("/")
        added = [card for card in cards if _store().bundles.link(name, card, org, who)]
    else:
        abort(403)
    _record(org, f"{kind}-add", f"{target}: {len(added)}")
    return redirect(_safe_next(request.form.get("next")), 303)


@bp.post("/team/bundles/<key>/items/<card>/remove")
@admin.signed_in_required
def remove_from_bundle(key: str, card: str):
    """Take a card out of a bundle: for the bundle's organisation, and for the one whose member put it there."""
    _checked_form()
    bundle, adder = _store().bundles.get(key), _store().bundles.adders(key).get(card)
    if bundle is None or adder is None:
        abort(404)
    if not (admin.at_least_role(bundle["organisation"], "editor") or admin.at_least_role(adder, "editor")):
        abort(403)
    _store().bundles.remove(key, card)
    _record(bundle["organisation"], "bundle-remove", f"{key}: {card}")
    return redirect(url_for("archive_bundles.bundle", key=key), 303)


@bp.get("/o/<org>/team/programmes/<name>/exploration")
@admin.member_required("editor")
def exploration(org: str, name: str) -> str:
    """The theme exploration of a programme: what already exists around its theme, and the form that adds to it."""
    return _exploration_page(org, name, {})


def _exploration_page(org: str, name: str, form, error: str | None = None, status: int = 200):
    planned = _own_programme(org, name)
    found = exploration_moment(org, planned)["event_id"]
    items = _store().views.contributions(events=[found], hidden=[org])
    return render_template("archive_exploration.html", programme=planned, items=items, form=form, error=error,
                           event=found), status


@bp.post("/o/<org>/team/programmes/<name>/exploration")
@admin.member_required("editor")
def explore(org: str, name: str):
    """Add an example or initiative the team found around the theme: text, photo, tags and web links."""
    _checked_form()
    planned = _own_programme(org, name)
    upload = request.files.get("photo")
    try:
        fields = exploration_fields(request.form)
        photo = _store().photos.add(upload.read()) if upload and upload.filename else None
    except ContributionError as error:
        return _exploration_page(org, name, request.form, translate(error.message, error.params), 400)
    card = _store().explore(org, planned, fields, photo)
    _record(org, "exploration", f"{planned['theme']}: {card['code']}")
    return redirect(url_for("archive_team.exploration", name=name), 303)
