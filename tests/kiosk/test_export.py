"""Export during the event: CSV that Excel reads, JSON with the log, a printable page; from the room and the CLI."""

import codecs
import csv
import io
import json
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from netwerkkiosk.cli import main
from tests.harness.photos import jpeg
from tests.harness.server import ROOT


def fill(room, phones):
    room.post("/api/moment", json={"theme": "Café & co", "name": "Markt", "kind": "market", "date": "2027-05-01"})
    first = phones.contribute('Één idee; met "quotes",\nen een tweede regel', kind="idea", author="Zoë",
                              tags=["groen"])
    hidden = phones.contribute("Verborgen verhaal", kind="story")
    gone = phones.contribute("Weg ermee", kind="idea")
    room.moderate(hidden["id"], "hide")
    room.moderate(gone["id"], "delete")
    return first, hidden, gone


def test_csv_opens_in_dutch_excel_with_accents_quotes_and_newlines_intact(client, room, phones):
    first, hidden, gone = fill(room, phones)
    answer = client.get("/facilitator/export.csv")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert 'filename="netwerkkiosk-2027-05-01.csv"' in answer.headers["Content-Disposition"]
    text = answer.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    assert [row["Bijdrage-id"] for row in rows] == [first["id"], hidden["id"]]  # deleted is left out
    assert rows[0]["Tekst"] == first["text"] and rows[0]["Naam"] == "Zoë" and rows[0]["Tags"] == "groen"
    assert rows[1]["Stand"] == "Verborgen"


def test_a_text_that_looks_like_a_formula_stays_text_in_excel(client, phones, room):
    for number, text in enumerate(('=HYPERLINK("http://x";"klik")', "+31 6 1234", "@SUM(A1)", "- een lijstje"), 1):
        phones.contribute(text, kind="idea")
    rows = list(csv.DictReader(io.StringIO(client.get("/facilitator/export.csv").get_data(as_text=True)[1:]),
                               delimiter=";"))
    assert [row["Tekst"] for row in rows] == ["'=HYPERLINK(\"http://x\";\"klik\")", "'+31 6 1234", "'@SUM(A1)",
                                             "'- een lijstje"]
    assert json.loads(client.get("/facilitator/export.json").get_data())["contributions"][0]["text"].startswith("=")


def test_csv_in_english_uses_commas_and_english_words(client, room, phones):
    first, hidden, _ = fill(room, phones)
    client.get("/?lang=en")
    rows = list(csv.DictReader(io.StringIO(client.get("/facilitator/export.csv").get_data(as_text=True)[1:])))
    assert [(row["Kind"], row["State"], row["Pinned"]) for row in rows] == [
        ("Idea", "On the wall", "no"), ("Story", "Hidden", "no")]


def test_the_dutch_csv_reads_back_in_a_spreadsheet_in_words_local_time_with_moment_code_and_links(client, room, phones):
    """A coordinator opens the export in Excel or LibreOffice: what a card is, when it came in the kiosk's own time
    zone, which moment, its code and what it builds on, all in Dutch."""
    room.post("/api/moment", json={"theme": "Café & co", "name": "Markt", "kind": "market", "date": "2027-05-01"})
    first = phones.contribute("Een moestuin bij de school", kind="idea")
    second = phones.contribute(f"Ja, en ook bij het buurthuis #{first['code']}", kind="initiative")
    room.moderate(second["id"], "pin")
    raw = client.get("/facilitator/export.csv").get_data()
    assert raw.startswith(codecs.BOM_UTF8)
    text = raw.decode("utf-8-sig")
    assert csv.Sniffer().sniff(text.splitlines()[0]).delimiter == ";"
    rows = list(csv.DictReader(io.StringIO(text, newline=""), dialect="excel", delimiter=";"))
    assert list(rows[0])[:6] == ["Ingestuurd op", "Code", "Soort", "Tekst", "Naam", "Tags"]
    assert [(row["Code"], row["Soort"], row["Bouwt voort op"], row["Vastgezet"], row["Stand"]) for row in rows] == [
        (first["code"], "Idee", "", "nee", "Op de wand"), (second["code"], "Initiatief", first["code"], "ja", "Op de wand")]
    assert all(row["Ontmoetingsmoment"] == "Markt" for row in rows)
    sent = datetime.fromisoformat(first["created_at"].replace("Z", "+00:00")).astimezone(ZoneInfo("Europe/Amsterdam"))
    assert rows[0]["Ingestuurd op"] == sent.strftime("%Y-%m-%d %H:%M:%S")


