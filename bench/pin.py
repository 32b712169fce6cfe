"""PIN guessing from a Wi-Fi full of addresses: how many wrong PINs does the kiosk still check per minute?

    python -m bench.pin [--seconds 30] [--addresses 1000]

A fresh kiosk process; one client sends wrong PINs as fast as it can, each from the next of
``--addresses`` loopback addresses (127.x.y.z), as a passer-by rotating through a /24 and more
would. It prints the PINs the kiosk checked (401) and refused to check (429) per minute, and how
long finding a 4- and a 6-digit PIN would take on average at that rate. Before issue 10 the limit
was per address only: 13,000 checked guesses a minute, a 4-digit PIN found in 34 s.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path

from tests.harness.phones import phone_session
from tests.harness.server import KioskProcess


def _duration(minutes: float) -> str:
    for unit, size in (("days", 24 * 60), ("hours", 60)):
        if minutes >= size:
            return f"{minutes / size:,.1f} {unit}"
    return f"{minutes:,.1f} minutes"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--addresses", type=int, default=1000)
    options = parser.parse_args()
    phones = [phone_session(1000 + number) for number in range(options.addresses)]
    answers: Counter = Counter()
    with tempfile.TemporaryDirectory() as folder:
        kiosk = KioskProcess(Path(folder) / "data").start()
        try:
            started = time.monotonic()
            number = 0
            while time.monotonic() - started < options.seconds:
                guess = f"{number % 1_000_000:06d}" if number % 1_000_000 != 123456 else "999999"
                answer = phones[number % len(phones)].post(kiosk.url + "/api/session", json={"pin": guess}, timeout=5)
                answers[answer.status_code] += 1
                number += 1
            minutes = (time.monotonic() - started) / 60
        finally:
            kiosk.stop()
    checked = answers[401] / minutes
    print(f"{number} wrong PINs in {minutes * 60:.0f} s from {len(phones)} addresses: "
          f"{checked:,.1f} checked a minute (401), {answers[429] / minutes:,.0f} refused a minute (429)")
    for digits in (4, 6):
        print(f"  a {digits}-digit PIN found on average after {_duration(10 ** digits / 2 / max(checked, 1e-9))}")


if __name__ == "__main__":
    main()
