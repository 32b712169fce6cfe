"""What a sync has to say, as data: where it stands (``Progress``), what it did (``Summary``) and why it stopped
(``SyncError``), with the words for each. The terminal and the control room say the same words: the terminal fills
them in here, the control room's script in the page (``Progress.says`` names them for both).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from netwerk.contributions import N_

__all__ = ["MESSAGES", "PROGRESS", "Progress", "Summary", "SyncError"]

# Where a sync stands while it runs: its phase, then a retry if one is coming (``Progress.says``).
PROGRESS: dict[str, str] = {
    "phase-contact": N_("Contacting the archive…"),
    "phase-photos": N_("Sending photos: %(photos)s to go, then %(records)s contributions…"),
    "phase-records": N_("Sending contributions: %(records)s to go…"),
    "phase-done": N_("Finishing…"),
    "retry-broken": N_("The connection broke; trying again (%(retry)s of %(attempts)s)…"),
    "retry-trouble": N_("The archive is busy; trying again (%(retry)s of %(attempts)s)…"),
    "retry-no_answer": N_("The archive does not answer (a hotspot's sign-in page or a proxy?); trying again "
                          "(%(retry)s of %(attempts)s) in %(wait)s s…"),
}

# Every way a sync can stop, in the words shown to the person who started it. Parameters are
# strings (%(name)s) so the control room can fill them in its own page, too.
MESSAGES: dict[str, str] = {
    "address": N_("The archive's address must start with http:// or https://, e.g. https://archief.example.nl "
                  "(given: %(url)s)."),
    "unknown_host": N_("The computer named in %(url)s is not known: check the address and the internet connection."),
    "unreachable": N_("No archive answers at %(url)s: check the address and that the archive is running."),
    "insecure": N_("No secure connection could be made to %(url)s: check the address, or ask the team about the "
                   "archive's certificate."),
    "not_archive": N_("There is no archive at %(url)s (it answered %(status)s): use the address the team gave you, "
                      "not the kiosk's own."),
    "token": N_("The archive does not accept this kiosk's token (wrong or revoked): ask the team for a new one."),
    "refused": N_("The archive refused the sync (%(status)s: %(reason)s): tell the team."),
    "trouble": N_("The archive kept failing (%(status)s) after %(attempts)s tries: try again later; nothing is lost "
                  "and the next sync continues where this one stopped."),
    "broken": N_("The connection to the archive kept breaking (%(attempts)s tries): try again on a steadier "
                 "connection; nothing is lost and the next sync continues where this one stopped."),
    "no_answer": N_("The archive at %(url)s accepts the connection but does not answer (%(attempts)s tries in "
                    "%(seconds)s s): is a hotspot's sign-in page or a proxy in the way? Open a web page to sign in, "
                    "or try again later; nothing is lost and the next sync continues where this one stopped."),
    "photo_missing": N_("Photo %(sha)s is missing from the kiosk's data folder: restore the folder from a backup, "
                        "or delete the contribution on request."),
    "nothing_planned": N_("No meeting moment is planned for this kiosk in the archive: the team can plan one there."),
    "failed": N_("The sync stopped: %(reason)s"),
    "no_link": N_("Give the archive's address and this kiosk's token (--archive and --token), or save them in the "
                  "control room first."),
}


class SyncError(RuntimeError):
    """The sync stopped for a reason of ``kind`` (a key of ``MESSAGES``); ``params`` fill in its message."""

    def __init__(self, kind: str, **params: Any) -> None:
        self.kind = kind
        self.params = {name: str(value) for name, value in params.items()}
        super().__init__(MESSAGES[kind] % self.params)

    def as_json(self) -> dict[str, Any]:
        """The error as the control room receives it."""
        return {"kind": self.kind, "params": self.params}


@dataclass(frozen=True)
class Progress:
    """Where a sync stands: the phase, what is left to send, and the retry it is waiting for, if any.

    ``phase`` is ``contact`` (asking for the checkpoint), ``photos``, ``records`` or ``done``;
    ``total`` is how much there was to send when sending began, so ``total - left`` is done.
    ``retry`` is the number of the next try (2 and up, of ``attempts``) while a broken connection
    (``trouble`` is ``broken``), a failing archive (``trouble``) or one that does not answer
    (``no_answer``) is tried again, ``wait`` seconds from now; 0 otherwise.
    """

    phase: str = "contact"
    records: int = 0
    photos: int = 0
    total: int = 0
    retry: int = 0
    attempts: int = 0
    trouble: str = ""
    wait: int = 0

    @property
    def left(self) -> int:
        return self.records + self.photos

    def says(self) -> list[str]:
        """The words (keys of ``PROGRESS``) that say where the sync stands: its phase, then the retry coming."""
        return [f"phase-{self.phase}", *([f"retry-{self.trouble}"] if self.retry else [])]

    def as_json(self) -> dict[str, Any]:
        """The progress as the control room receives it, with the words that say it."""
        return dict(asdict(self), says=self.says())


@dataclass
class Summary:
    """What the sync did."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    stale: int = 0
    photos: int = 0
    requests: int = 0

    def as_json(self) -> dict[str, int]:
        """The summary as the control room receives it."""
        return asdict(self)
