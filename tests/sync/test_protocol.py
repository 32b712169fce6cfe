"""The sync's batch format, checked on the archive's side: a pure check that returns what it checked."""

import copy
import uuid

import pytest

from netwerk.contributions import new_contribution, public_view
from netwerk.protocol import PROTOCOL_VERSION, ProtocolError, record, validate_batch


def batch_of(*records: dict) -> dict:
    return {"version": PROTOCOL_VERSION, "batch_id": "k:1-2", "kiosk_db_id": "k", "seq": 2, "records": list(records),
            "moment": {"event_id": "e", "name": "Markt"}, "moments": [{"event_id": "e", "name": "Markt"}]}


def a_record(**changes) -> dict:
    contribution = public_view(dict(new_contribution({"kind": "idea", "text": "Een moestuin op het plein"},
                                                     event_id="e", prompt_id=None), seq=1, rev=1))
    made = record(contribution)
    made["body"].update(changes)
    return made


def test_a_batch_comes_back_checked_and_the_one_given_stays_as_it_was():
    older = a_record(extra="niet in het contract")
    del older["body"]["approved"]  # a kiosk from before "approved"
    given = batch_of(older)
    before = copy.deepcopy(given)
    checked = validate_batch(given)
    assert given == before
    body = checked["records"][0]["body"]
    assert "extra" not in body and body["approved"] is False and body["rev"] == 1 and body["deleted"] is False
    assert checked["records"][0]["id"] == older["id"] and checked["moments"] == given["moments"]


@pytest.mark.parametrize("changes, field", [
    ({"kind": "poem"}, "kind"), ({"id": str(uuid.uuid4())}, "id"), ({"tags": ["x" * 200]}, "tags"),
    ({"links": [{"id": "nope", "code": "K1"}]}, "links"), ({"created_at": "gisteren"}, "created_at"),
    ({"pinned": "ja"}, "pinned"), ({"photo": "/media/../x.jpg"}, "photo"), ({"status": "weg"}, "status"),
])
def test_a_body_the_pages_could_not_show_is_refused_by_its_field(changes, field):
    with pytest.raises(ProtocolError, match=f"^{field}"):
        validate_batch(batch_of(a_record(**changes)))


@pytest.mark.parametrize("batch", [[], {"version": 99}, dict(batch_of(), seq=-1), dict(batch_of(), records={}),
                                   dict(batch_of(), moments=[{"date": "12-04-2027"}])])
def test_a_batch_that_is_not_one_is_refused(batch):
    with pytest.raises(ProtocolError):
        validate_batch(batch)
