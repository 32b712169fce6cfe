"""Contact details: only with the consent tick, never public, only for the signed-in facilitator, gone on delete."""

import json

from kiosk import live
from kiosk.store import Store
from tests.harness.room import Room

SECRET = "fatima@example.org"


def share(client, consent=True, contact=SECRET, text="Ik wil meedoen met het repaircafé"):
    body = {"kind": "initiative", "text": text, "contact": contact}
    if consent:
        body["contact_consent"] = True
    return client.post("/api/contributions", json=body)


def test_contact_details_without_the_tick_are_refused_clearly(client):
    answer = share(client, consent=False)
    assert answer.status_code == 400 and "Vink het vakje aan" in answer.get_json()["error"]
    assert share(client, consent=False, contact="").status_code == 201  # no details, no tick needed


def test_contact_details_never_reach_anything_public(app, client, socket_client):
    socket_client.get_received(live.NAMESPACE)
    answer = share(client)
    assert answer.status_code == 201 and SECRET not in answer.get_data(as_text=True)
    public = [
        client.get("/api/contributions").get_data(as_text=True),
        client.get("/wall").get_data(as_text=True),
        client.get("/").get_data(as_text=True),
        json.dumps(socket_client.get_received(live.NAMESPACE)),
    ]
    assert not any(SECRET in text for text in public)
    Room(client)
    assert SECRET not in client.get("/facilitator/export.html").get_data(as_text=True)


def test_the_signed_in_facilitator_sees_and_exports_them(client):
    item = share(client).get_json()
    assert SECRET not in client.get("/facilitator").get_data(as_text=True)  # the PIN page
    Room(client)
    assert SECRET in client.get("/facilitator").get_data(as_text=True)
    document = json.loads(client.get("/facilitator/export.json").get_data(as_text=True))
    assert [(c["contact"], c["contribution_id"]) for c in document["contacts"]] == [(SECRET, item["id"])]
    assert document["contacts"][0]["consent_at"].endswith("Z")
    assert SECRET in client.get("/facilitator/export.csv").get_data(as_text=True)


def test_delete_on_request_erases_the_contact_for_good(app, client, tmp_path, room):
    item = share(client).get_json()
    room.moderate(item["id"], "delete")
    assert SECRET not in client.get("/facilitator").get_data(as_text=True)
    app.extensions["netwerkkiosk"].store.close()
    assert Store(tmp_path / "data").contacts() == []
    assert SECRET not in (tmp_path / "data" / "kiosk.json").read_text("utf-8")


def test_nothing_of_a_deleted_contribution_stays_in_the_files(app, client, tmp_path, room):
    item = share(client, text="Mijn geheime verhaal").get_json()
    for action in ("hide", "delete"):
        room.moderate(item["id"], action)
    app.extensions["netwerkkiosk"].store.close()
    Store(tmp_path / "data").close()  # folds the journal into the snapshot
    on_disk = "".join(path.read_text("utf-8") for path in (tmp_path / "data").glob("kiosk.*"))
    assert "Mijn geheime verhaal" not in on_disk and SECRET not in on_disk
