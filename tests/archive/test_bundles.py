"""Exchange and bundle: members of two organisations gather public cards of both into one bundle and link an example
into a programme; a card hidden or erased at its source leaves them at once; nobody gathers what is not public."""

import csv
import io
import re

import pytest
import requests

from tests.harness.phones import phone_session
from tests.harness.syncing import Kiosk
from tests.harness.team import PASSWORD, sign_in

TITLE = "Voedsel in de wijk, vijf steden"
BUNDLE = "/bundle/voedsel-in-de-wijk-vijf-steden"


class Member:
    """A team member's browser: signed in through their first-time link, posting forms with the CSRF token."""

    def __init__(self, archive, email: str, organisation: str, role: str, laptop: int) -> None:
        token = archive.store.people.add_member(email, organisation, role)
        with phone_session(laptop) as browser:
            browser.post(f"{archive.url}/team/welcome/{token}", data={"password": PASSWORD, "repeat": PASSWORD},
                         timeout=10)
        self.url, (self.session, _) = archive.url, sign_in(archive, laptop=laptop, who=email)
        self.csrf = re.search(r'name="csrf_token" value="([^"]+)"', self.get("/team").text).group(1)

    def get(self, path: str):
        return self.session.get(self.url + path, timeout=10)

    def post(self, path: str, **form):
        return self.session.post(self.url + path, data=dict(form, csrf_token=self.csrf), allow_redirects=False,
                                 timeout=10)


@pytest.fixture
def places(archive, tmp_path):
    """Two organisations, each with a synced market of three public cards and a hidden one, and an editor each."""
    archive.set_password(PASSWORD)
    archive.add_organisation("oost", name="Utrecht Oost")
    archive.add_organisation("zwolle", name="Gemeente Zwolle")
    cards, kiosks = {}, {}
    for slug, kiosk_name in (("oost", "markt-oost"), ("zwolle", "stadhuis")):
        kiosk = Kiosk(tmp_path / slug)
        kiosk.client.post("/api/moment", json={"theme": "Voedsel in de wijk", "name": f"Markt {slug}"},
                          headers={"X-CSRF-Token": kiosk.token})
        cards[slug] = [kiosk.contribute(f"{word} in {slug}", tags="voedsel") for word in ("Moestuin", "Buurtkeuken",
                                                                                          "Voedselbank")]
        cards[slug].append(kiosk.contribute(f"Verborgen in {slug}"))
        kiosk.moderate(cards[slug][-1], "hide")
        kiosk.sync(archive, archive.add_kiosk(kiosk_name, slug))
        kiosks[slug] = (kiosk, archive.store.renew_token(kiosk_name))
    anna = Member(archive, "anna@oost.nl", "oost", "editor", 21)
    bram = Member(archive, "bram@zwolle.nl", "zwolle", "editor", 22)
    return archive, cards, kiosks, anna, bram


def _texts(answer) -> list[str]:
    return re.findall(r'<p class="card__text" data-field="text">([^<]*)</p>', answer.text)


def test_two_organisations_fill_one_bundle_that_shows_each_card_with_its_origin(places):
    archive, cards, _, anna, bram = places
    assert anna.post("/team/bundles", title=TITLE, organisation="oost",
                     introduction="Wat vijf steden doen met eten in de buurt.").status_code == 303
    assert anna.post("/team/collect", target="bundle:voedsel-in-de-wijk-vijf-steden", next=BUNDLE,
                     card=[cards["oost"][0]["id"], cards["zwolle"][1]["id"]]).status_code == 303
    assert bram.post("/team/collect", target="bundle:voedsel-in-de-wijk-vijf-steden", next=BUNDLE,
                     card=[cards["zwolle"][2]["id"], cards["zwolle"][3]["id"]]).status_code == 303  # the last is hidden
    page = requests.get(archive.url + BUNDLE, timeout=10)
    assert _texts(page) == ["Moestuin in oost", "Buurtkeuken in zwolle", "Voedselbank in zwolle"]
    assert page.text.count(">Utrecht Oost</a>") == 1 and page.text.count(">Gemeente Zwolle</a>") == 2
    assert "Markt oost" in page.text and "Markt zwolle" in page.text and "Verborgen" not in page.text
    report = requests.get(archive.url + BUNDLE + "/report", timeout=10)
    exhibition = requests.get(archive.url + BUNDLE + "/exhibition", timeout=10)
    assert report.status_code == exhibition.status_code == 200 and "Voedselbank in zwolle" in exhibition.text
    rows = list(csv.DictReader(io.StringIO(requests.get(archive.url + "/export.csv?bundle=voedsel-in-de-wijk-vijf-steden",
                                                        timeout=10).content.decode("utf-8-sig")), delimiter=";"))
    assert [(row["Tekst"], row["Organisatie"]) for row in rows] == [
        ("Moestuin in oost", "oost"), ("Buurtkeuken in zwolle", "zwolle"), ("Voedselbank in zwolle", "zwolle")]
    api = requests.get(archive.url + "/api/v1/contributions?bundle=voedsel-in-de-wijk-vijf-steden", timeout=10).json()
    assert len(api["items"]) == 3
    feed = requests.get(archive.url + BUNDLE + "/feed.atom", timeout=10).text
    assert feed.count("<entry>") == 3
    assert TITLE in requests.get(archive.url + "/", timeout=10).text  # the platform shows its bundles


