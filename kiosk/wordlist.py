"""The local word list: words that send a contribution to the queue, with no internet service involved."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

__all__ = ["WordList"]

_DEFAULT = Path(__file__).resolve().parent / "blocked-words.txt"
_WORD = re.compile(r"\w+")


def _words(text: str) -> str:
    return " " + " ".join(_WORD.findall(text.casefold())) + " "


class WordList:
    """Words and phrases to hold back, matched as whole words whatever the capitals or punctuation."""

    def __init__(self, phrases: list[str]) -> None:
        self._phrases = [_words(phrase) for phrase in phrases if _WORD.search(phrase)]

    @classmethod
    def in_folder(cls, folder: Path, create: bool = True) -> "WordList":
        """Read the data folder's list; ``create`` copies the shipped one there first so facilitators can edit it."""
        path = Path(folder) / "blocked-words.txt"
        if not path.exists():
            if not create:
                path = _DEFAULT
            else:
                shutil.copyfile(_DEFAULT, path)
        lines = path.read_text("utf-8").splitlines()
        return cls([line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")])

    def found(self, *texts: str | None) -> list[str]:
        """Return the listed words and phrases that ``texts`` contain, as the list writes them (lower case)."""
        joined = _words(" ".join(text for text in texts if text))
        return [phrase.strip() for phrase in self._phrases if phrase in joined]
