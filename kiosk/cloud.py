"""The word cloud: what a moment's contributions talk about, in words and two-word phrases, without filler.

Counted on the kiosk, not in the wall's browser: the wall keeps only a screenful of cards, and a cloud
of 2,000 contributions is one pass over them here. A word counts once per contribution, so one long
story cannot fill the cloud alone; tags count as ``#tag``; a phrase counts when two people use it, and a word
said mostly in a phrase the cloud shows stands only there (*gepensioneerde monteur*, not *gepensioneerde* beside it).

The counts are kept up to date as contributions change (``CloudCounts``): counting all of them again on
every wall's request cost 447 ms at 2,000 on the kiosk's one event loop, while every phone waited.
Each change is folded in once, its earlier terms taken out and its new ones put in; the facilitator's
hidden words are left out when the cloud is read, so hiding one needs no recount.

Spelling variants count as one word, shown as most people wrote it: with or without accents (*café*, *cafe*),
singular and plural (*fiets*, *fietsen*; *huis*, *huizen*; *idee*, *ideeën*), a diminutive (*bankje*). The rules
(``_variant``) only strip an ending; a word they get wrong still shows as written, it only shares its count with a
word of the same root.

Stop words come from stopwords-iso (Dutch and English, maintained), plus the words a day's texts
showed to be filler although no general list has them: counts, time and "go ahead" words, and the
common verbs in their everyday forms (``_VERBS``: what people do with words, not what they talk about;
a cloud at 60 contributions was a third *zie, vond, hoeft, weet, geven*).
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import stopwordsiso

from kiosk.follow import Follower
from kiosk.store import Store

__all__ = ["STOP_WORDS", "CloudCounts", "cloud"]

_FILLER = """
jaar jaren keer keren mee gerust per elke elk dag dagen week weken maand maanden uur tijd soms vaak
steeds weer even echt heel best gewoon zeker eigenlijk misschien allemaal iedereen niemand mensen ding dingen
beetje paar veel weinig goed leuk mooi fijn graag samen doen gaan komen zien zeggen zegt vinden vind denk
year years time times day days week weeks really just like thing things people lot
"""
_VERBS = """
heb hebt heeft hadden ben bent zijn waren word wordt werd werden kan kunt kunnen kon konden moet moeten moest
moesten wil wilt willen wilde wilden zal zult zullen zou zouden mag mogen mocht hoef hoeft hoeven hoefde weet weten
wist wisten zie ziet zien zag zagen vind vindt vond vonden geef geeft geven gaf gaven krijg krijgt krijgen kreeg
kregen maak maakt maken maakte maakten laat laten liet lieten sta staat staan stond stonden ga gaat ging gingen
kom komt kwam kwamen zeg zei zeiden denkt denken dacht dachten doe doet deed deden hoor hoort horen hoorde kijk kijkt
kijken keek houd houdt houden hield blijf blijft blijven bleef lijkt lijken leek merk merkt merken merkte
get gets got make makes made see sees saw seen know knows knew think thinks thought want wants wanted give gives
gave take takes took come comes came goes went say says said
"""
STOP_WORDS = frozenset(stopwordsiso.stopwords(["nl", "en"]) | set(_FILLER.split()) | set(_VERBS.split()))
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_HASHTAG = re.compile(r"#\w[\w-]*")
_SENTENCE = re.compile(r"[.!?;:…\n]+")
_MOST = 60
_VOWELS = frozenset("aeiouy")
# What of a contribution the cloud counts: its text, its tags, and whether the facilitator approved it.
_Counted = tuple[str, tuple[str, ...], bool]


class _Tally:
    """How many contributions use each term (a word, a phrase or a tag, by its variants' shared spelling), and how
    they wrote it."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.forms: dict[str, Counter[str]] = {}

    def add(self, terms: Mapping[str, str], sign: int = 1) -> None:
        for term, written in terms.items():
            self.counts[term] += sign
            forms = self.forms.setdefault(term, Counter())
            forms[written] += sign
            if not forms[written]:
                del forms[written]
            if not self.counts[term]:
                del self.counts[term], self.forms[term]  # forget what no contribution says any more

    def top(self, hidden: Iterable[str], most: int) -> list[tuple[str, int]]:
        """The ``most`` most used terms as most people wrote them, leaving out hidden words, phrases with one,
        phrases used once, and a word said mostly in a phrase that is shown."""
        hidden = {_variant(word.casefold()) for word in hidden}

        def shown(term: str, count: int) -> bool:
            if term.startswith("#"):
                return term[1:] not in hidden
            words = term.split(" ")
            return (len(words) == 1 or count > 1) and not hidden.intersection(words)

        candidates = ((term, count) for term, count in self.counts.items() if shown(term, count))
        ranked = heapq.nsmallest(2 * most, candidates, key=lambda pair: (-pair[1], self._written(pair[0])))
        return [(self._written(term), count) for term, count in _without_echoes(ranked, most)]

    def _written(self, term: str) -> str:
        return min(self.forms[term].items(), key=lambda pair: (-pair[1], pair[0]))[0]


def _without_echoes(ranked: list[tuple[str, int]], most: int) -> list[tuple[str, int]]:
    """Take the first ``most`` of ``ranked``, leaving out a word when a phrase with it is taken and holds at least
    four in five of its uses: *gepensioneerde* beside *gepensioneerde monteur* reads as a stutter from the back."""
    taken: dict[str, int] = {}
    in_phrases: Counter[str] = Counter()  # a word's most uses in one phrase taken
    for term, count in ranked:
        if len(taken) == most:
            break
        words = term.split(" ")
        if len(words) == 1:
            if 4 * count <= 5 * in_phrases[term]:
                continue
        else:
            for word in words:
                in_phrases[word] = max(in_phrases[word], count)
                if word in taken and 4 * taken[word] <= 5 * count:
                    del taken[word]
        taken[term] = count
    return list(taken.items())


def cloud(items: Iterable[Mapping[str, Any]], hidden: Iterable[str] = (), most: int = _MOST) -> list[tuple[str, int]]:
    """Return the ``most`` most used words, phrases and tags of ``items`` with their counts, most used first.

    ``hidden`` are the facilitator's words to keep out; a phrase with a hidden word is kept out too.
    """
    tally = _Tally()
    for item in items:
        tally.add(_terms(_counted(item)))
    return tally.top(hidden, most)


class CloudCounts(Follower):
    """The word counts of the current moment's wall, brought up to date from the store's change feed when read."""

    def __init__(self, pause: Callable[[], object] = lambda: None) -> None:
        super().__init__(pause)
        self._read: tuple[tuple[Any, ...], list[tuple[str, int]]] = ((), [])
        self._reset()

    def words(self, store: Store, event: str | None, hidden: Iterable[str], approved_only: bool,
              most: int = _MOST) -> list[tuple[str, int]]:
        """Return the cloud of moment ``event`` as ``cloud`` would count it from the store's contributions now."""
        caught_up = self.catch_up(store, event)
        tally = self._approved if approved_only else self._all  # after catching up: a new moment counts anew
        if not caught_up:
            return tally.top(hidden, most)
        question = (event, self.seq, tuple(hidden), approved_only, most)
        if self._read[0] != question:
            self._read = question, tally.top(hidden, most)
        return self._read[1]

    def _reset(self) -> None:
        self._all = _Tally()
        self._approved = _Tally()

    def _keep(self, item: Mapping[str, Any]) -> _Counted:
        return _counted(item)

    def _count(self, kept: _Counted, sign: int) -> None:
        for tally in (self._all, self._approved) if kept[2] else (self._all,):
            tally.add(_terms(kept), sign)


def _counted(item: Mapping[str, Any]) -> _Counted:
    return item.get("text") or "", tuple(item.get("tags") or ()), bool(item.get("approved"))


def _terms(counted: _Counted) -> dict[str, str]:
    """Return what one contribution adds to the cloud, each once: its words and phrases, and its tags, by their
    variants' shared spelling, with how it wrote them."""
    terms = _words(counted[0])
    terms.update((f"#{_variant(tag.casefold())}", f"#{tag}") for tag in counted[1])
    return terms


def _words(text: str) -> dict[str, str]:
    """Return the words and adjacent word pairs of one text that say something, each once."""
    terms: dict[str, str] = {}
    for sentence in _SENTENCE.split(_HASHTAG.sub(" ", text.casefold())):
        previous = None
        for word in _WORD.findall(sentence):
            word = word.strip("'’-")
            if len(word) < 3 or word in STOP_WORDS:
                previous = None  # a filler word between two words breaks the phrase
                continue
            terms.setdefault(_variant(word), word)
            if previous:
                terms.setdefault(f"{_variant(previous)} {_variant(word)}", f"{previous} {word}")
            previous = word
    return terms


def _variant(word: str) -> str:
    """The spelling a word's variants share: without accents, and without a plural's or a diminutive's ending."""
    plain = "".join(char for char in unicodedata.normalize("NFKD", word) if not unicodedata.combining(char))
    if plain.endswith(("'s", "’s")):                    # auto's, menu's
        return plain[:-2]
    if plain.endswith("jes"):                          # bankjes: as bankje
        plain = plain[:-1]
    if plain.endswith("je") and len(plain) > 4:         # bankje: as bank
        return plain[:-2]
    if plain.endswith("en") and len(plain) > 5:         # fietsen, huizen, mannen, initiatieven, ideeen
        root = plain[:-2]
        if root[-1] == root[-2] and root[-1] not in _VOWELS:
            root = root[:-1]
        return root[:-1] + {"z": "s", "v": "f"}.get(root[-1], root[-1])
    if plain.endswith("s") and len(plain) > 4 and plain[-2] in "elnr":  # tafels, jongens, cafes, gardens
        return plain[:-1]
    return plain
