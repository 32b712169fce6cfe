"""Every message a user can see is in the Dutch catalog, and the shipped .mo matches the .po."""


from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.harness.server import ROOT

CATALOG = ROOT / "netwerk" / "translations" / "nl" / "LC_MESSAGES"


def source_messages() -> set[str | tuple[str, str]]:
    """Every message in the code and the pages; a plural one as its (singular, plural) pair."""
    methods = [*((f"{package}/**.py", "python") for package in ("netwerk", "netwerkkiosk", "kiosk", "sync", "archive")),
               ("templates/**.html", "jinja2"), ("templates/**.md", "jinja2")]
    keywords = {"N_": None, "_": None, "gettext": None, "ngettext": (1, 2), "say_plural": (1, 2)}
    found = extract_from_dir(str(ROOT), method_map=methods, keywords=keywords)
    return {message for _, _, message, _, _ in found}


def test_every_message_in_the_code_is_translated_to_dutch():
    with open(CATALOG / "messages.po", "rb") as po:
        catalog = read_po(po)
    translated = {message.id for message in catalog
                  if message.id and message.string and all(message.string if isinstance(message.string, tuple)
                                                           else [message.string])}
    messages = source_messages()
    assert any(isinstance(message, tuple) for message in messages)  # plural forms are found too
    assert messages - translated == set()


def _key(text: str | tuple | list) -> str | tuple:
    return text if isinstance(text, str) else tuple(text)  # a plural message reads back from the .mo as a list


def test_the_compiled_catalog_is_up_to_date():
    with open(CATALOG / "messages.po", "rb") as po, open(CATALOG / "messages.mo", "rb") as mo:
        source = {_key(m.id): _key(m.string) for m in read_po(po) if m.id}
        compiled = {_key(m.id): _key(m.string) for m in read_mo(mo) if m.id}
    assert compiled == source


def test_the_wall_is_called_wand_everywhere_in_dutch():
    """Participants read "wand" on the phone, the wall and the thank-you: never also "muur"."""
    with open(CATALOG / "messages.po", "rb") as po:
        texts = [message.string for message in read_po(po) if message.id]
    assert not [text for text in texts if "muur" in str(text).lower()]
