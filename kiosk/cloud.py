"""The word cloud: what a moment's contributions talk about, in words and two-word phrases, without filler.

Counted on the kiosk, not in the wall's browser: the wall keeps only a screenful of cards, and a cloud
of 2,000 contributions is one pass over them here. A word counts once per contribution, so one long
story cannot fill the cloud alone; tags count as ``#tag``; a phrase counts when two people use it.

The counts are kept up to date as contributions change (``CloudCounts``): counting all of them again on
every wall's request cost 447 ms at 2,000 on the kiosk's one event loop, while every phone waited.
Each change is folded in once, its earlier terms taken out and its new ones put in; the facilitator's
hidden words are left out when the cloud is read, so hiding one needs no recount.

Stop words come from stopwords-iso (Dutch and English, maintained), plus the words a day's texts
showed to be filler although no general list has them: counts, time and "go ahead" words, and the
common verbs in their everyday forms (``_VERBS``: what people do with words, not what they talk about;
a cloud at 60 contributions was a third *zie, vond, hoeft, weet, geven*).
"""

from __future__ import annotations

import heapq
import re
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
# What of a contribution the cloud counts: its text, its tags, and whether the facilitator approved it.
_Counted = tuple[str, tuple[str, ...], bool]


def cloud(items: Iterable[Mapping[str, Any]], hidden: Iterable[str] = (), most: int = _MOST) -> list[tuple[str, int]]:
    """Return the ``most`` most used words, phrases and tags of ``items`` with their counts, most used first.

    ``hidden`` are the facilitator's words to keep out; a phrase with a hidden word is kept out too.
    """
    counts: Counter[str] = Counter()
    for item in items:
        counts.update(_terms(_counted(item)))
    return _top(counts, hidden, most)


class CloudCounts(Follower):
    """The word counts of the current moment's wall, brought up to date from the store's change feed when read."""

    def __init__(self, pause: Callable[[], object] = lambda: None) -> None:
        super().__init__(pause)
        self._read: tuple[tuple[Any, ...], list[tuple[str, int]]] = ((), [])
        self._reset()

    def words(self, store: Store, event: str | None, hidden: Iterable[str], approved_only: bool,
              most: int = _MOST) -> list[tuple[str, int]]:
        """Return the cloud of moment ``event`` as ``cloud`` would count it from the store's contributions now."""
        if not self.catch_up(store, event):
            return _top(self._approved if approved_only else self._all, hidden, most)
        question = (event, self.seq, tuple(hidden), approved_only, most)
        if self._read[0] != question:
            self._read = question, _top(self._approved if approved_only else self._all, hidden, most)
        return self._read[1]

    def _reset(self) -> None:
        self._all: Counter[str] = Counter()
        self._approved: Counter[str] = Counter()

    def _keep(self, item: Mapping[str, Any]) -> _Counted:
        return _counted(item)

    def _count(self, kept: _Counted, sign: int) -> None:
        for counts in (self._all, self._approved) if kept[2] else (self._all,):
            for term in _terms(kept):
                counts[term] += sign
                if not counts[term]:
                    del counts[term]  # forget what no contribution says any more


def _counted(item: Mapping[str, Any]) -> _Counted:
    return item.get("text") or "", tuple(item.get("tags") or ()), bool(item.get("approved"))


def _terms(counted: _Counted) -> set[str]:
    """Return what one contribution adds to the cloud, each once: its words and phrases, and its tags."""
    return _words(counted[0]) | {f"#{tag}" for tag in counted[1]}


def _top(counts: Mapping[str, int], hidden: Iterable[str], most: int) -> list[tuple[str, int]]:
    """Return the ``most`` most used terms, leaving out hidden words, phrases with one, and phrases used once."""
    hidden = {word.casefold() for word in hidden}

    def shown(term: str, count: int) -> bool:
        if term.startswith("#"):
            return term[1:].casefold() not in hidden
        words = term.split(" ")
        return (len(words) == 1 or count > 1) and not hidden.intersection(words)

    return heapq.nsmallest(most, ((term, count) for term, count in counts.items() if shown(term, count)),
                           key=lambda pair: (-pair[1], pair[0]))


def _words(text: str) -> set[str]:
    """Return the words and adjacent word pairs of one text that say something, each once."""
    terms: set[str] = set()
    for sentence in _SENTENCE.split(_HASHTAG.sub(" ", text.casefold())):
        previous = None
        for word in _WORD.findall(sentence):
            word = word.strip("'’-")
            if len(word) < 3 or word in STOP_WORDS:
                previous = None  # a filler word between two words breaks the phrase
                continue
            terms.add(word)
            if previous:
                terms.add(f"{previous} {word}")
            previous = word
    return terms
