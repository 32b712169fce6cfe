"""The open data: the versioned JSON API, its paging and caching, and the Atom feeds, on both databases; the examples
of docs/api.md run as written; nothing hidden, pending, deleted or contact-bearing in any of it."""

import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import requests

from tests.harness.syncing import Kiosk
from tests.harness.team import PASSWORD, sign_in

API_DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def published(archive, tmp_path):
    """Utrecht Oost's programme with a moment as docs/api.md shows it, and Zwolle's moment beside it; each with a
    hidden card, one waiting for approval, one deleted on request and a consented contact."""
    archive.set_password(PASSWORD)
    archive.add_organisation("utrecht-oost", name="Buurtnetwerk Utrecht Oost", description="Samen leven in Oost.")
    archive.add_organisation("zwolle", name="Gemeente Zwolle", lang="en", licence="CC BY-SA 4.0")
    archive.store.planning.add_programme("utrecht-oost", "voedsel-in-de-wijk", "Voedsel in de wijk", "",
                                         "2027-03-01", "2027-06-30", ["voedsel"])
    for slug, kiosk_name, setup in (("utrecht-oost", "markt-oost", {"programme_id": "voedsel-in-de-wijk",
                                                                     "theme": "Voedsel in de wijk", "name": "Markt Oost"}),
                                    ("zwolle", "stadhuis", {"theme": "Groen in Zwolle", "name": "Markt Zwolle"})):
        kiosk = Kiosk(archive.data_dir.parent / slug)
        kiosk.client.post("/api/moment", json={"kind": "market", "date": "2027-04-12",
                                               "place": "Plein", **setup}, headers={"X-CSRF-Token": kiosk.token})
        kiosk.contribute("Een moestuin op het schoolplein", tags="voedsel")
        kiosk.contribute("Samen <koken> & eten op vrijdag", kind="story")
        kiosk.moderate(kiosk.contribute(f"Verborgen kaart van {slug}"), "hide")
        kiosk.moderate(kiosk.contribute(f"Gewiste kaart van {slug}"), "delete")
        kiosk.client.post("/api/contributions", json={"kind": "initiative", "text": f"Wie doet mee in {slug}?",
                                                      "contact": f"geheim@{slug}.nl", "contact_consent": True})
        kiosk.room.post("/api/premoderation", json={"on": True})
        kiosk.contribute(f"Wachtende kaart van {slug}")
        kiosk.sync(archive, archive.add_kiosk(kiosk_name, slug))
    return archive


def _examples() -> list[tuple[str, dict | None]]:
    """Every request of docs/api.md, with the answer it shows (None for a feed)."""
    blocks = re.findall(r"```(http|json)\n(.*?)```", API_DOC.read_text("utf-8"), re.S)
    found = []
    for number, (kind, body) in enumerate(blocks):
        if kind == "http":
            shown = blocks[number + 1] if number + 1 < len(blocks) and blocks[number + 1][0] == "json" else None
            found.append((body.split()[1], json.loads(shown[1]) if shown else None))
    return found


def test_every_example_of_the_api_docs_answers_as_shown(published):
    examples = _examples()
    assert len(examples) >= 7
    for path, shown in examples:
        answer = requests.get(published.url + path, timeout=10)
        assert answer.status_code == 200, path
        if shown is None:
            ElementTree.fromstring(answer.content)  # a feed: well-formed Atom
            continue
        got = answer.json()
        assert set(got) == set(shown) and got["items"], path
        assert set(got["items"][0]) == set(shown["items"][0]), path
        for name in ("organisation", "name", "kind", "text", "licence", "slug", "theme", "programme", "place"):
            if name in shown["items"][0]:
                assert got["items"][0][name] == shown["items"][0][name], (path, name)


