"""The facilitator's room: sign in with the PIN, set up the moment, switch prompts, moderate.

Thin HTTP and Socket.IO around the domain; every change answers with what it changed and is
shown on the walls at once.
"""

from __future__ import annotations

from urllib.parse import urljoin

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
    session,
    url_for,
)

from kiosk import (
    archive_link,
    body,
    diskspace,
    export,
    finding,
    live,
    moderation,
    steering,
)
from kiosk.auth import (
    GUESSING,
    end_facilitator_session,
    facilitator_required,
    pin_matches,
    signed_in,
    start_session,
    warn_of_guessing,
)
from kiosk.body import change
from kiosk.context import current_kiosk
from kiosk.moment import (
    LAYOUTS,
    active_prompt,
    layout,
    line,
    set_premoderation,
)
from kiosk.pairing import LIFETIME
from kiosk.room_archive import ARCHIVE_TEXTS
from kiosk.wall import whole_number
from netwerk import selection
from netwerk.contributions import N_, ContributionError, room_view
from netwerk.csrf import masked_token
from netwerk.errors import json_error
from netwerk.i18n import with_blanks
from netwerk.qr import qr_svg

__all__ = ["bp"]

bp = Blueprint("facilitator", __name__)
_FIRST_ROWS = 25  # a screenful on a laptop, and then some: the page asks for the rest as it is scrolled
_WRONG_CODE = N_("That pairing code is not right, or no longer valid: show a new one in the control room on the "
                 "laptop.")


@bp.get("/facilitator")
def room() -> str:
    """The control room, on the laptop or a phone; the PIN page until this browser is signed in."""
    if not signed_in():
        return render_template("facilitator_signin.html")
    kiosk = current_kiosk()
    store = kiosk.store
    settings = store.settings()
    print_tags = kiosk.reads.get(("print tags",), lambda: selection.tags(export.contributions(store, True)))
    return render_template(
        "facilitator.html",
        settings=settings,
        prompt=active_prompt(settings),
        found=finding.find(store, {"limit": str(_FIRST_ROWS)}),
        moments=line(store),
        state_of=finding.state_of,
        seq=store.seq,
        contacts=export.contacts(store),
        printing={"selection": selection.chosen({}), "picks": selection.PICKS, "tops": selection.TOPS,
                  "tags": print_tags},
        archive=(archive_link.load(store.folder) or {}).get("archive", ""),
        layout=layout(settings),
        layouts=LAYOUTS,
        archive_texts={key: with_blanks(message) for key, message in ARCHIVE_TEXTS.items()},
        pin_guessing=GUESSING,
        disk=diskspace.space(store.folder),
        disk_warning=with_blanks(diskspace.LOW_WARNING),
        csrf_token=masked_token(),
        collected=moderation.collected(store),
    )


@bp.post("/api/moderation/undo")
@facilitator_required
def undo():
    """Undo this session's last show, hide, pin or unpin; 200 with the contribution, 409 if there is none."""
    try:
        item = moderation.undo(current_kiosk().store, session["facilitator"])
    except ContributionError as error:
        return json_error(error.message, error.status, error.params)
    return room_view(item)


@bp.get("/api/facilitator/contributions")
@facilitator_required
def all_contributions():
    """Every contribution changed after ``since``, pending and hidden too; a control room catches up with it."""
    since = whole_number("since")
    if since is None:
        return json_error(N_("since must be a whole number of zero or more."), 400)
    store = current_kiosk().store
    changed, seq = store.feed(since)
    event = store.settings().get("event_id")
    return {"items": [room_view(item) for item in changed if item["event_id"] == event], "seq": seq}


@bp.get("/api/room/contributions")
@facilitator_required
def find_contributions():
    """A page of contributions by ``state``, ``kind``, ``prompt`` and words ``q``, with counts per state; ``after``
    or ``before`` (the page's ``next``) asks for the following page. The waiting queue comes oldest first."""
    try:
        return finding.find(current_kiosk().store, request.args)
    except ContributionError as error:
        return json_error(error.message, error.status, error.params)


@bp.post("/api/session")
def sign_in():
    """Sign in with a pairing code or the PIN: 200 with a CSRF token and a session cookie; 401 wrong, 429 after many.

    A wrong code counts as a wrong PIN: both are guesses at what the laptop's screen shows.
    """
    guard = current_kiosk().pin_guard
    address = request.remote_addr or ""
    wait = guard.wait(address)
    if wait > 0:
        return json_error(N_("Too many wrong PINs. Please wait %(seconds)d seconds."), 429, {"seconds": int(wait) + 1})
    fields = body.fields()
    fields = fields if isinstance(fields, dict) else {}
    if "code" in fields:
        right, wrong = current_kiosk().pairing.redeem(fields["code"]), _WRONG_CODE
    else:
        right, wrong = pin_matches(fields.get("pin"), current_app.config["PIN"]), N_("That PIN is not right.")
    if not right:
        if guard.wrong(address):
            warn_of_guessing()
        return json_error(wrong, 401)
    return {"csrf_token": start_session()}


@bp.post("/api/pairing")
@facilitator_required
def pair():
    """Show a one-time code (and its QR code) with which a second device signs in, instead of with the PIN."""
    code = current_kiosk().pairing.issue()
    return {"code": code, "expires_in": LIFETIME, "qr": url_for("facilitator.pairing_qr")}


