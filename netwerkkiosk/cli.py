"""The ``netwerkkiosk`` command: a subcommand per job, each loaded from its own program only when it runs.

Loading a command loads its program: ``netwerkkiosk archive serve`` brings up the archive and nothing of the
kiosk (its blueprints register Socket.IO handlers), and a sync started from the control room loads no archive.
As in click's own "lazily loading subcommands" pattern, the table below names where each command lives.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from netwerk.terminal import OneLine
from netwerk.version import version

__all__ = ["main"]

# Every subcommand, in the order ``--help`` lists them, and the module:name that holds it.
COMMANDS = {
    "run": "kiosk.cli:run",
    "export": "kiosk.cli:export_command",
    "sync": "kiosk.sync_commands:sync_command",
    "new-moment": "kiosk.moment_commands:new_moment",
    "moments": "kiosk.moment_commands:moments_command",
    "archive": "archive.commands:archive",
}


class _Commands(click.Group):
    """A group that imports a command's module when the command is asked for, and says a command used the wrong way
    in one line of the terminal's language (``OneLine``)."""

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except OneLine:
            raise
        except click.UsageError as error:
            raise OneLine(error) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OneLine:
            raise
        except click.UsageError as error:
            raise OneLine(error) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, name = COMMANDS[cmd_name].split(":")
        return getattr(importlib.import_module(module), name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=version(), message="%(prog)s %(version)s")
def main() -> None:
    """Netwerkkiosk: phones contribute, the wall shows it live, the team syncs it to the archive."""
