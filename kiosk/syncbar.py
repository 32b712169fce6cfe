"""What the kiosk's sync shows in the terminal: a bar of what is sent, and one line of what it did or why it stopped."""

from __future__ import annotations

from typing import Any

import click

from netwerk.contributions import N_
from netwerk.terminal import UserError, say, say_plural
from sync.progress import MESSAGES, PROGRESS, Progress, Summary, SyncError

__all__ = ["SyncBar", "stopped", "summary_line"]

def stopped(error: SyncError) -> UserError:
    """The line for a sync that stopped."""
    return UserError(MESSAGES[error.kind], **error.params)


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
        label = " ".join(say(PROGRESS[key], **progress.as_json()) for key in progress.says())
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
