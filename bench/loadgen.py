"""The wall benchmark's load: many live sockets, and phones that submit at a fixed rate.

Lean on purpose, so the generator is not the bottleneck: sockets are aiohttp websockets that speak
Engine.IO/Socket.IO by hand (python-socketio's AsyncClient saturated at 100-150 messages/s), the
phones write raw HTTP over asyncio streams, and arrivals are matched by a regex on the raw frame.
Every submission comes from its own phone address (127.x.y.z), so the kiosk's rate limits stay on.
A ``Mix`` adds photos to a share of the submissions and "me too" reactions to recent contributions.
"""

from __future__ import annotations

import asyncio
import io
import json
import random
import re
import time
import uuid
from dataclasses import dataclass, field

import aiohttp
from PIL import Image

from tests.harness.phones import phone_address

_MARK = re.compile(r"bench-(\d+)-")
# A later revision (a reaction's new count) is not a new arrival; Socket.IO's JSON is compact.
_LATER_REVISION = re.compile(r'"rev":(?!1[,}])')
# The walls one screen's address holds open: under the kiosk's cap on connections per address.
SCREEN_WALLS = 10


@dataclass(frozen=True)
class Mix:
    """What rides along with plain text submissions: a share with a photo, reactions per second."""

    photos: float = 0.0
    reactions: float = 0.0


def _phone_photo() -> bytes:
    """A 6-megapixel JPEG, like a phone's, with enough detail that decoding it is real work."""
    image = Image.effect_mandelbrot((3000, 2000), (-2.2, -1.2, 1.0, 1.2), 60).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


@dataclass
class Step:
    """What one rate produced: when each submission left, was answered, and reached each socket."""

    rate: int
    sent: dict[int, float] = field(default_factory=dict)
    answered: dict[int, float] = field(default_factory=dict)
    failed: int = 0
    arrivals: list[float] = field(default_factory=list)
    behind: bool = False
    with_photo: set[int] = field(default_factory=set)
    reactions: list[float] = field(default_factory=list)
    reactions_failed: int = 0


class Load:
    """Sockets on one server, and the counter that names each submission."""

    def __init__(self, port: int, socketio: bool, mix: Mix = Mix()) -> None:
        self.port = port
        self.mix = mix
        self._photo = _phone_photo() if mix.photos else b""
        self._recent: list[str] = []
        self.socketio = socketio
        self.step: Step | None = None
        self._number = 0
        self._screens: list[aiohttp.ClientSession] = []
        self._readers: list[asyncio.Task] = []

    async def connect(self, count: int) -> None:
        """Open ``count`` live sockets, fifty at a time, and keep reading them.

        They come from screens of ten walls each, every screen from its own address: the kiosk allows
        one address a few dozen connections, as one laptop or phone needs.
        """
        for number in range(0, count, SCREEN_WALLS):
            connector = aiohttp.TCPConnector(limit=0, local_addr=(phone_address(2_000_000 + number), 0))
            self._screens.append(aiohttp.ClientSession(connector=connector))
        for start in range(0, count, 50):
            sockets = await asyncio.gather(*(self._open(self._screens[number // SCREEN_WALLS])
                                             for number in range(start, min(count, start + 50))))
            self._readers += [asyncio.create_task(self._read(socket)) for socket in sockets]

    async def _open(self, screen: aiohttp.ClientSession) -> aiohttp.ClientWebSocketResponse:
        if not self.socketio:
            return await screen.ws_connect(f"http://127.0.0.1:{self.port}/ws")
        socket = await screen.ws_connect(f"http://127.0.0.1:{self.port}/socket.io/?EIO=4&transport=websocket")
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
            if found and int(found.group(1)) in self.step.sent and not _LATER_REVISION.search(data):
                self.step.arrivals.append(time.perf_counter() - self.step.sent[int(found.group(1))])

    async def _post(self, phone: str, path: str, body: bytes, content_type: str) -> tuple[bytes, bytes]:
        """POST over a fresh connection from ``phone``; return the status line and the body."""
        request = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
                   f"Connection: close\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port, local_addr=(phone, 0))
        writer.write(request)
        status = await reader.readline()
        answer = (await reader.read()).split(b"\r\n\r\n", 1)[-1]
        writer.close()
        return status, answer

    def _body(self, number: int, phone: str, photo: bool) -> tuple[bytes, str]:
        fields = {"kind": "idea", "text": f"bench-{number}- Een idee voor de buurt, van telefoon {phone}",
                  "idempotency_key": f"bench-{number}"}
        if not photo:
            return json.dumps(fields).encode(), "application/json"
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                 for name, value in fields.items()]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; filename="p.jpg"\r\n'
                     f"Content-Type: image/jpeg\r\n\r\n".encode() + self._photo + f"\r\n--{boundary}--\r\n".encode())
        return b"".join(parts), f"multipart/form-data; boundary={boundary}"

    async def _submit(self, number: int, step: Step, phone: str) -> None:
        photo = random.random() < self.mix.photos
        body, content_type = self._body(number, phone, photo)
        step.sent[number] = time.perf_counter()
        if photo:
            step.with_photo.add(number)
        try:
            status, answer = await self._post(phone, "/api/contributions", body, content_type)
        except OSError:
            step.failed += 1
            return
        if status.split()[1:2] == [b"201"]:
            step.answered[number] = time.perf_counter()
            self._recent = (self._recent + [json.loads(answer)["id"]])[-50:]
        else:
            step.failed += 1

    async def _react(self, step: Step, phone: str) -> None:
        started = time.perf_counter()
        try:
            status, _ = await self._post(phone, f"/api/contributions/{random.choice(self._recent)}/reactions", b"",
                                         "application/json")
        except OSError:
            step.reactions_failed += 1
            return
        if status.split()[1:2] == [b"200"]:
            step.reactions.append(time.perf_counter() - started)
        else:
            step.reactions_failed += 1

    async def _reactions(self, step: Step, seconds: float, first_phone: int) -> list[asyncio.Task]:
        tasks = []
        start = time.perf_counter()
        for i in range(int(self.mix.reactions * seconds)):
            await asyncio.sleep(max(0.0, start + i / self.mix.reactions - time.perf_counter()))
            if self._recent:
                tasks.append(asyncio.create_task(self._react(step, phone_address(first_phone + i))))
        return tasks

    async def run_step(self, rate: int, seconds: float, drain: float, first_phone: int) -> Step:
        """Submit at ``rate`` per second for ``seconds`` (open loop), then wait ``drain`` for arrivals."""
        step = self.step = Step(rate)
        reacting = asyncio.create_task(self._reactions(step, seconds, 1_000_000 + first_phone)) \
            if self.mix.reactions else None
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
        if reacting:
            tasks += await reacting
        await asyncio.gather(*tasks)
        await asyncio.sleep(drain)
        self.step = None
        return step

    async def close(self) -> None:
        for reader in self._readers:
            reader.cancel()
        for screen in self._screens:
            await screen.close()
