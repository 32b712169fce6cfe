"""The wall benchmark's load: many live sockets, and phones that submit at a fixed rate.

Lean on purpose, so the generator is not the bottleneck: sockets are aiohttp websockets that speak
Engine.IO/Socket.IO by hand (python-socketio's AsyncClient saturated at 100-150 messages/s), the
phones write raw HTTP over asyncio streams, and arrivals are matched by a regex on the raw frame.
Every submission comes from its own phone address (127.x.y.z), so the kiosk's rate limits stay on.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from dataclasses import dataclass, field

import aiohttp

from tests.phones import phone_address

_MARK = re.compile(r"bench-(\d+)-")


@dataclass
class Step:
    """What one rate produced: when each submission left, was answered, and reached each socket."""

    rate: int
    sent: dict[int, float] = field(default_factory=dict)
    answered: dict[int, float] = field(default_factory=dict)
    failed: int = 0
    arrivals: list[float] = field(default_factory=list)
    behind: bool = False


class Load:
    """Sockets on one server, and the counter that names each submission."""

    def __init__(self, port: int, socketio: bool) -> None:
        self.port = port
        self.socketio = socketio
        self.step: Step | None = None
        self._number = 0
        self._session: aiohttp.ClientSession | None = None
        self._readers: list[asyncio.Task] = []

    async def connect(self, count: int) -> None:
        """Open ``count`` live sockets, fifty at a time, and keep reading them."""
        connector = aiohttp.TCPConnector(limit=0)
        self._session = aiohttp.ClientSession(connector=connector)
        for start in range(0, count, 50):
            sockets = await asyncio.gather(*(self._open() for _ in range(start, min(count, start + 50))))
            self._readers += [asyncio.create_task(self._read(socket)) for socket in sockets]

    async def _open(self) -> aiohttp.ClientWebSocketResponse:
        if not self.socketio:
            return await self._session.ws_connect(f"http://127.0.0.1:{self.port}/ws")
        socket = await self._session.ws_connect(f"http://127.0.0.1:{self.port}/socket.io/?EIO=4&transport=websocket")
        opened = await socket.receive_str()
        assert opened.startswith("0"), opened
        await socket.send_str("40/wall,")
        while not (await socket.receive_str()).startswith("40/wall,"):
            pass
        return socket

    async def _read(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        async for message in socket:
            data = message.data
            if data == "2":  # Engine.IO ping
                await socket.send_str("3")
                continue
            found = _MARK.search(data) if self.step else None
            if found and int(found.group(1)) in self.step.sent:
                self.step.arrivals.append(time.perf_counter() - self.step.sent[int(found.group(1))])

    async def _submit(self, number: int, step: Step, phone: str) -> None:
        body = json.dumps({"kind": "idea", "text": f"bench-{number}- Een idee voor de buurt, van telefoon {phone}",
                           "idempotency_key": f"bench-{number}"}).encode()
        request = (b"POST /api/contributions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                   b"Connection: close\r\nContent-Length: %d\r\n\r\n" % len(body)) + body
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.port, local_addr=(phone, 0))
            step.sent[number] = time.perf_counter()
            writer.write(request)
            status = await reader.readline()
            if status.split()[1:2] == [b"201"]:
                step.answered[number] = time.perf_counter()
            else:
                step.failed += 1
            writer.close()
        except OSError:
            step.failed += 1

    async def run_step(self, rate: int, seconds: float, drain: float, first_phone: int) -> Step:
        """Submit at ``rate`` per second for ``seconds`` (open loop), then wait ``drain`` for arrivals."""
        step = self.step = Step(rate)
        start = time.perf_counter()
        tasks = []
        for i in range(int(rate * seconds)):
            due = start + i / rate
            wait = due - time.perf_counter()
            if wait > 0:
                await asyncio.sleep(wait)
            elif wait < -0.25:
                step.behind = True  # the generator itself could not keep the pace
            self._number += 1
            phone = phone_address(first_phone + i)
            tasks.append(asyncio.create_task(self._submit(self._number, step, phone)))
        await asyncio.gather(*tasks)
        await asyncio.sleep(drain)
        self.step = None
        return step

    async def close(self) -> None:
        for reader in self._readers:
            reader.cancel()
        await self._session.close()
