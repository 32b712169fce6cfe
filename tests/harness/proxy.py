"""A TCP proxy on loopback that cuts a share of its connections at a random byte offset, either way, and may
carry the way up at a hotspot's pace.

A cut on the way back (server to client) after the request went through is the worst case for a
sync: the archive committed, but the client never hears so and must resend.
"""

from __future__ import annotations

import random
import socket
import threading
import time


class CuttingProxy:
    """Forward 127.0.0.1:<port> to ``target_port``, cutting ``fraction`` of the connections; with ``pace``, the
    way up carries that many bytes a second, with little room to hold more, as one bar of a phone's hotspot."""

    def __init__(self, target_port: int, fraction: float, seed: int = 7, pace: int = 0) -> None:
        self.target_port = target_port
        self.fraction = fraction
        self.pace = pace
        self.cuts = {"up": 0, "down": 0}
        self.bytes = {"up": 0, "down": 0}
        self.connections = 0
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._open = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while self._open:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _plan(self) -> tuple[str | None, int]:
        # Exactly ``fraction`` of the connections (every tenth at 10%), directions taking turns, so a
        # short sync sees cuts both ways; the byte offset is random within the first 150 bytes, which
        # every request and answer has (its headers): before the archive read the request, or after it
        # answered, and so committed.
        with self._lock:
            self.connections += 1
            if int(self.connections * self.fraction) == int((self.connections - 1) * self.fraction):
                return None, 0
            direction = "up" if sum(self.cuts.values()) % 2 == 0 else "down"
            return direction, self._random.randint(0, 150)

    def _serve(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
        except OSError:
            client.close()
            return
        direction, offset = self._plan()
        both = (client, upstream)
        for end in both:  # as any proxy must, or Nagle and delayed ACKs add 40 ms to small answers
            end.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.pace:  # a slow link holds little: the sender feels its pace instead of filling loopback's buffers
            client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
        pumps = threading.Barrier(2, action=lambda: [end.close() for end in both])
        for source, sink, way in ((client, upstream, "up"), (upstream, client, "down")):
            limit = offset if way == direction else None
            threading.Thread(target=self._pump, args=(source, sink, limit, way, both, pumps), daemon=True).start()

    def _pump(self, source, sink, limit, way, both, pumps) -> None:
        sent = 0
        try:
            paced = self.pace if way == "up" else 0
            while True:
                data = source.recv(4096 if paced else 65536)
                if not data:
                    break
                if paced:
                    time.sleep(len(data) / paced)
                if limit is not None and sent + len(data) > limit:
                    sink.sendall(data[: max(0, limit - sent)])
                    with self._lock:
                        self.cuts[way] += 1
                    break
                sink.sendall(data)
                sent += len(data)
                with self._lock:
                    self.bytes[way] += len(data)
        except OSError:
            pass
        # Shut both ends, which wakes the other pump; close them only when both pumps are done. Closing
        # earlier frees the descriptor for the next connection while the other pump may still shut it down:
        # that cut a tenth of the innocent connections when every request had its own.
        for end in both:
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        pumps.wait()

    def close(self) -> None:
        self._open = False
        self._listener.close()
