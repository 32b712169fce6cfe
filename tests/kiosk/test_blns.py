"""Every naughty string comes back intact after the documented normalisation, or gets a clear 4xx."""

from html.parser import HTMLParser

import pytest
from flask import render_template

from netwerk.contributions import MAX_AUTHOR, normalise
from tests.harness.phones import phone_address


class _CardTexts(HTMLParser):
    """Collect the text of every card field as the browser would see it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self._field: str | None = None

    def handle_starttag(self, tag, attrs):
        field = dict(attrs).get("data-field")
        if field in ("text", "author"):
            self._field = field
            self.fields.append((field, ""))

    def handle_endtag(self, tag):
        self._field = None

    def handle_data(self, data):
        if self._field:
            name, text = self.fields[-1]
            self.fields[-1] = (name, text + data)


def expected(value: str, limit: int) -> str | None:
    """What the kiosk must store, or None where it must refuse."""
    kept = normalise(value)
    return kept if 0 < len(kept) <= limit else None


@pytest.mark.parametrize("field", ["text", "author"])
def test_every_naughty_string_is_kept_or_clearly_refused(app, client, store, blns, field):
    stored = {}
    for number, value in enumerate(blns):
        body = {"kind": "idea", "text": "naughty author" if field == "author" else value}
        if field == "author":
            body["author"] = value
        answer = client.post("/api/contributions", json=body, environ_base={"REMOTE_ADDR": phone_address(number)})
        want = expected(value, 2000 if field == "text" else MAX_AUTHOR)
        if field == "author" and want is None and normalise(value) == "":
            want = "<none>"  # an empty name is simply no name
        if want is None:
            assert 400 <= answer.status_code < 500 and answer.get_json()["error"]
            continue
        assert answer.status_code == 201, (value, answer.get_json())
        got = answer.get_json()[field]
        assert got == (None if want == "<none>" else want)
        stored[answer.get_json()["id"]] = got

    assert {item["id"]: item[field] for item in store.changes_since(0)} == stored
    listed = client.get("/api/contributions").get_json()["items"]
    assert {item["id"]: item[field] for item in listed} == {key: stored[key] for key in (i["id"] for i in listed)}

    # The one card partial that the wall's script clones and the archive's pages render.
    parser = _CardTexts()
    with app.test_request_context("/"):
        parser.feed("".join(render_template("_contribution.html", item=item) for item in listed))
    shown = sorted(text for name, text in parser.fields if name == field and text)
    assert shown == sorted(item[field] for item in listed if item[field])
