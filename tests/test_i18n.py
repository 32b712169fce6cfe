"""Every message a user can see is in the Dutch catalog, and the shipped .mo matches the .po."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "kiosk" / "translations" / "nl" / "LC_MESSAGES"


def source_messages() -> set[str]:
    methods = [("kiosk/**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {"N_": None, "_": None, "gettext": None}
    found = extract_from_dir(str(ROOT), method_map=methods, keywords=keywords)
    return {message for _, _, message, _, _ in found if isinstance(message, str)}


def test_every_message_in_the_code_is_translated_to_dutch():
    with open(CATALOG / "messages.po", "rb") as po:
        catalog = read_po(po)
    translated = {message.id for message in catalog if message.id and message.string}
    assert source_messages() - translated == set()


def test_the_compiled_catalog_is_up_to_date():
    with open(CATALOG / "messages.po", "rb") as po, open(CATALOG / "messages.mo", "rb") as mo:
        source = {m.id: m.string for m in read_po(po) if m.id}
        compiled = {m.id: m.string for m in read_mo(mo) if m.id}
    assert compiled == source
