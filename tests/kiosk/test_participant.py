"""The participant's page, the form post and the contribution API, through Flask's test client."""

import re

from tests.harness.phones import phone_address


def post(client, phone=0, **body):
    payload = {"kind": "idea", "text": "Een repair café in de bibliotheek", **body}
    return client.post("/api/contributions", json=payload, environ_base={"REMOTE_ADDR": phone_address(phone)})


def test_the_page_asks_the_prompt_in_dutch_by_default(client):
    page = client.get("/").get_data(as_text=True)
    assert "Wat deel je?" in page and "Verhaal" in page and "Initiatief" in page
    assert 'name="idempotency_key"' in page


def test_the_language_switch_is_remembered(client):
    assert "What are you sharing?" in client.get("/?lang=en").get_data(as_text=True)
    assert "What are you sharing?" in client.get("/").get_data(as_text=True)
    assert "Wat deel je?" in client.get("/?lang=nl").get_data(as_text=True)


def test_the_api_answers_201_with_the_contribution(client):
    answer = post(client, author="Fatima", tags=["repair"])
    assert answer.status_code == 201
    item = answer.get_json()
    assert item["status"] == "visible" and item["author"] == "Fatima" and item["tags"] == ["repair"]
    assert re.fullmatch(r"[0-9a-f-]{36}", item["id"])
    assert client.get("/api/contributions").get_json()["items"] == [item]


def test_a_resent_contribution_with_the_same_key_is_stored_once(client):
    first = post(client, idempotency_key="phone-key-1").get_json()
    again = post(client, idempotency_key="phone-key-1")
    assert again.status_code == 201 and again.get_json()["id"] == first["id"]
    assert len(client.get("/api/contributions").get_json()["items"]) == 1


def test_bad_input_gets_a_clear_json_error(client):
    assert post(client, kind="poem").get_json()["error"].startswith("Kies wat je deelt")
    assert post(client, text="").status_code == 400
    assert post(client, text="x" * 2001).status_code == 400
    broken = client.post("/api/contributions", data="{not json", content_type="application/json")
    assert broken.status_code == 400 and "JSON" in broken.get_json()["error"]
    listed = client.post("/api/contributions", json=["a", "list"])
    assert listed.status_code == 400


def test_a_body_over_the_limit_gets_413_json(client):
    answer = client.post("/api/contributions", data="x" * 70_000, content_type="application/json")
    assert answer.status_code == 413 and answer.get_json()["error"]


def test_unknown_api_paths_and_methods_answer_json(client):
    assert client.get("/api/nothing").get_json()["error"]
    assert client.delete("/api/contributions").status_code == 405


def test_the_errors_follow_the_language_choice(client):
    client.get("/?lang=en")
    assert post(client, text="").get_json()["error"] == "Please write something before you send."


def test_one_fast_phone_is_slowed_down_but_the_room_is_not(client):
    answers = [post(client, phone=7, text=f"bericht {i}").status_code for i in range(6)]
    assert answers == [201] * 5 + [429]
    assert "seconden" in post(client, phone=7).get_json()["error"]
    assert all(post(client, phone=100 + i).status_code == 201 for i in range(30))


def test_clearing_the_device_cookie_does_not_lift_the_address_limit(app):
    answers = []
    for i in range(21):
        fresh = app.test_client()  # a new device cookie every time, same address
        fresh.get("/", environ_base={"REMOTE_ADDR": phone_address(9)})
        answers.append(post(fresh, phone=9, text=f"n{i}").status_code)
    assert answers.count(201) == 20 and answers[-1] == 429


def test_the_form_post_redirects_to_the_thank_you_page(client):
    answer = client.post("/contribute", data={"kind": "story", "text": "Mijn buurman deelt zijn boor", "author": ""})
    assert answer.status_code == 303 and "/thanks?id=" in answer.headers["Location"]
    thanks = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Je bijdrage staat op de wand." in thanks and "Mijn buurman deelt zijn boor" in thanks
    assert "Jouw kaart is K1. Wie erop voortbouwt, schrijft #K1 in de eigen bijdrage." in thanks  # its code, to build on


def test_a_bad_form_post_shows_the_form_again_with_the_text_kept(client):
    answer = client.post("/contribute", data={"text": "Vergeten een soort te kiezen <b>!</b>"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "Kies wat je deelt" in page
    assert "Vergeten een soort te kiezen &lt;b&gt;!&lt;/b&gt;" in page


def test_a_double_tapped_form_post_is_stored_once(client):
    form = {"kind": "story", "text": "Twee keer getikt", "idempotency_key": "form-key"}
    first = client.post("/contribute", data=form)
    second = client.post("/contribute", data=form)
    assert first.headers["Location"] == second.headers["Location"]


def test_the_phone_gets_a_device_cookie(client):
    answer = client.get("/")
    assert "nk_device=" in answer.headers["Set-Cookie"] and "HttpOnly" in answer.headers["Set-Cookie"]