def test_a_card_hidden_or_erased_at_its_source_leaves_every_bundle_and_link_at_once(places):
    archive, cards, kiosks, anna, bram = places
    anna.post("/team/bundles", title=TITLE, organisation="oost")
    anna.post("/team/collect", target="bundle:voedsel-in-de-wijk-vijf-steden", next=BUNDLE,
              card=[card["id"] for card in cards["zwolle"][:3]])
    programme = "/o/oost/programme/voedsel-in-de-wijk"
    anna.post("/team/collect", target="programme:oost/voedsel-in-de-wijk", next=programme,
              card=[cards["zwolle"][0]["id"], cards["zwolle"][1]["id"]])
    shown = requests.get(archive.url + programme, timeout=10).text
    assert "Examples from elsewhere" in shown or "Voorbeelden van elders" in shown
    assert "Moestuin in zwolle" in shown and ">Gemeente Zwolle</a>" in shown
    assert "3 bijdragen" in shown  # linked, never copied: Oost's programme still counts its own three
    kiosk, token = kiosks["zwolle"]
    kiosk.moderate(cards["zwolle"][0], "hide")
    kiosk.moderate(cards["zwolle"][1], "delete")
    kiosk.sync(archive, token)
    assert _texts(requests.get(archive.url + BUNDLE, timeout=10)) == ["Voedselbank in zwolle"]
    after = requests.get(archive.url + programme, timeout=10).text
    assert "Moestuin in zwolle" not in after and "Buurtkeuken in zwolle" not in after
    assert set(archive.store.bundles.adders("voedsel-in-de-wijk-vijf-steden")) == {cards["zwolle"][2]["id"]}
    assert archive.store.bundles.linked("oost", "voedsel-in-de-wijk") == []
    kiosk.moderate(cards["zwolle"][0], "approve")  # shown again at its source: not back in a bundle by itself
    kiosk.sync(archive, token)
    assert _texts(requests.get(archive.url + BUNDLE, timeout=10)) == ["Voedselbank in zwolle"]


def test_only_public_cards_are_gathered_and_only_by_those_who_may(places):
    archive, cards, _, anna, bram = places
    anna.post("/team/bundles", title=TITLE, organisation="oost")
    assert anna.post("/team/bundles", title="Ander", organisation="zwolle").status_code == 403  # not hers
    viewer = Member(archive, "vera@oost.nl", "oost", "viewer", 23)
    assert viewer.post("/team/bundles", title="Van een kijker", organisation="oost").status_code == 403
    assert viewer.post("/team/collect", target="bundle:voedsel-in-de-wijk-vijf-steden",
                       card=[cards["oost"][0]["id"]]).status_code == 403
    assert bram.post("/team/collect", target="programme:oost/voedsel-in-de-wijk",
                     card=[cards["zwolle"][0]["id"]]).status_code == 403  # not his programme
    anna.post("/team/collect", target="bundle:voedsel-in-de-wijk-vijf-steden", next=BUNDLE,
              card=[cards["oost"][3]["id"], cards["oost"][0]["id"], "bestaat-niet"])
    assert _texts(requests.get(archive.url + BUNDLE, timeout=10)) == ["Moestuin in oost"]  # the hidden one stayed out
    path = f"/team/bundles/voedsel-in-de-wijk-vijf-steden/items/{cards['oost'][0]['id']}/remove"
    assert bram.post(path).status_code == 403  # Zwolle did not put it there, and the bundle is Oost's
    assert anna.post(path).status_code == 303
    assert _texts(requests.get(archive.url + BUNDLE, timeout=10)) == []
    record = anna.get("/o/oost/team/log").text
    assert "anna@oost.nl</td><td>bundle: Voedsel in de wijk, vijf steden" in record
