"""An archive filled as programmes' syncs would fill it: the benchmarks' and the memory test's data.

50 meeting moments in 3 programmes (or, for the platform, two moments per organisation), Dutch texts of 60 to
1,000 characters, tags, 5% hidden; the same archive every time (a fixed seed), filled through the store in
batches as the sync API applies them, each moment by a kiosk of its organisation.
"""

from __future__ import annotations

import random
import uuid
from pathlib import Path

from archive.organisations import organisation_fields
from archive.store import ArchiveStore

__all__ = ["KINDS", "WORDS", "fill", "organisation_slugs"]

_THEMES = ("Samen leven in Zuid", "Groen in de wijk", "Eenzaamheid doorbreken")
_SENTENCES = (
    "Op het plein bij de bibliotheek zijn de tegels eruit gehaald en staan nu bloembakken.",
    "Mijn buurvrouw organiseert elke dinsdag een koffieochtend voor iedereen die alleen woont.",
    "Kunnen we een compostbak bij de school zetten, zodat de kinderen leren hoe dat werkt?",
    "In de Vogelbuurt repareren vrijwilligers fietsen en kapotte stoelen in het repair café.",
    "We willen een moestuin op het braakliggende terrein achter de sporthal.",
    "De jongeren van de voetbalclub helpen ouderen met boodschappen als het glad is.",
    "Een buurtbus die op zondag rijdt zou veel mensen uit hun isolement halen.",
    "Tijdens de markt hebben we zaden geruild; volgend jaar doen we dat weer.",
    "Café De Zwaan stelt zijn zaal gratis beschikbaar voor bewonersavonden.",
    "Er is te weinig schaduw op de speelplaats: bomen planten is een eerste stap.",
)
_TAGS = ("groen", "ontmoeting", "jongeren", "ouderen", "school", "markt", "fiets", "moestuin", "zorg", "cultuur",
         "wonen", "veiligheid")
WORDS = ("tegel", "compost", "moestuin", "koffie", "fiets", "schaduw", "buurtbus", "cafe", "zaden", "jongeren")
KINDS = ("story", "example", "idea", "initiative")


def _text(rng: random.Random) -> str:
    length = rng.choice((60, 120, 250, 400, 1000))
    text = ""
    while len(text) < length:
        text += rng.choice(_SENTENCES) + " "
    return text[:length].rstrip()


def organisation_slugs(count: int) -> list[str]:
    """The organisations of a filled archive: one ("bench"), or ``count`` numbered ones."""
    return ["bench"] if count == 1 else [f"bench-{number:03d}" for number in range(count)]


def _moments(count: int) -> list[dict]:
    return [{"event_id": str(uuid.uuid4()), "name": f"Ontmoeting {number + 1}", "theme": _THEMES[number % 3],
             "date": f"2026-{1 + number % 12:02d}-{1 + number % 28:02d}", "place": "Wijkcentrum", "kind": "market"}
            for number in range(count)]


def _record(rng: random.Random, moment: dict, number: int) -> dict:
    key = str(uuid.uuid4())
    body = {"id": key, "kind": rng.choice(KINDS), "text": _text(rng), "author": rng.choice((None, "Anna", "Sem")),
            "photo": None, "prompt_id": None, "event_id": moment["event_id"],
            "created_at": f"{moment['date']}T{10 + number // 3600 % 8:02d}:{number // 60 % 60:02d}:{number % 60:02d}Z",
            "status": "hidden" if rng.random() < 0.05 else "visible", "pinned": rng.random() < 0.01,
            "reactions": rng.randrange(6), "tags": rng.sample(_TAGS, rng.randrange(3)), "rev": 1, "deleted": False,
            "approved": False, "code": f"K{number}", "links": []}
    return {"id": key, "rev": 1, "deleted": False, "body": body}


def fill(folder: Path, database: str | None, contributions: int, organisations: int = 1) -> list[dict]:
    """Fill an archive through its store, as its moments' syncs would; return the moments (each naming its
    organisation)."""
    slugs = organisation_slugs(organisations)
    rng, moments = random.Random(7), _moments(max(50, 2 * len(slugs)))
    store = ArchiveStore(folder, database)
    for slug in slugs:
        store.organisations.add(organisation_fields(slug, f"Organisatie {slug}"))
    for number, moment in enumerate(moments):
        moment["organisation"] = slugs[number % len(slugs)]
        store.add_kiosk(moment["event_id"][:8], moment["organisation"])
    per_moment = contributions // len(moments)
    for index, moment in enumerate(moments):
        kiosk = moment["event_id"][:8]
        for start in range(0, per_moment, 500):
            records = [_record(rng, moment, number) for number in range(start, min(per_moment, start + 500))]
            store.apply(kiosk, {"batch_id": f"{index}-{start}", "kiosk_db_id": kiosk, "seq": start + len(records),
                                "moment": {key: value for key, value in moment.items() if key != "organisation"},
                                "records": records})
    with store.db.reading() as db:  # the statistics the database's own maintenance keeps by then
        db.run("VACUUM ANALYZE" if store.db.dialect == "postgresql" else "ANALYZE")
        if store.db.dialect == "postgresql" and db.row("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")[
                "rolsuper"]:
            db.run("CHECKPOINT")  # the fill's gigabytes written out now, not while the readers are measured
    store.close()
    return moments
