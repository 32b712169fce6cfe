"""What the room reads: the kiosk's turn on a clock of its own, at a day's volumes and with arrivals.

    python -m bench.wall_reading [--counts 6 40 200 2000] [--hour 3600]

A real kiosk app holds a day's contributions (a quarter stories of 900–1,100 characters), sent from phones of
their own; the presenter keeps the turn on a simulated clock, half a second a step, and the bench notes what
every wall shows. A card is read when it stood on a page (one the kiosk found it fits on whole) for its reading
time: its length at 15 characters a second, at least 5 s. For each volume it prints how long a round takes, the
share of all characters read (goal: 100 %) and the longest any card waited to be read; then, over an hour at 40
with an arrival every minute and every 15 seconds, how long each whole round took (arrivals are read first, so a
round stretches), how many cards a round left unread (goal: 0) and how soon each arrival was read.
"""

from __future__ import annotations

import argparse
import tempfile
import time

from kiosk.app import create_app
from tests.harness.turns import Watched


def _kiosk(folder: str, count: int) -> Watched:
    app = create_app({"TESTING": True, "DATA_DIR": folder, "PUBLIC_URL": "http://kiosk.test/", "PIN": "123456"})
    return Watched(app, count)


def _figures(day: Watched, end: float) -> tuple[float, float]:
    """The share of all characters read, and the longest wait of any card, in seconds."""
    share = day.seen.share({key: item["text"] for key, item in day.items.items()})
    return share, max(day.longest_wait(key, end) for key in day.items)


def rounds(count: int) -> str:
    with tempfile.TemporaryDirectory() as folder:
        day = _kiosk(folder, count)
        started = time.monotonic()
        turn = day.round_seconds()
        day.watch(turn + 60)
        share, wait = _figures(day, day.clock.now)
        return (f"{count:>5} contributions: a round takes {turn / 60:6.1f} min; read in it {100 * share:5.1f} % of all "
                f"characters; longest wait {wait / 60:6.1f} min ({time.monotonic() - started:.0f} s to simulate)")


def arrivals(count: int, every: float, hour: float) -> str:
    with tempfile.TemporaryDirectory() as folder:
        day = _kiosk(folder, count)
        day.watch(hour, every=every)
        rounds = day.rounds()
        unread = sum(len(day.unread_in(start, end)) for start, end in rounds)
        end = day.clock.now
        firsts = [day.reads(key)[0][0] - at if day.reads(key) else end - at for key, at in day.seen.since.items()]
        return (f"{count:>5} + an arrival every {every:.0f} s for {hour / 60:.0f} min ({len(day.items)} in all): whole "
                f"rounds of {', '.join(f'{(b - a) / 60:.1f}' for a, b in rounds)} min, {unread} cards unread in a round; "
                f"an arrival read after {max(firsts):.0f} s at most; a round of them all now, with nothing arriving, "
                f"{day.round_seconds() / 60:.1f} min")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[6, 40, 200, 2000])
    parser.add_argument("--hour", type=float, default=3600.0, help="simulated seconds with arrivals")
    options = parser.parse_args()
    for count in options.counts:
        print(rounds(count), flush=True)
    for every in (60.0, 15.0):
        print(arrivals(40, every, options.hour), flush=True)


if __name__ == "__main__":
    main()
