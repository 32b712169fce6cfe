"""Marking the words a search found in a card's text, escaped, so that the reader sees why it was found."""

from __future__ import annotations

import functools
import re
import unicodedata

from markupsafe import Markup, escape

from archive.database import search_terms

__all__ = ["highlight"]

_WORD = re.compile(r"[^\W_]+")


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
