"""The wall's turn, kept by the kiosk, watched over simulated hours: every card read whole, every round.

A real kiosk (the app, its store, its intake) holds a day's contributions from phones of their own: a quarter
stories of 900–1,100 characters. The presenter runs on a clock the test moves half a second at a time; each
step the test reads what every wall shows. A card is read when it stayed on screen, on pages the kiosk says
fit it whole (the browser tests check that against Chromium), for its reading time: its length at 15
characters a second, at least 5 s.
"""

from __future__ import annotations

import pytest

from kiosk import live
from kiosk.reading import GRID, arrange, reading_seconds
from netwerk.contributions import KINDS
from tests.harness.phones import phone_address
from tests.harness.room import Room
from tests.harness.turns import Watched


@pytest.mark.parametrize("count", [6, 40, 200])
def test_every_card_is_read_whole_in_every_round_and_a_page_stays_for_its_longest_text(app, count):
    day = Watched(app, count)
    turn = day.round_seconds()
    day.watch(2 * turn + 30)
    every_round_read(day, 2)
    # A card may come a few pages earlier or later in one round than in the next (the longest first fill a page).
    longest = max(map(reading_seconds, day.items.values())) + 1
    for key in day.items:
        assert day.longest_wait(key, day.clock.now) <= turn + 3 * longest, (key, day.seen.runs[key], turn)
    print(f"\n{count} contributions: a round takes {turn / 60:.1f} min")


@pytest.mark.parametrize("count", [40, 200])
def test_a_column_per_kind_reads_every_card_whole_too_a_story_too_long_for_one_on_a_page_of_its_width(app, client, count):
    day = Watched(app, count)
    Room(client).layout(mode="columns")
    turn = day.round_seconds()
    day.watch(2 * turn + 30)
    every_round_read(day, 2)
    assert day.layouts == {KINDS, ()}  # pages in a column per kind, and pages of stories too long for a column
    print(f"\n{count} contributions in a column per kind: a round takes {turn / 60:.1f} min")


@pytest.mark.parametrize("count,every", [(6, 60), (6, 15), (40, 60), (40, 15)])
def test_with_an_arrival_every_minute_or_every_15_seconds_for_an_hour_every_round_reads_every_card(app, count, every):
    day = Watched(app, count)
    day.watch(3600, every=every)
    rounds = every_round_read(day, 3 if every == 60 else 1)  # a round is longer while arrivals are read first
    # Arrivals go first: each read whole within a few pages, however many came (the last minutes' may still wait).
    end = day.clock.now
    arrivals = [day.reads(key)[0][0] - at for key, at in day.seen.since.items() if at < end - 240]
    assert len(arrivals) == len([at for at in day.seen.since.values() if at < end - 240])
    assert max(arrivals) <= 6 * 60
    print(f"\n{count} + an arrival every {every} s: rounds of {[round((b - a) / 60, 1) for a, b in rounds]} min, "
          f"an arrival read after {max(arrivals):.0f} s at most")


def every_round_read(day: Watched, least: int) -> list[tuple[float, float]]:
    """Check that the turn went round ``least`` times at least, and that each round read every card there when it
    began; return the rounds."""
    rounds = day.rounds()
    assert len(rounds) >= least
    for start, end in rounds:
        assert day.unread_in(start, end) == [], (start, end)
    return rounds


def test_pins_stand_in_their_row_all_the_time_and_are_read_whole_in_the_turn(app, client):
    day = Watched(app, 40)
    room = Room(client)
    pins = sorted(list(day.items)[5:8])
    assert max(len(day.items[pin]["text"]) for pin in pins) > 900  # a long story among them
    for pin in pins:
        assert room.moderate(pin, "pin").status_code == 200
    turn = day.round_seconds()
    day.watch(turn + 120)
    assert day.pinned == {tuple(pins)}
    assert [key for key in day.items if not day.reads(key)] == []


def test_an_arrival_joins_a_page_that_holds_every_card_at_once(app):
    day = Watched(app, 0)
    for text in ("Groentetuin", "Buurtbus", "Repaircafé"):
        day.send({"kind": "idea", "text": text, "author": ""})
    assert len(day.state()["page"]["items"]) == 3
    day.clock.now += 2
    item = day.send({"kind": "story", "text": "Samen koken op vrijdag", "author": "Anouk"})
    region = day.state()["page"]
    assert region["whole"] and [(each["id"], each["role"]) for each in region["items"]][0] == (item["id"], "fresh")
    assert len(region["items"]) == 4


