"""What the commands say in the terminal: in its language, one clear line per mistake, a bar for the sync.

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

from kiosk.config import LANGUAGES
from kiosk.contributions import N_
from sync.client import MESSAGES, Progress, Summary, SyncError

__all__ = ["SyncBar", "UserError", "language", "say", "say_plural", "summary_line"]

_CATALOGS = Path(__file__).resolve().parent / "translations"
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")  # in the order the C library reads them
_PHASES = {"contact": N_("Contacting the archive"), "photos": N_("Sending photos"),
           "records": N_("Sending contributions"), "done": N_("Finishing")}
_TROUBLES = {"broken": N_("the connection broke"), "trouble": N_("the archive is busy")}


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
    text = _catalog(language()).gettext(message)
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

    @classmethod
    def of_sync(cls, error: SyncError) -> UserError:
        """The line for a sync that stopped."""
        return cls(MESSAGES[error.kind], **error.params)

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(say(N_("Error: %(message)s"), message=self.format_message()), err=True, file=file)


def summary_line(summary: Summary) -> str:
    """Say in one line what a sync did."""
    return say(N_("In the archive: %(new)s new, %(updated)s updated, %(unchanged)s unchanged, %(photos)s "
                  "(%(requests)s)."), new=summary.new, updated=summary.updated, unchanged=summary.unchanged,
               photos=say_plural("%(num)d photo sent", "%(num)d photos sent", summary.photos),
               requests=say_plural("%(num)d request", "%(num)d requests", summary.requests))


class SyncBar:
    """Show a sync's progress on standard error: a bar of what is sent, its label naming the phase and any retry.

    In a terminal the bar redraws in place; in a log (no terminal) each new label is one line.
    """

    def __init__(self) -> None:
        self._bar: Any = None

    def __call__(self, progress: Progress) -> None:
        label = say(_PHASES[progress.phase])
        if progress.retry:
            label = say(N_("%(phase)s: %(trouble)s, trying again (%(retry)s of %(attempts)s)"), phase=label,
                        trouble=say(_TROUBLES[progress.trouble]), retry=progress.retry,
                        attempts=progress.attempts)
        if self._bar is None and progress.total:
            self._bar = click.progressbar(length=progress.total, label=label, show_pos=True, show_eta=False,
                                          file=click.get_text_stream("stderr"))
        if self._bar is None:
            if progress.retry:
                click.echo(label, err=True)
            return
        self._bar.label = label
        self._bar.update(progress.total - progress.left - self._bar.pos)

    def close(self) -> None:
        """End the bar's line, so what follows starts on a line of its own."""
        if self._bar is not None:
            self._bar.render_finish()
