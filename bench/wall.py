"""The live wall under a room's load: 500 sockets, submissions stepping up from 20/s.

    python -m bench.wall [--clients 500] [--rates 20,50,100,125,150,175,200,250,300,400] [--seconds 5]
                         [--targets kiosk-gevent,kiosk-threading,raw] [--photos 0.1] [--reactions 20]

--photos sends that share of the kiosk's submissions with a 6-megapixel photo, --reactions that many
"me too" per second to recent contributions (the raw server knows neither, so it gets plain text).

Each target is a fresh server process on 127.0.0.1; the load runs in this process on uvloop.
Per rate it prints submit latency (POST -> 201) and end-to-end latency (POST -> each socket)
p50/p95/p99, deliveries, and the server's RSS; per target the highest rate sustained with every
submission answered, >= 99.9% delivered and end-to-end p95 <= 250 ms. Last, the ratio of the
kiosk's sustained rate to the raw aiohttp broadcast server's.
Goals: at 500 clients and 50/s, end-to-end p95 <= 100 ms, submit p95 <= 50 ms; ratio >= 0.8.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import requests
import uvloop

from bench.loadgen import Load, Mix, Step
from tests.harness.server import ROOT, free_port

_SUSTAINED_P95 = 0.250


def _start(target: str, port: int, data: Path) -> subprocess.Popen:
    if target == "raw":
        command = [sys.executable, "-m", "bench.raw_server", str(port)]
    else:
        mode = target.split("-", 1)[1]
        command = [sys.executable, str(ROOT / "run_kiosk.py"), "--host", "127.0.0.1", "--port", str(port),
                   "--data", str(data), "--pin", "000000", "--public-url", f"http://127.0.0.1:{port}/",
                   "--async-mode", mode]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/api/health", timeout=1).ok:
                return process
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{target} did not start")


def _ms(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1e3


def _cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def _report(target: str, step: Step, clients: int, rss: float, cpu: tuple[float, float]) -> bool:
    submits = [step.answered[n] - step.sent[n] for n in step.answered if n not in step.with_photo]
    photos = [step.answered[n] - step.sent[n] for n in step.answered if n in step.with_photo]
    expected = len(step.answered) * clients
    delivered = len(step.arrivals) / expected if expected else 0.0
    p95 = _ms(step.arrivals, 0.95)
    sustained = (not step.failed and not step.reactions_failed and not step.behind and delivered >= 0.999
                 and p95 <= _SUSTAINED_P95 * 1e3)
    print(f"{target:>16} {step.rate:>5}/s  submit p50 {_ms(submits, .5):6.1f} p95 {_ms(submits, .95):6.1f}"
          f" p99 {_ms(submits, .99):6.1f} ms  end-to-end p50 {_ms(step.arrivals, .5):6.1f} p95 {p95:6.1f}"
          f" p99 {_ms(step.arrivals, .99):6.1f} ms  delivered {delivered:6.1%}  failed {step.failed:3d}"
          f"{'  generator behind' if step.behind else ''}  RSS {rss:4.0f} MB  CPU server {cpu[0]:4.0%}"
          f" generator {cpu[1]:4.0%}  {'ok' if sustained else 'NOT sustained'}",
          flush=True)
    if photos or step.reactions or step.reactions_failed:
        print(f"{'':>16} {'':>6}  with photo: {len(photos)} submit p50 {_ms(photos, .5):6.1f} p95 {_ms(photos, .95):6.1f} ms"
              f"   reactions: {len(step.reactions)} p50 {_ms(step.reactions, .5):6.1f} p95"
              f" {_ms(step.reactions, .95):6.1f} ms, failed {step.reactions_failed}", flush=True)
    return sustained


async def _measure(target: str, port: int, args: argparse.Namespace, server: psutil.Process) -> int:
    kiosk = target != "raw"
    load = Load(port, socketio=kiosk, mix=Mix(args.photos, args.reactions) if kiosk else Mix())
    started = time.perf_counter()
    await load.connect(args.clients)
    print(f"{target:>16} {args.clients} sockets connected in {time.perf_counter() - started:.1f} s", flush=True)
    best = 0
    first_phone = 0
    try:
        generator = psutil.Process()
        for rate in args.rates:
            before, started = (_cpu(server), _cpu(generator)), time.perf_counter()
            step = await load.run_step(rate, args.seconds, args.drain, first_phone)
            elapsed = time.perf_counter() - started
            cpu = ((_cpu(server) - before[0]) / elapsed, (_cpu(generator) - before[1]) / elapsed)
            first_phone += len(step.sent) + step.failed + 1
            if not _report(target, step, args.clients, server.memory_info().rss / 2**20, cpu):
                break
            best = rate
    finally:
        await load.close()
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--rates", type=lambda text: [int(r) for r in text.split(",")],
                        default=[20, 50, 100, 125, 150, 175, 200, 250, 300, 400])
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each step")
    parser.add_argument("--drain", type=float, default=1.5, help="wait after each step for late arrivals")
    parser.add_argument("--targets", default="kiosk-gevent,kiosk-threading,raw")
    parser.add_argument("--photos", type=float, default=0.0, help="share of kiosk submissions with a photo")
    parser.add_argument("--reactions", type=float, default=0.0, help="kiosk reactions per second")
    args = parser.parse_args()

    sustained = {}
    for target in args.targets.split(","):
        port = free_port()
        with tempfile.TemporaryDirectory() as data:
            process = _start(target, port, Path(data))
            try:
                sustained[target] = uvloop.run(_measure(target, port, args, psutil.Process(process.pid)))
            finally:
                process.kill()
                process.wait()
    print()
    for target, rate in sustained.items():
        print(f"highest sustained rate {target:>16}: {rate}/s")
    if "raw" in sustained and sustained["raw"]:
        for target, rate in sustained.items():
            if target != "raw":
                print(f"ratio {target} / raw: {rate / sustained['raw']:.2f}")


if __name__ == "__main__":
    main()
