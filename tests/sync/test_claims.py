"""Whose is what: a kiosk token that read another kiosk's public feed cannot take that kiosk's moment or
contributions from it, before or after it syncs; two kiosks bringing the same id at once each get an answer.
Real archive processes on SQLite and PostgreSQL, kiosks filled through their own apps."""

from __future__ import annotations

import secrets
import shutil
import threading
import uuid

import pytest
import requests

from netwerk.origin import made_id, new_origin, proves
from netwerk.protocol import PROTOCOL_VERSION
from sync.progress import SyncError
from tests.harness.server import GunicornArchive
from tests.harness.syncing import Kiosk, archived_moments, token_for


def post_batch(archive, token: str, batch: dict) -> requests.Response:
    return requests.post(archive.url + "/api/sync/batches", json=batch, headers={"Authorization": f"Bearer {token}"},
                         timeout=30)


def forged_from_feed(feed: list[dict], event: str, text: str, origin: str | None = None) -> dict:
    """A batch built from what any phone can read on another kiosk's wall: its ids and its moment's id."""
    records = [{"id": item["id"], "rev": item["rev"] + 5, "deleted": False, "origin": origin,
                "body": dict(item, text=text, rev=item["rev"] + 5)} for item in feed]
    own = str(uuid.uuid4())  # a card of its own, filed under the other kiosk's moment
    records.append({"id": own, "rev": 1, "deleted": False,
                    "body": dict(feed[0], id=own, rev=1, text="Ook van de indringer", code="K99")})
    return {"version": PROTOCOL_VERSION, "batch_id": f"indringer-{secrets.token_hex(4)}", "kiosk_db_id": "indringer",
            "seq": 1, "moment": {"event_id": event, "name": "Gekaapt", "origin": origin}, "records": records}


def public(archive, event: str) -> list[dict]:
    return requests.get(archive.url + "/api/contributions", params={"event": event}, timeout=5).json()["items"]


def test_ids_are_made_from_a_secret_that_only_their_kiosk_holds(tmp_path):
    identifier, secret = new_origin()
    assert proves(identifier, secret) and uuid.UUID(identifier).version == 4 and made_id(secret) == identifier
    assert not proves(identifier, secrets.token_hex(32)) and not proves(identifier, None)
    assert not proves(identifier, identifier) and not proves(identifier, secret.upper())
    kiosk = Kiosk(tmp_path / "kiosk")
    item = kiosk.contribute("Een buurtmoestuin")
    stored = kiosk.store.get_contribution(item["id"])
    assert proves(item["id"], stored["origin"]) and "origin" not in item
    settings = kiosk.store.settings()
    assert proves(settings["event_id"], settings["event_origin"])
    for path in ("/api/contributions", "/facilitator/export.json", "/api/room/contributions", "/wall", "/"):
        assert stored["origin"] not in kiosk.client.get(path).get_data(as_text=True), path
        assert settings["event_origin"] not in kiosk.client.get(path).get_data(as_text=True), path
    answer = kiosk.client.post("/api/moment", json={"name": "Markt"}, headers={"X-CSRF-Token": kiosk.token})
    assert "event_origin" not in answer.get_json() and settings["event_origin"] not in answer.get_data(as_text=True)


def test_a_kiosk_that_read_another_kiosks_feed_cannot_take_its_moment_before_it_syncs(archive, tmp_path):
    market, token, intruder_token = Kiosk(tmp_path / "markt"), token_for(archive, "markt"), token_for(archive,
                                                                                                   "indringer")
    market.client.post("/api/moment", json={"name": "Markt Zuidplein", "kind": "market"},
                       headers={"X-CSRF-Token": market.token})
    cards = [market.contribute(text) for text in ("Het echte verhaal van de markt", "Een ruilkast bij de bieb")]
    feed = market.client.get("/api/contributions").get_json()["items"]
    event = feed[0]["event_id"]
    first = post_batch(archive, intruder_token, forged_from_feed(feed, event, "Overschreven door de indringer"))
    assert first.status_code == 200  # an id nobody proved yet: as a kiosk from before proofs would send it

    summary = market.sync(archive, token)  # the rightful kiosk is never blocked
    assert summary.updated == 2
    shown = public(archive, event)
    assert sorted(item["text"] for item in shown) == sorted(card["text"] for card in cards)
    assert {item["kiosk"] for item in shown} == {"markt"}
    [moment] = [moment for moment in archived_moments(archive) if moment["event_id"] == event]
    assert (moment["name"], moment["kiosk"]) == ("Markt Zuidplein", "markt") and "origin" not in moment

    again = post_batch(archive, intruder_token, forged_from_feed(feed, event, "Nog een keer"))
    assert again.status_code == 403 and again.json()["foreign"]
    guessed = post_batch(archive, intruder_token, forged_from_feed(feed, event, "Met een verzonnen bewijs",
                                                                   origin=secrets.token_hex(32)))
    assert guessed.status_code == 403
    assert market.sync(archive, token).requests == 1  # nothing left to send
    assert sorted(item["text"] for item in public(archive, event)) == sorted(card["text"] for card in cards)


def test_a_proven_claim_is_final_even_for_a_copy_of_the_kiosks_folder(archive, tmp_path):
    market = Kiosk(tmp_path / "markt")
    item = market.contribute("Het echte verhaal van de markt")
    market.sync(archive, token_for(archive, "markt"))
    market.store.close()
    shutil.copytree(tmp_path / "markt", tmp_path / "kopie")
    copy = Kiosk(tmp_path / "kopie")  # another laptop with the same secrets, and another kiosk's token
    with pytest.raises(SyncError) as refused:
        copy.sync(archive, token_for(archive, "tweede"))
    assert refused.value.params["status"] == "403"
    assert [card["text"] for card in public(archive, item["event_id"])] == ["Het echte verhaal van de markt"]


@pytest.fixture
def hosted(tmp_path, database):
    """The archive as a team hosts it: gunicorn with two workers, on either database."""
    server = GunicornArchive(tmp_path / "archive", workers=2, database=database).start()
    yield server
    server.stop()


def test_two_kiosks_bringing_the_same_new_id_at_once_each_get_an_answer(hosted):
    archive = hosted
    tokens = [token_for(archive, "eerste"), token_for(archive, "tweede")]
    for round_number in range(30):
        key = str(uuid.uuid4())
        body = {"id": key, "kind": "idea", "text": "Tegelijk", "author": None, "photo": None, "prompt_id": None,
                "event_id": f"moment-{round_number}", "created_at": "2026-12-01T10:00:00.000Z", "status": "visible",
                "pinned": False, "reactions": 0, "tags": [], "rev": 1, "deleted": False, "approved": False,
                "code": "K1", "links": []}
        start, answers = threading.Barrier(2), {}

        def bring(token: str) -> None:
            batch = {"version": PROTOCOL_VERSION, "batch_id": f"{token[:6]}-{round_number}", "kiosk_db_id": token[:8],
                     "seq": round_number + 1, "moment": {}, "records": [{"id": key, "rev": 1, "deleted": False,
                                                                          "body": body}]}
            start.wait()
            answers[token] = post_batch(archive, token, batch).status_code

        threads = [threading.Thread(target=bring, args=(token,)) for token in tokens]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(answers.values()) == [200, 403], (round_number, answers)
