"""A day at a market stall in texts: what participants write, in Dutch, from a few words to 1,000 characters.

Tests at a day's volume need texts like the real ones: short cries and long stories, accents, names of
streets, hashtags now and then. They are made from a seed, so a failing test fails the same way again.
"""

from __future__ import annotations

import random
from pathlib import Path

from kiosk.moment import ensure_moment
from kiosk.store import Store
from netwerk.contributions import new_contribution
from tests.harness.phones import phone_session
from tests.harness.photos import jpeg

__all__ = ["KINDS", "day_texts", "dutch_text", "send_day", "stored_day", "wall_day"]

KINDS = ("story", "example", "idea", "initiative")

_OPENINGS = (
    "Bij ons in de straat", "Sinds de zomer", "Mijn buurvrouw van tweehoog zegt", "Op de markt hoorde ik dat",
    "Vorige week in het buurthuis", "Als vrijwilliger bij de voedselbank merk ik", "Onze kinderen vinden",
    "Ik woon hier al dertig jaar en", "Tijdens de koffie na de kerkdienst", "In de bibliotheek aan het plein",
)
_MIDDLES = (
    "ruilen we elke zaterdag groente uit de moestuin", "repareert een gepensioneerde monteur gratis fietsen",
    "staat er een kast waar iedereen boeken kan lenen", "koken de buren om beurten voor wie alleen woont",
    "is het speelveld achter de flat eindelijk opgeknapt", "komen jong en oud samen om Nederlands te oefenen",
    "wordt het zwerfafval samen opgeruimd met grijpers van de gemeente",
    "delen we gereedschap via een groepsapp van zeventig mensen", "is er een wandelclub voor mensen met pijn",
    "maakt de school van de oude gymzaal een werkplaats voor iedereen",
)
_ENDINGS = (
    "en dat geeft echt een ander gevoel in de wijk.", "maar het kost veel tijd van een paar mensen.",
    "en ik zou willen dat dat overal kon.", "dus wie helpt er mee?", "en daar ben ik best trots op.",
    "terwijl niemand het ooit zo bedacht had.", "en de gemeente weet er niet eens van.",
    "— café De Zwaan doet ook mee, in de Kastanjelaan.", "en zo leer je elkaar écht kennen.",
    "ook al spreken we niet allemaal dezelfde taal.",
)
_WORDS_AS_TAGS = ("groen", "samen", "buren", "spelen", "taal", "fiets", "zorg", "eten")
_TAGS = ("#repaircafe", "#groen", "#samen", "#eenzaamheid", "#spelen", "#taal")


def dutch_text(rng: random.Random, length: int) -> str:
    """Return Dutch sentences of about ``length`` characters (at most ``length``, at least one sentence)."""
    sentences: list[str] = []
    while not sentences or len(" ".join(sentences)) < length:
        sentence = f"{rng.choice(_OPENINGS)} {rng.choice(_MIDDLES)} {rng.choice(_ENDINGS)}"
        if rng.random() < 0.2:
            sentence += " " + rng.choice(_TAGS)
        sentences.append(sentence)
    return " ".join(sentences)[:length].rstrip()


def day_texts(count: int, seed: int = 1) -> list[tuple[str, str]]:
    """Return ``count`` (kind, text) pairs as a day brings them: mostly a few lines, one in ten 1,000 characters."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        length = 1000 if rng.random() < 0.1 else rng.choice((40, 90, 160, 280, 450))
        texts.append((rng.choice(KINDS), dutch_text(rng, length)))
    return texts


def wall_day(count: int, seed: int = 2) -> list[dict]:
    """Return ``count`` contributions as a wall must show them: a quarter long stories of 900–1,100 characters,
    one in five with a photo, the rest a few words to a few lines."""
    rng = random.Random(seed)
    day = []
    for number in range(count):
        length = rng.randint(900, 1100) if number % 4 == 1 else rng.choice((40, 90, 160, 280, 450))
        day.append({"kind": rng.choice(KINDS), "text": dutch_text(rng, length),
                    "author": rng.choice(("", "Samira", "Joost van der Berg", "Anouk")),
                    "photo": number % 5 == 2})
    return day


def send_day(url: str, day: list[dict], first_phone: int = 0) -> list[dict]:
    """Send each contribution of ``day`` from a phone of its own, as a room full of phones does; return the answers."""
    answers = []
    colours = ("tomato", "teal", "gold", "slateblue")
    for number, item in enumerate(day):
        phone = phone_session(first_phone + number)
        fields = {key: item[key] for key in ("kind", "text", "author")}
        if item["photo"]:
            photo = jpeg(1200, 900, colours[number % len(colours)])
            answer = phone.post(url + "/api/contributions", data=fields, files={"photo": ("foto.jpg", photo, "image/jpeg")},
                                timeout=20)
        else:
            answer = phone.post(url + "/api/contributions", json=fields, timeout=10)
        answer.raise_for_status()
        answers.append(answer.json())
        phone.close()
    return answers


def stored_day(folder: Path, size: int, seed: int = 3) -> None:
    """Fill a new kiosk data folder with ``size`` contributions as phones would have sent them, without a server:
    a day's texts (one in ten 1,000 characters), a tag or two now and then."""
    rng = random.Random(seed)
    store = Store(folder)
    event = ensure_moment(store)["event_id"]
    for _ in range(size):
        length = 1000 if rng.random() < 0.1 else rng.choice((40, 90, 160, 280, 450))
        fields = {"kind": rng.choice(KINDS), "text": dutch_text(rng, length),
                  "tags": rng.sample(_WORDS_AS_TAGS, rng.choice((0, 0, 1, 2)))}
        store.add_contribution(new_contribution(fields, event_id=event, prompt_id=None))
    store.close()