def test_json_has_the_moment_the_contributions_and_the_moderation_log(client, room, phones):
    first, hidden, gone = fill(room, phones)
    document = json.loads(client.get("/facilitator/export.json").get_data(as_text=True))
    assert document["moment"]["theme"] == "Café & co" and document["moment"]["kind"] == "market"
    assert [item["id"] for item in document["contributions"]] == [first["id"], hidden["id"]]
    assert [(entry["action"], entry["contribution_id"]) for entry in document["moderation_log"]] == \
        [("hide", hidden["id"]), ("delete", gone["id"])]
    assert "Weg ermee" not in json.dumps(document)


def test_the_printable_page_shows_visible_contributions_escaped_with_its_own_css(app, client, phones, room):
    first, hidden, gone = fill(room, phones)
    phones.contribute("<script>alert(1)</script>", kind="initiative")
    page = client.get("/facilitator/export.html").get_data(as_text=True)
    assert "Café &amp; co" in page and "Markt · Markt · 2027-05-01" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page
    assert "Verborgen verhaal" not in page and "Weg ermee" not in page
    assert '"sheet__title">Idee</h1>' in page and '"sheet__title">Initiatief</h1>' in page  # a sheet per kind
    styles = ROOT / "static" / "css"
    css = (styles / "exhibition.css").read_text("utf-8").replace('@import url("kinds.css");',
                                                                 (styles / "kinds.css").read_text("utf-8"))
    script = (ROOT / "static" / "js" / "exhibition.js").read_text("utf-8")
    assert f"<style>{css}</style>" in page and f"{script}</script>" in page  # inlined, so a saved file prints the same


def test_an_unknown_format_is_404(client, room):
    assert client.get("/facilitator/export.xlsx").status_code == 404


def test_the_cli_exports_a_running_kiosks_folder_without_writing(app, client, runner, tmp_path, room, phones):
    first, _, _ = fill(room, phones)
    data = tmp_path / "data"
    before = {path.name: path.stat().st_mtime_ns for path in data.iterdir()}
    result = runner.invoke(main, ["export", "--data", str(data), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["contributions"][0]["id"] == first["id"]
    out = tmp_path / "wand.html"
    assert runner.invoke(main, ["export", "--data", str(data), "--format", "html", "-o", str(out)]).exit_code == 0
    assert "Één idee" in out.read_text("utf-8")
    assert {path.name: path.stat().st_mtime_ns for path in data.iterdir()} == before


def test_the_cli_says_so_when_there_is_no_data_folder(tmp_path):
    command = Path(sys.executable).parent / "netwerkkiosk"  # the console script users run
    result = subprocess.run([str(command), "export", "--data", str(tmp_path / "none"), "--format", "csv"],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 1 and "no kiosk has run there yet" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_printable_page_carries_its_photos_inside(client, room):
    data = {"kind": "example", "text": "Met foto", "photo": (io.BytesIO(jpeg()), "p.jpg")}
    assert client.post("/api/contributions", data=data, content_type="multipart/form-data").status_code == 201
    page = client.get("/facilitator/export.html").get_data(as_text=True)
    assert 'src="data:image/jpeg;base64,' in page and "/media/" not in page


def test_the_control_rooms_print_choice_offers_the_tags_as_they_come_and_go(client, phones, room):
    """The tags are counted once per change of the room, and counted again after each."""
    phones.contribute("Een moestuin op het dak", tags="moestuin groen")
    assert "#moestuin (1)" in client.get("/facilitator").get_data(as_text=True)
    second = phones.contribute("Nog een moestuin, bij de school", tags="moestuin")
    page = client.get("/facilitator").get_data(as_text=True)
    assert "#moestuin (2)" in page and "#groen (1)" in page
    room.moderate(second["id"], "hide")
    assert "#moestuin (1)" in client.get("/facilitator").get_data(as_text=True)  # hidden, so not printed


def test_the_highlights_to_print_are_the_pinned_the_recognised_and_those_with_a_photo_then_the_rest(client, phones,
                                                                                                   room):
    """A quiet moment, with one pin, one card recognised and one photo, still fills the dozen it asks for."""
    ideas = [phones.contribute(f"Idee nummer {n}", kind="idea") for n in range(14)]
    with_photo = phones.contribute("Met foto", kind="idea", photo=jpeg())
    room.moderate(ideas[9]["id"], "pin")
    assert client.post(f"/api/contributions/{ideas[5]['id']}/reactions",
                       environ_base={"REMOTE_ADDR": "127.0.9.9"}).status_code == 200
    page = client.get("/facilitator/export.html?pick=highlights&top=12").get_data(as_text=True)
    shown = re.findall(r'<p class="card__text" data-field="text">([^<]+)</p>', page)
    rest = [f"Idee nummer {n}" for n in range(14) if n not in (5, 9)]
    assert shown == ["Idee nummer 9", "Idee nummer 5", with_photo["text"], *rest[:9]]
