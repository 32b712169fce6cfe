"""Marking the words a search found in a card's text, escaped, so that the reader sees why it was found; and the
part of a long text around them, so that a page of results stays a page a phone scrolls through."""

from __future__ import annotations

import functools
import re
import unicodedata

from markupsafe import Markup, escape

from archive.database import search_terms

__all__ = ["EXCERPT", "excerpt", "highlight"]

_WORD = re.compile(r"[^\W_]+")
# A result shows at most this many characters of its text (about six lines on a phone); the whole is a tap away.
EXCERPT = 300
_BEFORE = 90  # of them, before the first word found


@functools.lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    # As the search compares: accents dropped, capitals ignored ("Café" is found by "cafe"). Kept per word: a
    # page of 60 long stories folds the same few hundred words over and over.
    if text.isascii():
        return text.lower()
    plain = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    return plain.casefold()


def highlight(text: str | None, words: str | None) -> Markup:
    """Return ``text`` escaped, with every word that begins with one of the searched ``words`` in ``<mark>``."""
    terms = tuple(_folded(term) for term in search_terms(words or ""))
    text = text or ""
    if not terms:
        return escape(text)
    parts, done = [], 0
    for word in _WORD.finditer(text):
        if _folded(word.group()).startswith(terms):
            parts += [escape(text[done:word.start()]), Markup("<mark>{}</mark>").format(word.group())]
            done = word.end()
    return Markup("").join([*parts, escape(text[done:])])


def excerpt(text: str | None, words: str | None) -> str:
    """Return the part of a long ``text`` around the first word that begins with one of the searched ``words`` (its
    start when none is searched or found), cut at words and marked with "…"; a short text whole."""
    text = text or ""
    if len(text) <= EXCERPT + EXCERPT // 5:
        return text
    terms = tuple(_folded(term) for term in search_terms(words or ""))
    found = next((word.start() for word in _WORD.finditer(text) if terms and _folded(word.group()).startswith(terms)),
                 0)
    start = max(0, min(found - _BEFORE, len(text) - EXCERPT))
    if start:
        start = text.find(" ", start) + 1 or start  # at a word
    end = start + EXCERPT
    end = text.rfind(" ", start, end) if end < len(text) and " " in text[start:end] else end
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")