def test_the_api_holds_only_what_the_public_pages_show_whoever_asks(published):
    team, _ = sign_in(published)
    with team:
        shown_to_the_team = team.get(published.url + "/search?organisation=zwolle", timeout=10).text
        assert "Wachtende kaart van zwolle" in shown_to_the_team and "Verborgen kaart van zwolle" in shown_to_the_team
        for reader in (requests, team):
            everything = json.dumps([reader.get(published.url + path, timeout=10).json() for path in (
                "/api/v1/organisations", "/api/v1/programmes", "/api/v1/moments", "/api/v1/contributions")])
            feeds = "".join(reader.get(published.url + path, timeout=10).text for path in (
                "/o/utrecht-oost/feed.atom", "/o/zwolle/feed.atom",
                "/o/utrecht-oost/programme/voedsel-in-de-wijk/feed.atom"))
            for secret in ("Verborgen kaart", "Gewiste kaart", "Wachtende kaart", "geheim@", "markt-oost", "stadhuis"):
                assert secret not in everything and secret not in feeds, secret
    items = requests.get(published.url + "/api/v1/contributions", timeout=10).json()["items"]
    assert {(item["organisation"], item["licence"]) for item in items} == {("utrecht-oost", "CC BY 4.0"),
                                                                           ("zwolle", "CC BY-SA 4.0")}
    assert {item["programme"] for item in items} == {"voedsel-in-de-wijk", "groen-in-zwolle"}


def test_contributions_page_by_cursor_each_once_in_order(published):
    seen, cursor = [], None
    while True:
        page = requests.get(published.url + "/api/v1/contributions", timeout=10,
                            params={"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next"]
        if cursor is None:
            break
    whole = requests.get(published.url + "/api/v1/contributions", timeout=10).json()
    assert seen == [item["id"] for item in whole["items"]] and len(seen) == 6 and whole["next"] is None
    assert requests.get(published.url + "/api/v1/contributions?cursor=K1", timeout=10).status_code == 400


def test_a_reader_asking_again_gets_304_until_the_data_changes(published, tmp_path):
    url = published.url + "/api/v1/contributions?organisation=zwolle"
    first, kept = requests.get(url, timeout=10), requests.get(url, timeout=10)  # the second from the kept copy
    assert first.headers["Access-Control-Allow-Origin"] == "*" and first.headers["ETag"].startswith('W/"')
    assert kept.headers["ETag"] == first.headers["ETag"] and kept.content == first.content
    for _ in range(2):
        again = requests.get(url, headers={"If-None-Match": first.headers["ETag"]}, timeout=10)
        assert again.status_code == 304 and again.content == b""
    since = requests.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]}, timeout=10)
    assert since.status_code == 304
    other = requests.get(published.url + "/api/v1/contributions?organisation=utrecht-oost",
                         headers={"If-None-Match": first.headers["ETag"]}, timeout=10)
    assert other.status_code == 200  # another address is another answer
    kiosk = Kiosk(tmp_path / "zwolle-2")
    kiosk.contribute("Nieuw uit Zwolle")
    kiosk.sync(published, published.add_kiosk("bieb", "zwolle"))
    changed = requests.get(url, headers={"If-None-Match": first.headers["ETag"]}, timeout=10)
    assert changed.status_code == 200 and "Nieuw uit Zwolle" in changed.text


def test_a_feed_lists_the_newest_outcomes_of_its_organisation_or_programme(published):
    feed = ElementTree.fromstring(requests.get(published.url + "/o/zwolle/feed.atom", timeout=10).content)
    assert feed.find(f"{ATOM}rights").text == "CC BY-SA 4.0" and feed.find(f"{ATOM}title").text == "Gemeente Zwolle"
    contents = [entry.find(f"{ATOM}content").text for entry in feed.findall(f"{ATOM}entry")]
    assert contents == ["Wie doet mee in zwolle?", "Samen <koken> & eten op vrijdag", "Een moestuin op het schoolplein"]
    programme = ElementTree.fromstring(requests.get(
        published.url + "/o/utrecht-oost/programme/voedsel-in-de-wijk/feed.atom", timeout=10).content)
    assert len(programme.findall(f"{ATOM}entry")) == 3
    assert [category.get("term") for category in programme.iter(f"{ATOM}category")] == ["voedsel"]
    assert requests.get(published.url + "/o/zwolle/programme/bestaat-niet/feed.atom", timeout=10).status_code == 404
