"""A full disk loses nothing and says so (issue 21): a write that does not fully land is an error, not a 201.

The store's own test runs the journal against the process's file-size limit, which cuts a write short
just as a full disk does; the journey mounts a small tmpfs, fills it to the last byte and runs the real
kiosk on it, with kill -9 while the disk is full and after it was freed.
"""

from __future__ import annotations

import contextlib
import html
import itertools
import re
import resource
import signal
from pathlib import Path

import pytest

from kiosk.store import Store
from netwerk.disk import DiskFull
from netwerk.files import write_atomically
from tests.harness.disk import fill
from tests.harness.phones import phone_session, send
from tests.harness.photos import jpeg
from tests.harness.room import Room
from tests.harness.server import KioskProcess

FULL_NL = "De schijf van de kiosk is vol, dus dit kon niet worden bewaard. Zeg het tegen de begeleider."
FULL_EN = "The kiosk's disk is full, so this could not be saved. Please tell the facilitator."
STORIES = [
    "Sinds de zomer staat er een ruilkast bij het buurthuis aan de Kastanjelaan. Wat begon met een plank vol boeken "
    "is nu een kast met gereedschap, zaden, puzzels en een map met klusjes die buren voor elkaar willen doen. Elke "
    "dinsdag ruimt mevrouw Jansen hem op en schrijft ze op een krijtbord wat er nieuw is. Kinderen uit de straat "
    "hebben er een eigen plank: zij ruilen stripboeken en knikkers. Het mooiste vind ik dat mensen elkaar bij de kast "
    "aanspreken. Zo leerde ik de buurman van drie huizen verder kennen, die nu mijn fiets repareert, en ik help zijn "
    "dochter met haar Nederlandse huiswerk. We willen er een tweede kast bij, bij de school, maar zoeken nog iemand "
    "die hout kan zagen en een plek die droog blijft in de winter.",
    "Idee: een tegelwipwedstrijd tussen de straten. Wie haalt de meeste tegels uit de voortuinen en zet er planten "
    "voor terug? De gemeente levert de planten, wij de handen, en in het najaar vieren we het met soep op het plein.",
    "Op het Marktplein staan sinds april drie bakken met kruiden die iedereen mag plukken. Niemand heeft er ooit iets "
    "uit gesloopt; wel hangen er briefjes met recepten aan. Volgend jaar willen we er tomaten bij, als iemand in de "
    "zomer water wil geven. De bakken zijn gemaakt van oude steigerplanken van de bouwplaats aan de overkant, en de "
    "aarde kwam van het composthoekje achter de bibliotheek. Wie een bak wil adopteren, kan zich melden bij de "
    "bibliotheek: er hangt een lijst bij de balie met wie wanneer water geeft, en wie een week weg is zoekt zelf een "
    "vervanger uit de straat. Zo blijft het van ons allemaal en van niemand in het bijzonder.",
    "Ons initiatief: Repair Café op elke eerste zaterdag, in de kantine van de voetbalclub. Neem kapotte spullen mee!",
]


