"""A minimal raw WebSocket broadcast server on aiohttp + uvloop: the practical limit of Python here.

    python -m bench.raw_server PORT

POST /api/contributions takes the JSON, answers 201 and sends it to every socket on /ws. No
validation, no storage: the floor the kiosk's sustained rate is compared against.
"""

from __future__ import annotations

import json
import sys
import uuid

import uvloop
from aiohttp import web

_clients: set[web.WebSocketResponse] = set()


async def _socket(request: web.Request) -> web.WebSocketResponse:
    socket = web.WebSocketResponse()
    await socket.prepare(request)
    _clients.add(socket)
    try:
        async for _ in socket:
            pass
    finally:
        _clients.discard(socket)
    return socket


async def _contribute(request: web.Request) -> web.Response:
    item = dict(await request.json(), id=str(uuid.uuid4()))
    text = json.dumps(item)
    for socket in list(_clients):
        await socket.send_str(text)
    return web.json_response(item, status=201)


async def _health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def main() -> None:
    app = web.Application()
    app.add_routes([web.get("/ws", _socket), web.post("/api/contributions", _contribute),
                    web.get("/api/health", _health)])
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None, loop=uvloop.new_event_loop())


if __name__ == "__main__":
    main()
