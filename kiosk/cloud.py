"""The word cloud: what a moment's contributions talk about, in words and two-word phrases, without filler.

Counted on the kiosk, not in the wall's browser: the wall keeps only a screenful of cards, and a cloud
of 2,000 contributions is one pass over them here. A word counts once per contribution, so one long
story cannot fill the cloud alone; tags count as ``#tag``; a phrase counts when two people use it.

Stop words come from stopwords-iso (Dutch and English, maintained), plus the words a day's texts
showed to be filler although no general list has them: counts, time and "go ahead" words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import stopwordsiso

__all__ = ["STOP_WORDS", "cloud"]

_FILLER = """
jaar jaren keer keren mee gerust per elke elk dag dagen week weken maand maanden uur tijd soms vaak
steeds weer even echt heel best gewoon zeker eigenlijk misschien allemaal iedereen niemand mensen ding dingen
beetje paar veel weinig goed leuk mooi fijn graag samen doen gaan komen zien zeggen zegt vinden vind denk
year years time times day days week weeks really just like thing things people lot
"""
STOP_WORDS = frozenset(stopwordsiso.stopwords(["nl", "en"]) | set(_FILLER.split()))
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_HASHTAG = re.compile(r"#\w[\w-]*")
_SENTENCE = re.compile(r"[.!?;:…\n]+")
_MOST = 60


def cloud(items: Iterable[Mapping[str, Any]], hidden: Iterable[str] = (), most: int = _MOST) -> list[tuple[str, int]]:
    """Return the ``most`` most used words, phrases and tags of ``items`` with their counts, most used first.

    ``hidden`` are the facilitator's words to keep out; a phrase with a hidden word is kept out too.
    """
    hidden = {word.casefold() for word in hidden}
    counts: Counter[str] = Counter()
    for item in items:
        counts.update(_terms(item.get("text") or "", hidden) | {f"#{tag}" for tag in item.get("tags") or []
                                                                 if tag.casefold() not in hidden})
    words = Counter({term: count for term, count in counts.items() if " " not in term or count > 1})
    return sorted(words.items(), key=lambda pair: (-pair[1], pair[0]))[:most]


def _terms(text: str, hidden: set[str]) -> set[str]:
    """Return the words and adjacent word pairs of one text that say something, each once."""
    terms: set[str] = set()
    for sentence in _SENTENCE.split(_HASHTAG.sub(" ", text.casefold())):
        previous = None
        for word in _WORD.findall(sentence):
            word = word.strip("'’-")
            if len(word) < 3 or word in STOP_WORDS or word in hidden:
                previous = None  # a filler word between two words breaks the phrase
                continue
            terms.add(word)
            if previous:
                terms.add(f"{previous} {word}")
            previous = word
    return terms