@bp.get("/facilitator/pairing.svg")
@facilitator_required
def pairing_qr() -> Response:
    """The open pairing code as a QR code, which opens the sign-in page with the code filled in.

    The code rides in the #fragment, which a browser sends to no server, so it stays out of every log.
    """
    code = current_kiosk().pairing.current()
    if code is None:
        abort(404)
    address = urljoin(current_app.config["PARTICIPANT_URL"], url_for("facilitator.room")) + "#pair=" + code
    return Response(qr_svg(address), mimetype="image/svg+xml", headers={"Cache-Control": "no-store"})


@bp.delete("/api/session")
@facilitator_required
def sign_out():
    """Sign this browser out (a phone lent to someone, the end of the day); its open control rooms close too."""
    name = session["facilitator"]
    end_facilitator_session()
    live.hang_up(name)
    return {"signed_out": True}


@bp.post("/api/contributions/<contribution_id>/moderation")
@facilitator_required
def moderate(contribution_id: str):
    """Approve, hide, pin or unpin a contribution, or put it in the spotlight (a layout, which the contract's
    moderation call also takes); 200 with the item."""
    fields = body.fields()
    action = fields.get("action") if isinstance(fields, dict) else None
    store = current_kiosk().store
    try:
        item = (steering.spotlight(store, contribution_id) if action == "spotlight"
                else moderation.moderate(store, contribution_id, action, session["facilitator"]))
    except ContributionError as error:
        return json_error(error.message, error.status, error.params)
    if item is None:
        return json_error(N_("There is no contribution with that id."), 404)
    return room_view(item)


@bp.post("/api/contributions/<contribution_id>/knots")
@facilitator_required
def knot(contribution_id: str):
    """Set a contribution's tags and links: ``{"knots": "#groen #K7"}``; 200 with the changed item."""
    fields = body.fields()
    try:
        item = moderation.knot(current_kiosk().store, contribution_id, fields if isinstance(fields, dict) else {},
                               session["facilitator"])
    except ContributionError as error:
        return json_error(error.message, error.status, error.params)
    if item is None:
        return json_error(N_("There is no contribution with that id."), 404)
    return room_view(item)


@bp.post("/api/moment")
@facilitator_required
def moment():
    """Set the programme theme and period and the moment's name, kind, place and date."""
    return change(lambda fields: steering.set_up(current_kiosk().store, fields))


@bp.post("/api/prompts")
@facilitator_required
def new_prompt():
    """Add a prompt to the list; with ``"activate": true`` the walls and phones switch to it at once."""
    return change(lambda fields: steering.add_prompt(current_kiosk().store, fields), 201)


@bp.post("/api/prompts/<prompt_id>/activate")
@facilitator_required
def switch_prompt(prompt_id: str):
    """Make a listed prompt the active one; walls and phones follow within a second."""
    return change(lambda fields: steering.switch_prompt(current_kiosk().store, prompt_id))


@bp.post("/api/layout")
@facilitator_required
def switch_layout():
    """Switch the walls' layout (grid, columns, spotlight, cloud), approved-only, and the cloud's hidden words."""
    return change(lambda fields: steering.switch_layout(current_kiosk().store, fields))


@bp.post("/api/turn")
@facilitator_required
def turn():
    """Steer the walls' turn: ``{"action": "pause" | "resume" | "next" | "previous" | "show", "id": …}`` (the
    control room, a paired phone, or keys on the wall's own laptop)."""
    kiosk = current_kiosk()
    return change(lambda fields: steering.turn_page(kiosk.presenter, kiosk.store, kiosk.counts,
                                                     fields.get("action"), fields.get("id")))


@bp.post("/api/paper")
@facilitator_required
def paper():
    """A handwritten card from the stall, typed (and perhaps photographed) by the facilitator: JSON or a form with
    ``kind``, ``text``, ``author`` and ``photo``; 201 with the card, on the wall at once, marked as on paper."""
    fields = body.fields()
    if not isinstance(fields, dict):
        return json_error(N_("Send the card as a JSON object or a form."), 400)
    try:
        return current_kiosk().intake.enter_paper(fields, body.photo()), 201
    except ContributionError as error:
        return json_error(error.message, error.status, error.params)


@bp.post("/api/collecting")
@facilitator_required
def collecting():
    """Collect, then reveal: ``{"on": true}`` keeps new contributions out of sight until the reveal."""
    return change(lambda fields: steering.collect(current_kiosk().store, fields.get("on")))


@bp.post("/api/reveal")
@facilitator_required
def reveal():
    """Reveal every collected contribution at once, and stop collecting; answers with how many."""
    kiosk = current_kiosk()
    return change(lambda fields: steering.reveal(kiosk.presenter, kiosk.store, kiosk.counts, session["facilitator"]))


@bp.post("/api/premoderation")
@facilitator_required
def premoderation():
    """Switch pre-moderation on or off: ``{"on": true}``."""
    return change(lambda fields: set_premoderation(current_kiosk().store, fields.get("on")))


@bp.post("/api/moments")
@facilitator_required
def new_moment():
    """Start a new meeting moment by hand (name, kind, place, date): the current one keeps its contributions."""
    return change(lambda fields: steering.start_moment(current_kiosk().store, fields), 201)


@live.socketio.on("connect", namespace=live.FACILITATORS)
def on_facilitator_connect(auth=None) -> bool:
    """A control room connects: only a signed-in facilitator's session may listen to pending items, until it signs
    out."""
    if not signed_in():
        return False
    live.listen_as(session["facilitator"])
    return True
