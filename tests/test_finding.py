"""The control room finds any contribution: the waiting queue in the order it came, filters, words, pages, counts."""

import pytest

from tests.day import day_texts
from tests.phones import phone_address


@pytest.fixture
def token(client):
    return client.post("/api/session", json={"pin": "123456"}).get_json()["csrf_token"]


def send(client, number, kind, text, **fields):
    answer = client.post("/api/contributions", json={"kind": kind, "text": text, **fields},
                         environ_base={"REMOTE_ADDR": phone_address(number)})
    assert answer.status_code == 201
    return answer.get_json()


def moderate(client, token, item, action):
    return client.post(f"/api/contributions/{item['id']}/moderation", json={"action": action},
                       headers={"X-CSRF-Token": token}).get_json()


def find(client, **query):
    answer = client.get("/api/room/contributions", query_string=query)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


@pytest.fixture
def day(client, token):
    """A day of 240 contributions: three wait for approval early on, some hidden, one pinned, one deleted."""
    client.post("/api/premoderation", json={"on": True}, headers={"X-CSRF-Token": token})
    waiting = [send(client, number, "idea", f"Wacht nog even {number}") for number in range(3)]
    client.post("/api/premoderation", json={"on": False}, headers={"X-CSRF-Token": token})
    items = [send(client, 10 + number, kind, text) for number, (kind, text) in enumerate(day_texts(236))]
    tagged = send(client, 300, "initiative", "Een repaircafé in de bibliotheek", tags=["herstel"])
    for item in items[:5]:
        moderate(client, token, item, "hide")
    moderate(client, token, items[7], "pin")
    moderate(client, token, items[8], "delete")
    return {"waiting": waiting, "items": items, "tagged": tagged}


def test_the_queue_comes_oldest_first_however_many_came_after(client, day):
    found = find(client, state="pending")
    assert [item["id"] for item in found["items"]] == [item["id"] for item in day["waiting"]]
    assert found["next"] is None
    counts = find(client)["counts"]
    assert counts == {"pending": 3, "visible": 237 - 5 - 1, "hidden": 5, "pinned": 1, "deleted": 1}


def test_pages_follow_each_other_without_a_gap_or_a_double(client, day):
    seen, query = [], {"state": "visible", "limit": "50"}
    while True:
        found = find(client, **query)
        seen += [item["id"] for item in found["items"]]
        if not found["next"]:
            break
        query.update(found["next"])
    assert len(seen) == len(set(seen)) == 237 - 5 - 1
    assert seen[0] == day["tagged"]["id"]  # newest first


def test_words_codes_and_tags_find_a_card(client, day):
    tagged = day["tagged"]
    for words in ("repaircafé", "REPAIRCAFÉ bibliotheek", "#herstel", "herstel", tagged["code"], "#" + tagged["code"]):
        assert tagged["id"] in [item["id"] for item in find(client, q=words)["items"]], words
    assert find(client, q="repaircafé nergens")["items"] == []
    assert find(client, q="wacht", state="pending")["counts"]["pending"] == 3


def test_state_kind_and_prompt_filters(client, day):
    assert {item["status"] for item in find(client, state="hidden")["items"]} == {"hidden"}
    assert [item["pinned"] for item in find(client, state="pinned")["items"]] == [True]
    assert [item["deleted"] for item in find(client, state="deleted")["items"]] == [True]
    assert {item["kind"] for item in find(client, kind="initiative", limit="100")["items"]} == {"initiative"}
    assert find(client, prompt="no-such-prompt")["items"] == []


def test_a_list_is_the_queue_oldest_first_then_the_rest_newest_first_page_after_page(client, day):
    seen, query = [], {"limit": "2"}
    for _ in range(4):
        found = find(client, **query)
        seen += [item["id"] for item in found["items"]]
        query = {"limit": "2", **found["next"]}
    newest = [day["tagged"], *reversed(day["items"][9:])]
    assert seen == [item["id"] for item in day["waiting"] + newest[:5]]
    assert find(client, limit="3")["next"] == {"before": int(day["tagged"]["code"][1:]) + 1}  # the queue fills it


def test_counts_alone_and_how_many_wait_in_all(client, day):
    found = find(client, limit="0", kind="story")
    assert found["items"] == [] and found["next"] is None
    assert found["waiting"] == 3 and found["counts"]["pending"] == 0  # the three waiting ones are ideas
    assert sum(find(client, limit="0")["counts"][state] for state in ("pending", "visible", "hidden", "deleted")) == 240


@pytest.mark.parametrize("query", [{"state": "gone"}, {"kind": "poem"}, {"before": "-1"}, {"limit": "x"},
                                   {"after": "9" * 20}])
def test_a_question_that_cannot_be_answered_is_a_clear_400(client, token, query):
    answer = client.get("/api/room/contributions", query_string=query)
    assert answer.status_code == 400 and answer.get_json()["error"]


def test_only_a_facilitator_finds(app):
    assert app.test_client().get("/api/room/contributions").status_code == 401
