"""The domain's rules: what is accepted, how it is normalised, what the public sees."""

import pytest

from netwerk.contributions import (
    MAX_TEXT,
    ContributionError,
    is_visible,
    new_contribution,
    normalise,
    public_view,
)


def make(**fields):
    return new_contribution({"kind": "idea", "text": "Een moestuin op elk schoolplein", **fields}, event_id="e1",
                            prompt_id="p1")


def test_normalise_composes_drops_controls_keeps_newlines_and_trims():
    assert normalise("  e\u0301\tcole\x00\r\nregel twee \x1b[31m ") == "\u00e9cole\nregel twee [31m"


def test_new_contribution_has_the_contract_fields():
    record = make(author=" An ", tags=["#groen", "groen", "buurt"])
    assert record["kind"] == "idea" and record["author"] == "An" and record["tags"] == ["groen", "buurt"]
    assert record["status"] == "visible" and record["rev"] == 1 and record["photo"] is None
    assert record["created_at"].endswith("Z") and record["event_id"] == "e1" and record["prompt_id"] == "p1"


@pytest.mark.parametrize("fields, message", [
    ({"kind": "poem"}, "Choose what you are sharing"),
    ({"text": " \n\t "}, "Please write something"),
    ({"text": "x" * (MAX_TEXT + 1)}, "too long"),
    ({"text": 42}, "must be text"),
    ({"author": ["a"]}, "must be text"),
    ({"text": "half a surrogate \ud800"}, "not valid Unicode"),
    ({"tags": {"a": 1}}, "list of words"),
    ({"tags": [f"t{i}" for i in range(11)]}, "At most 10 tags"),
])
def test_bad_input_is_refused_with_a_clear_message(fields, message):
    with pytest.raises(ContributionError) as caught:
        make(**fields)
    assert message in str(caught.value)
    assert caught.value.status == 400


def test_text_that_looks_like_html_is_kept_as_written():
    text = "<script>alert('x')</script> {{ 7*7 }} <b>vet</b>"
    assert make(text=text)["text"] == text


def test_public_view_never_shows_the_idempotency_key_or_contact():
    record = dict(make(), seq=3, idempotency_key="secret", contact="an@example.org")
    view = public_view(record)
    assert "idempotency_key" not in view and "contact" not in view
    assert view["seq"] == 3 and view["text"] == record["text"]


def test_only_visible_and_undeleted_contributions_are_public():
    assert is_visible(make())
    assert not is_visible(dict(make(), status="hidden"))
    assert not is_visible(dict(make(), deleted=True))