def test_the_facilitator_pauses_goes_back_and_on_and_shows_one_card_now(app, client):
    day = Watched(app, 40)
    room = Room(client)
    kiosk = app.extensions["netwerkkiosk"]

    def ids(state):
        return [item["id"] for item in state["page"]["items"]]

    def turn(action, **fields):
        answer = room.post("/api/turn", json={"action": action, **fields})
        assert answer.status_code == 200, answer.get_json()
        return answer.get_json()

    first = ids(turn("next"))
    second = ids(turn("next"))
    assert first != second and ids(turn("previous")) == first and ids(turn("next")) == second
    paused = turn("pause")
    assert paused["paused"] and paused["page"]["ends_in"] is None
    # The kiosk's own clock: a paused page stays however long its time was.
    kiosk.presenter._clock = lambda: 10_000.0
    assert ids(kiosk.presenter.state(kiosk.store, kiosk.counts)) == second
    resumed = turn("resume")
    assert not resumed["paused"] and resumed["page"]["ends_in"] > 0
    story = next(key for key, item in day.items.items() if len(item["text"]) > 900)
    shown = turn("show", id=story)
    assert ids(shown) == [story] and shown["page"]["seconds"] >= len(day.items[story]["text"]) / 15
    assert ids(turn("previous")) == second


def test_steering_the_turn_is_for_a_signed_in_facilitator_with_a_clear_error_for_a_bad_ask(app, client):
    Watched(app, 6)
    assert client.post("/api/turn", json={"action": "next"}).status_code == 401
    room = Room(client)
    for fields, status in (({"action": "jump"}, 400), ({"action": "show", "id": "nope"}, 404),
                           ({"action": "show"}, 404), ({}, 400)):
        answer = room.post("/api/turn", json=fields)
        assert answer.status_code == status and answer.get_json()["error"], (fields, answer.get_json())


def test_every_wall_hears_the_page_turn_and_a_phone_does_not(app, client):
    Watched(app, 40)
    walls = [live.socketio.test_client(app, namespace=live.NAMESPACE, auth={"wall": True}) for _ in range(2)]
    phone = live.socketio.test_client(app, namespace=live.NAMESPACE)
    for each in (*walls, phone):
        each.get_received(live.NAMESPACE)
    state = Room(client).post("/api/turn", json={"action": "next"}).get_json()
    for wall in walls:
        pages = [message["args"][0] for message in wall.get_received(live.NAMESPACE) if message["name"] == "page"]
        assert [page["page"]["page"] for page in pages] == [state["page"]["page"]]
    assert [message["name"] for message in phone.get_received(live.NAMESPACE)] == []
    late = client.get("/api/wall/now").get_json()
    assert late["page"]["page"] == state["page"]["page"]


def test_the_most_recognised_turn_through_the_top_ten_with_their_places_and_the_room_lists_them_first(app, client):
    day = Watched(app, 40)
    room = Room(client)
    keys = list(day.items)
    recognised = {keys[7]: 6, keys[2]: 4, keys[30]: 4, **{keys[n]: 1 for n in range(10, 20)}}
    phone = 500
    for key, times in recognised.items():
        for _ in range(times):
            answer = client.post(f"/api/contributions/{key}/reactions", environ_base={"REMOTE_ADDR": phone_address(phone)})
            assert answer.status_code == 200
            phone += 1
    # Most first; among equals, the first to come: the three, then seven of the ten with one.
    expected = [keys[7], keys[2], keys[30], *keys[10:17]]
    room.layout(mode="top")
    room.post("/api/turn", json={"action": "pause"})
    places: dict[str, int] = {}
    for _ in range(12):
        state = room.post("/api/turn", json={"action": "next"}).get_json()
        places.update((item["id"], item["rank"]) for item in state["page"]["items"])
    assert places == {key: place for place, key in enumerate(expected, start=1)}
    listed = room.find(order="recognised", limit="5")["items"]
    assert [item["id"] for item in listed] == expected[:5] and listed[0]["reactions"] == 6
    room.layout(mode="grid")


def test_a_long_story_stands_beside_a_stack_of_short_cards_and_a_page_holds_eight_at_most():
    story = {"text": " ".join(["buurtmoestuin"] * 70), "author": "Samira"}  # about 1,000 characters
    short = {"text": "Een bankje bij de bushalte"}
    assert arrange([story, short, short, short], GRID).columns == [[0], [1, 2, 3]]
    assert arrange([short] * 4, GRID).columns == [[0], [1], [2], [3]]  # as many columns as cards, up to four
    assert arrange([short] * 8, GRID).columns == [[0, 4], [1, 5], [2, 6], [3, 7]]
    assert arrange([short] * 9, GRID) is None
    assert arrange([{"text": "woord " * 400}], GRID) is None  # 2,400 characters: alone, and shortened by the wall
    assert reading_seconds(story) == len(story["text"]) / 15 and reading_seconds(short) == 5.0
