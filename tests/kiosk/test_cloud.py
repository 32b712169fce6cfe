"""The word cloud counts words that mean something: no filler, no hidden words, tags and shared phrases."""

from kiosk.cloud import STOP_WORDS, cloud


def item(text: str, *tags: str) -> dict:
    return {"text": text, "tags": list(tags)}


def test_filler_words_of_a_market_day_never_reach_the_cloud():
    texts = ["Ik kom hier elke keer per jaar gerust mee naar de markt", "Ook dit jaar kom ik weer mee naar de markt",
             "Every year we just really like the market", "De groentetuin op het plein"]
    words = dict(cloud(item(text) for text in texts))
    for filler in ("per", "jaar", "keer", "elke", "mee", "gerust", "year", "really", "the", "ook", "weer"):
        assert filler in STOP_WORDS and filler not in words
    assert words["markt"] == 2 and words["groentetuin"] == 1


def test_common_verbs_say_nothing_the_cloud_should_show_but_the_words_around_them_do():
    texts = ["Ik zie dat de buren de tuin geven aan de school", "Ik vond het fijn, je hoeft niks te weten",
             "Ze weet dat de moestuin open is", "We saw the garden and thought it was great"]
    words = dict(cloud(item(text) for text in texts))
    for verb in ("zie", "vond", "hoeft", "weet", "weten", "geven", "saw", "thought"):
        assert verb in STOP_WORDS and verb not in words
    assert {"buren", "tuin", "school", "moestuin", "garden"} <= set(words)


def test_a_word_counts_once_a_contribution_and_a_phrase_once_two_people_use_it():
    words = dict(cloud([item("Repair café, repair café, repair café!"), item("Het repair café in de wijk", "herstel"),
                        item("Een moestuin bij school", "herstel"), item("Een moestuin")]))
    assert words["repair café"] == 2 and words["#herstel"] == 2
    assert "repair" not in words and "café" not in words  # said only in the phrase: shown in it, not once more
    assert words["moestuin"] == 2 and "moestuin bij" not in words and "moestuin school" not in words
    assert "school" in words and "bij school" not in words  # a stop word breaks a phrase


def test_spelling_variants_count_as_one_word_shown_as_most_people_wrote_it():
    texts = ["Meer fietsen in de wijk", "Een fiets voor iedereen", "De fietsen staan klaar", "Fietsen repareren",
             "Het café op de hoek", "Het cafe aan het plein", "Een huis en twee huizen", "Twee bankjes en een bankje",
             "Goede ideeën", "Een goed idee", "Initiatieven van buren", "Een initiatief"]
    words = dict(cloud(item(text) for text in texts))
    assert words["fietsen"] == 4 and "fiets" not in words  # three wrote "fietsen", one "fiets"
    assert words["cafe"] == 2 and "café" not in words  # one each: the first in the alphabet
    assert words["huis"] == 1 and "huizen" not in words  # in one contribution: counted once
    assert words["bankjes"] == 1 and "bankje" not in words  # a contribution's first spelling
    assert words["idee"] == 2 and "ideeën" not in words and words["initiatief"] == 2
    assert dict(cloud([item("Fietsen"), item("fiets")], hidden=["fiets"])) == {}  # hiding one hides its variants


def test_the_facilitators_hidden_words_stay_out_with_their_phrases_and_tags():
    words = dict(cloud([item("Fietsen repareren samen", "fietsen"), item("Fietsen repareren")], hidden=["Fietsen"]))
    assert words == {"repareren": 2}


def test_the_most_used_come_first_and_the_cloud_has_a_limit():
    words = cloud([item(" ".join(f"woord{n:03d}" for n in range(number, 100))) for number in range(100)], most=10)
    # woord099 stands in 100 texts, woord098 woord099 in 99: the word is said in the phrase, shown there
    assert len(words) == 10 and words[:3] == [("woord098 woord099", 99), ("woord097 woord098", 98),
                                              ("woord096 woord097", 97)]


def test_the_counts_kept_up_to_date_are_the_cloud_counted_anew(tmp_path):
    from kiosk.cloud import CloudCounts
    from kiosk.moment import ensure_moment, layout, start_moment
    from kiosk.rotation import on_wall
    from kiosk.store import Store
    from netwerk.contributions import new_contribution

    store, counts = Store(tmp_path), CloudCounts()
    event = ensure_moment(store)["event_id"]
    texts = ["Repair café in de wijk", "Het repair café helpt", "Samen koken voor buren", "Buren koken samen"]
    made = [store.add_contribution(new_contribution({"kind": "idea", "text": text, "tags": ["eten"]}, event_id=event,
                                                    prompt_id=None))[0] for text in texts]

    def agree(hidden=(), approved_only=False):
        settings = store.settings()
        shown = store.recent(len(store), on_wall(dict(settings, layout=dict(layout(settings),
                                                                           approved_only=approved_only))))
        assert counts.words(store, settings["event_id"], hidden, approved_only) == cloud(shown, hidden)

    agree()
    store.update_contribution(made[0]["id"], lambda item: dict(item, status="hidden"))
    store.update_contribution(made[2]["id"], lambda item: dict(item, text="Samen eten met de buren"))
    store.update_contribution(made[3]["id"], lambda item: dict(item, approved=True))
    agree()
    agree(hidden=["buren", "eten"])
    agree(approved_only=True)
    store.update_contribution(made[0]["id"], lambda item: dict(item, status="visible"))
    agree()
    start_moment(store, {"name": "Studiedag"})
    agree()
    assert counts.words(store, store.settings()["event_id"], (), False) == []


def test_a_word_said_mostly_in_a_phrase_stands_in_the_phrase_alone_and_one_said_apart_too_stays():
    texts = ["Een gepensioneerde monteur repareert", "De gepensioneerde monteur helpt", "Een gepensioneerde monteur",
             "Een gepensioneerde monteur weer", "Een gepensioneerde monteur ook", "Een gepensioneerde buurvrouw",
             "Gratis fietsen", "Gratis fietsen hier", "Gratis koffie", "Gratis soep", "Gratis brood"]
    words = dict(cloud(item(text) for text in texts))
    assert words["gepensioneerde monteur"] == 5 and "gepensioneerde" not in words and "monteur" not in words  # 5 of 6
    assert words["gratis fietsen"] == 2 and words["gratis"] == 5  # only 2 of 5 in the phrase: both stand

