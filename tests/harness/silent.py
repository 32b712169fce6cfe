"""An archive that takes every connection and never answers: a hung proxy, a hotspot's sign-in page that holds on.

A real server socket on loopback. Its accepted connections stay open and are never read or written, so a
client's request goes out, fits in the socket's buffers, and waits for an answer that never comes.
"""

from __future__ import annotations

import socket
import threading


class SilentArchive:
    """Listen on 127.0.0.1, accept every connection, and hold it open in silence until ``close``."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:  # closed
                return
            self.held.append(connection)

    def close(self) -> None:
        self._listener.close()
        for connection in self.held:
            connection.close()

    def __enter__(self) -> "SilentArchive":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
