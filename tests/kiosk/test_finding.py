"""The control room finds any contribution: the waiting queue in the order it came, filters, words, pages, counts."""

import pytest

from tests.harness.day import day_texts


@pytest.fixture
def day(room, phones):
    """A day of 240 contributions: three wait for approval early on, some hidden, one pinned, one deleted."""
    room.post("/api/premoderation", json={"on": True})
    waiting = [phones.contribute(f"Wacht nog even {number}", kind="idea") for number in range(3)]
    room.post("/api/premoderation", json={"on": False})
    items = [phones.contribute(text, kind=kind) for kind, text in day_texts(236)]
    tagged = phones.contribute("Een repaircafé in de bibliotheek", kind="initiative", tags=["herstel"])
    for item in items[:5]:
        room.moderate(item["id"], "hide")
    room.moderate(items[7]["id"], "pin")
    room.moderate(items[8]["id"], "delete")
    return {"waiting": waiting, "items": items, "tagged": tagged}


def test_the_queue_comes_oldest_first_however_many_came_after(day, room):
    found = room.find(state="pending")
    assert [item["id"] for item in found["items"]] == [item["id"] for item in day["waiting"]]
    assert found["next"] is None
    counts = room.find()["counts"]
    assert counts == {"pending": 3, "visible": 237 - 5 - 1, "hidden": 5, "pinned": 1, "deleted": 1}


def test_pages_follow_each_other_without_a_gap_or_a_double(day, room):
    seen, query = [], {"state": "visible", "limit": "50"}
    while True:
        found = room.find(**query)
        seen += [item["id"] for item in found["items"]]
        if not found["next"]:
            break
        query.update(found["next"])
    assert len(seen) == len(set(seen)) == 237 - 5 - 1
    assert seen[0] == day["tagged"]["id"]  # newest first


def test_words_codes_and_tags_find_a_card(day, room):
    tagged = day["tagged"]
    for words in ("repaircafé", "REPAIRCAFÉ bibliotheek", "#herstel", "herstel", tagged["code"], "#" + tagged["code"]):
        assert tagged["id"] in [item["id"] for item in room.find(q=words)["items"]], words
    assert room.find(q="repaircafé nergens")["items"] == []
    assert room.find(q="wacht", state="pending")["counts"]["pending"] == 3


def test_state_kind_and_prompt_filters(day, room):
    assert {item["status"] for item in room.find(state="hidden")["items"]} == {"hidden"}
    assert [item["pinned"] for item in room.find(state="pinned")["items"]] == [True]
    assert [item["deleted"] for item in room.find(state="deleted")["items"]] == [True]
    assert {item["kind"] for item in room.find(kind="initiative", limit="100")["items"]} == {"initiative"}
    assert room.find(prompt="no-such-prompt")["items"] == []


def test_a_list_is_the_queue_oldest_first_then_the_rest_newest_first_page_after_page(day, room):
    seen, query = [], {"limit": "2"}
    for _ in range(4):
        found = room.find(**query)
        seen += [item["id"] for item in found["items"]]
        query = {"limit": "2", **found["next"]}
    newest = [day["tagged"], *reversed(day["items"][9:])]
    assert seen == [item["id"] for item in day["waiting"] + newest[:5]]
    assert room.find(limit="3")["next"] == {"before": int(day["tagged"]["code"][1:]) + 1}  # the queue fills it


def test_counts_alone_and_how_many_wait_in_all(day, room):
    found = room.find(limit="0", kind="story")
    assert found["items"] == [] and found["next"] is None
    assert found["waiting"] == 3 and found["counts"]["pending"] == 0  # the three waiting ones are ideas
    assert sum(room.find(limit="0")["counts"][state] for state in ("pending", "visible", "hidden", "deleted")) == 240


@pytest.mark.parametrize("query", [{"state": "gone"}, {"kind": "poem"}, {"before": "-1"}, {"limit": "x"},
                                   {"after": "9" * 20}])
def test_a_question_that_cannot_be_answered_is_a_clear_400(room, query):
    answer = room.get("/api/room/contributions", params=query)
    assert answer.status_code == 400 and answer.get_json()["error"]


def test_only_a_facilitator_finds(app):
    assert app.test_client().get("/api/room/contributions").status_code == 401


def test_a_code_finds_that_card_first_and_the_cards_that_name_it_not_longer_codes(room, phones):
    """A search for K17 once listed K17 below #K1741 and #K1728 (at 2,000): the code asked for is the first answer."""
    seventeen = None
    for number in range(1, 31):
        item = phones.contribute(f"Bijdrage nummer {number} over de buurt", kind="idea")
        seventeen = item if item["code"] == "K17" else seventeen
    builds = phones.contribute("Wat K17 zegt, met een moestuin erbij #K17", kind="idea")
    longer = [phones.contribute(f"Zoals #K{code} al zei", kind="story") for code in (1741, 1728, 170)]
    found = [item["id"] for item in room.find(q="K17")["items"]]
    assert found[0] == seventeen["id"] and builds["id"] in found
    assert not {item["id"] for item in longer} & set(found)
    assert room.find(q="#k17")["items"][0]["id"] == seventeen["id"]
