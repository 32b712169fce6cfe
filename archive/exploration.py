"""A programme's theme exploration: what already exists around the theme, entered by the team in the archive itself.

The method begins a programme by exploring its theme (existing examples and initiatives) before any meeting
moment. The team writes them down here: a text, a photo, tags and web links, as cards of the programme's own
moment *Themaverkenning*, shown and searched with everything the kiosks brought. They are contributions like any
other (``ArchiveStore.explore`` writes them), made by no kiosk.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from netwerk.contributions import (
    KINDS,
    MAX_TEXT,
    N_,
    ContributionError,
    parse_tags,
    text_field,
)

__all__ = ["EXPLORATION", "exploration_fields", "exploration_moment"]

EXPLORATION = "exploration"  # the kind of moment a programme's exploration is
_URL = re.compile(r"https?://[^\s<>\"']{3,300}")
_MOST_URLS = 5


def exploration_moment(organisation: str, programme: dict[str, Any]) -> dict[str, Any]:
    """The moment under which a programme's exploration is filed: one per programme, made with its first card."""
    return {"event_id": f"{EXPLORATION}:{organisation}:{programme['id']}", "kind": EXPLORATION,
            "programme_id": programme["id"], "theme": programme["theme"], "date": programme.get("start")}


def exploration_fields(form: Mapping[str, Any]) -> dict[str, Any]:
    """Read an exploration card from the team's form; raise ContributionError saying what is wrong."""
    kind = form.get("kind") or "example"
    if kind not in KINDS:
        raise ContributionError(N_("Choose a kind: story, example, idea or initiative."))
    lines = [line.strip() for line in (form.get("urls") or "").splitlines() if line.strip()]
    if len(lines) > _MOST_URLS or not all(_URL.fullmatch(line) for line in lines):
        raise ContributionError(N_("Give at most %(count)s web addresses, one a line, each beginning with https://."),
                                count=_MOST_URLS)
    return {"kind": kind, "text": text_field(form, "text", MAX_TEXT, required=True),
            "tags": parse_tags({"tags": form.get("tags") or ""}), "urls": lines}
