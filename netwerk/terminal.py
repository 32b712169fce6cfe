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

__all__ = ["OneLine", "UserError", "language", "say", "say_in", "say_plural"]

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


class OneLine(click.UsageError):
    """A command used the wrong way (an unknown option, a value it does not take, one missing): one line in the
    terminal's language that says what to give instead, where click prints its usage and an English error."""

    def __init__(self, error: click.UsageError) -> None:
        super().__init__(_usage_line(error), error.ctx)

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(say(N_("Error: %(message)s"), message=self.format_message()), err=True, file=file)


def _usage_line(error: click.UsageError) -> str:
    command = error.ctx.command_path if error.ctx else "netwerkkiosk"
    param = getattr(error, "param", None)
    if isinstance(error, click.NoSuchOption):
        return say(N_("there is no option %(option)s: see '%(command)s --help'"), option=error.option_name,
                   command=command)
    if param is None:
        return say(N_("that is not how '%(command)s' is used: see '%(command)s --help'"), command=command)
    name = param.opts[0] if isinstance(param, click.Option) else param.human_readable_name.upper()
    if isinstance(error, click.MissingParameter):
        return say(N_("%(option)s is missing: %(wanted)s"), option=name, wanted=_wanted(param, command))
    return say(N_("%(option)s: %(wanted)s"), option=name, wanted=_wanted(param, command))


def _wanted(param: click.Parameter, command: str) -> str:
    """Say what a parameter takes."""
    kind = param.type
    if isinstance(kind, click.Choice):
        choices = [str(choice) for choice in kind.choices]
        return say(N_("give %(choices)s"), choices=say(N_("%(some)s or %(last)s"), some=", ".join(choices[:-1]),
                                                           last=choices[-1]) if len(choices) > 1 else choices[0])
    if isinstance(kind, click.IntRange) and kind.min is not None and kind.max is not None:
        return say(N_("give a whole number from %(low)s to %(high)s"), low=kind.min, high=kind.max)
    if isinstance(kind, click.types.IntParamType):
        return say(N_("give a whole number"))
    if isinstance(kind, click.Path) and not kind.file_okay:
        return say(N_("give a folder, not a file"))
    if isinstance(kind, click.Path) and not kind.dir_okay:
        return say(N_("give a file, not a folder"))
    return say(N_("see '%(command)s --help'"), command=command)