@contextlib.contextmanager
def file_size_limit(size: int):
    """Let no file of this process grow past ``size`` bytes: writes beyond land short, then fail with EFBIG."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    ignored = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the kernel stops the process
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, ignored)


def record(text: str) -> dict:
    return {"id": text, "kind": "story", "text": text, "status": "visible", "rev": 1, "reactions": 0}


def test_a_journal_line_cut_short_is_refused_and_leaves_the_journal_whole(tmp_path: Path):
    store = Store(tmp_path)
    store.add_contribution(record("Eerst: de moestuin achter de bibliotheek."))
    journal = tmp_path / "kiosk.journal"
    before = journal.read_bytes()
    long_story = "Op zaterdag ruimen we samen het plein op en delen we zaden uit. " * 20
    with file_size_limit(len(before) + 100), pytest.raises(DiskFull):
        store.add_contribution(record(long_story), contact={"email": "buur@example.nl"})
    assert journal.read_bytes() == before  # the fragment is cut off again
    assert (len(store), store.contacts()) == (1, [])  # neither half applied in memory
    store.add_contribution(record("Daarna, met ruimte: een ruilkast in de hal."))
    store.close()
    reopened = Store(tmp_path)
    assert [c["text"] for c in reopened.changes_since(0)] == [
        "Eerst: de moestuin achter de bibliotheek.", "Daarna, met ruimte: een ruilkast in de hal."]
    reopened.close()


def test_a_file_written_whole_or_not_at_all_leaves_no_temp_file_on_a_full_disk(tmp_path: Path):
    target = tmp_path / "foto.jpg"
    target.write_bytes(b"oud")
    with file_size_limit(1000), pytest.raises(DiskFull):
        write_atomically(target, b"x" * 5000)
    assert [path.name for path in tmp_path.iterdir()] == ["foto.jpg"]
    assert target.read_bytes() == b"oud"


def test_the_control_room_keeps_its_disk_warning_hidden_while_there_is_room(client, room):
    assert re.search(r'<p [^>]*id="disk"[^>]* hidden>', client.get("/facilitator").get_data(as_text=True))




class Phones:
    """A fresh phone for every post (each its own address: the rate limits stay on), in Dutch or in English; it
    keeps what the kiosk acknowledged with a 201."""

    def __init__(self, kiosk: KioskProcess) -> None:
        self.kiosk = kiosk
        self.numbers = itertools.count()
        self.acknowledged: set[str] = set()

    def phone(self, lang: str):
        phone = phone_session(next(self.numbers))
        phone.get(f"{self.kiosk.url}/?lang={lang}", timeout=5)  # the language cookie, as the switch on the page sets
        return phone

    def post(self, text: str, photo: bytes | None = None, lang: str = "nl") -> int:
        """Post a story, check that the answer is a 201 or a 507 with the error in the phone's language."""
        answer = send(self.phone(lang), self.kiosk.url, text, photo)
        assert answer.status_code in (201, 507), answer.text
        if answer.status_code == 201:
            self.acknowledged.add(answer.json()["id"])
        else:
            assert answer.json() == {"error": FULL_NL if lang == "nl" else FULL_EN}
        return answer.status_code

    def shown(self) -> set[str]:
        """The contributions the restarted kiosk holds (every one is visible: no pre-moderation here)."""
        answer = phone_session(0).get(self.kiosk.url + "/api/contributions", timeout=5)
        return {item["id"] for item in answer.json()["items"]}


def posts_while_full(phones: Phones) -> list[int]:
    """A round of the stall while the disk is full: long and short stories, with and without a photo, both
    languages."""
    colours = itertools.cycle(["seagreen", "gold", "steelblue", "orchid"])
    return [phones.post(f"{story} ({round})", jpeg(1200, 900, next(colours)) if round % 2 else None,
                        "en" if round == 2 else "nl")
            for round in range(3) for story in STORIES]


@pytest.mark.slow  # starts the kiosk in a process of its own
def test_a_full_disk_loses_nothing_says_so_and_goes_on_once_freed(small_disk: Path, room, phones):
    kiosk = KioskProcess(small_disk).start()
    phones = Phones(kiosk)
    try:
        room = Room(kiosk.url)
        warning = re.search(r'<p [^>]*id="disk"([^>]*)>([^<]*)</p>', room.session.get(
            kiosk.url + "/facilitator?lang=nl", timeout=5).text)  # a 4 MB disk is below the threshold from the start
        assert not warning[1].endswith(" hidden") and re.match(r"De schijf van de kiosk is bijna vol: nog \d MB over. "
                                                                 r"Maak nu ruimte", warning[2])
        assert phones.post(STORIES[0]) == 201 and phones.post(STORIES[1], jpeg(1200, 900, "tomato")) == 201
        filler = fill(small_disk)

        assert 507 in posts_while_full(phones)
        assert not list(small_disk.rglob("*.tmp"))
        without_script = phones.phone("nl").post(kiosk.url + "/contribute", data={"kind": "idea", "text": STORIES[3]},
                                                 timeout=5)
        assert without_script.status_code == 507
        assert FULL_NL in html.unescape(without_script.text) and STORIES[3] in html.unescape(without_script.text)

        kiosk.kill()  # kill -9 while the disk is full
        kiosk.start()
        assert phones.shown() == phones.acknowledged
        assert 507 in posts_while_full(phones)

        filler.unlink()
        assert phones.post(STORIES[2], jpeg(1200, 900, "navy")) == 201  # no restart needed
        assert phones.post(STORIES[3]) == 201
        kiosk.kill()  # kill -9 after the disk was full and freed
        kiosk.start()
        assert phones.shown() == phones.acknowledged
        assert phones.post(STORIES[0], lang="en") == 201
        log = kiosk.log.read_text()
        assert "The kiosk's disk is almost full" in log and "delete files" in log
    finally:
        kiosk.kill()
