"""Make the archive fixture of release 0.2.0: run from a checkout of 0.2.0 (``git worktree add /tmp/old v0.2.0``):

    cd /tmp/old && python <this file> <folder> [postgresql://…]

It fills an archive as a team did with that release (the admin password, a programme with a planned
moment, one kiosk's synced contributions: shown, hidden, with a photo, with a contact, moderated) and
writes what a test checks after an upgrade to ``expected.json``. With a PostgreSQL address it fills
that database instead of the SQLite file; ``pg_dump --no-owner --no-privileges`` then keeps it as SQL.
"""

import json
import sys
from pathlib import Path

from archive import admin
from tests.harness.photos import jpeg
from tests.harness.server import ArchiveHere
from tests.harness.syncing import Kiosk

folder = Path(sys.argv[1])
archive = ArchiveHere(folder / "archive", database=sys.argv[2] if len(sys.argv) > 2 else None).start()
admin.set_password(archive.store, "lange zin voor het team")
token = archive.add_kiosk("markt")
archive.store.planning.add_programme("samen-wonen", "Samen wonen", "Wonen en zorg in de wijk.", "2026-01-01",
                                     "2026-12-31", ["wonen"])
plan = archive.store.planning.plan_moment("samen-wonen", "Markt Oost", "market", "2026-05-30", "Plein", "markt")
kiosk = Kiosk(folder / "kiosk")
kiosk.client.post("/api/moment", json={"theme": "Samen wonen", "name": "Markt Oost", "programme_id": "samen-wonen",
                                       "planned_id": plan["id"]}, headers={"X-CSRF-Token": kiosk.token})
shown = [kiosk.contribute(f"Idee {number} voor samen wonen in de wijk", tags="wonen") for number in range(5)]
kiosk.contribute("Een bankje met uitzicht", photo=jpeg())
hidden = kiosk.contribute("Dit hoort niet op de muur")
kiosk.moderate(hidden, "hide")
kiosk.moderate(shown[0], "pin")
kiosk.client.post("/api/contributions", json={"kind": "initiative", "text": "Wie bouwt mee aan de bank?",
                                             "contact": "an@example.org", "contact_consent": True})
kiosk.sync(archive, token)
(folder / "expected.json").write_text(json.dumps({
    "token": token, "password": "lange zin voor het team", "programme": "samen-wonen",
    "visible": 7, "hidden": 1, "contact": "an@example.org", "moderation": 2,
    "event_id": hidden["event_id"],
}, indent=2) + "\n")
archive.stop()
