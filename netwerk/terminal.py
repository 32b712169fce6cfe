"""What the commands say in the terminal: in its language, one clear line per mistake.

The terminal speaks the language of the computer it runs on (its locale: ``LANG=nl_NL.UTF-8`` is
Dutch, anything else English), whatever language the kiosk's pages speak to phones; the words come
from the same catalog the pages use.
"""

from __future__ import annotations

import gettext
import os
from functools import cache
from pathlib import Path
from typing import IO, Any

import click

from netwerk.contributions import N_
from netwerk.settings import LANGUAGES

__all__ = ["UserError", "language", "say", "say_in", "say_plural"]

_CATALOGS = Path(__file__).resolve().parent / "translations"
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")  # in the order the C library reads them


def language() -> str:
    """Return the terminal's language: the first locale variable set decides, English when it is not Dutch."""
    for name in _LOCALE_VARIABLES:
        value = os.environ.get(name, "")
        if value:
            chosen = value[:2].lower()
            return chosen if chosen in LANGUAGES else "en"
    return "en"


@cache
def _catalog(code: str) -> gettext.NullTranslations:
    return gettext.translation("messages", localedir=_CATALOGS, languages=[code], fallback=True)


def say(message: str, /, **params: Any) -> str:
    """Translate a message marked with ``N_`` into the terminal's language and fill in its parameters."""
    return say_in(language(), message, **params)


def say_in(code: str, message: str, /, **params: Any) -> str:
    """Translate a message marked with ``N_`` into language ``code``: for answers made outside a Flask app."""
    text = _catalog(code).gettext(message)
    return text % params if params else text


def say_plural(singular: str, plural: str, count: int, /, **params: Any) -> str:
    """Translate a message with a singular and a plural form; ``count`` chooses and fills ``%(num)d``.

    Call it with the two forms written out: the catalog's extraction knows ``say_plural`` as ngettext.
    """
    return _catalog(language()).ngettext(singular, plural, count) % dict(params, num=count)


class UserError(click.ClickException):
    """A mistake the user can mend: one translated line and exit 1, never a traceback."""

    def __init__(self, message: str, /, **params: Any) -> None:
        super().__init__(say(message, **params))

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(say(N_("Error: %(message)s"), message=self.format_message()), err=True, file=file)
