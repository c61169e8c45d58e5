"""``serve --https``: TLS terminated by asyncio in front of waitress on loopback.

Why not a threaded TLS server: cheroot does the handshake in its accept loop
(cherrypy/cheroot#748), so one silent TCP connection stalled every new
client for 30 s.  Here the accept loop only accepts; each handshake runs in
its own task with a timeout, and the decrypted bytes are forwarded to the
same guarded waitress that serves plain HTTP, listening on a private
loopback port.  The front registers each forwarded connection's local port
in a ``PeerRegistry`` so waitress still sees the phone's address.

Standard library only (asyncio + ssl): it runs wherever Python does,
Linux, Windows and Termux alike.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import ssl
import threading
from collections import Counter
from pathlib import Path

from .server import ServerLimits
from .waitress_guard import PeerRegistry

LOG = logging.getLogger("webapp.tls_front")
CHUNK = 64 * 1024


def server_context(cert: Path, key: Path) -> ssl.SSLContext:
    """TLS 1.2 or newer, the certificate issued by the local CA."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(str(cert), str(key))
    return context


class TlsFront:
    """Accepts TLS on ``host:port`` and forwards each connection to ``backend_port``."""

    def __init__(
        self,
        host: str,
        port: int,
        context: ssl.SSLContext,
        backend_port: int,
        peers: PeerRegistry,
        limits: ServerLimits | None = None,
    ) -> None:
        self.context = context
        self.backend_port = backend_port
        self.peers = peers
        self.limits = (limits or ServerLimits()).behind_proxy()
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        if os.name != "nt":  # on Windows SO_REUSEADDR would let another program take the port
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host or "0.0.0.0", port))
        self.sock.listen(128)
        self.sock.setblocking(False)
        self.port: int = self.sock.getsockname()[1]
        self.loop = asyncio.new_event_loop()
        self._clients: Counter[str] = Counter()
        self._tasks: set[asyncio.Task] = set()
        self._thread: threading.Thread | None = None

    # --- running -------------------------------------------------------------------

    def serve_forever(self) -> None:
        """Run in this thread until ``stop()``."""
        asyncio.set_event_loop(self.loop)
        accept = self.loop.create_task(self._accept_loop())
        try:
            self.loop.run_forever()
        finally:
            accept.cancel()
            for task in asyncio.all_tasks(self.loop):
                task.cancel()
            with contextlib.suppress(Exception):
                self.loop.run_until_complete(asyncio.sleep(0))
            self.loop.close()
            self.sock.close()

    def start(self) -> TlsFront:
        """Run in a background thread."""
        self._thread = threading.Thread(target=self.serve_forever, name="tls-front", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if not self.loop.is_closed():
            with contextlib.suppress(RuntimeError):
                self.loop.call_soon_threadsafe(self.loop.stop)
        if self._thread is not None:
            self._thread.join(timeout=5)

    # --- connections ---------------------------------------------------------------

    async def _accept_loop(self) -> None:
        while True:
            try:
                conn, addr = await self.loop.sock_accept(self.sock)
            except OSError:
                await asyncio.sleep(0.05)  # out of descriptors, or a reset before accept
                continue
            client = str(addr[0])
            cap = self.limits.per_client_connections
            total = sum(self._clients.values())
            if total >= self.limits.connection_limit or (cap and self._clients[client] >= cap):
                conn.close()  # before TLS there is no way to say why
                continue
            self._clients[client] += 1
            # asyncio keeps only weak references to tasks: hold each one here.
            task = self.loop.create_task(self._connection(conn, addr))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _connection(self, conn: socket.socket, addr: tuple) -> None:
        client = str(addr[0])
        back: socket.socket | None = None
        writers: list[asyncio.StreamWriter] = []
        try:
            front_reader, front_writer = await self._handshake(conn)
            writers.append(front_writer)
            back = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            back.setblocking(False)
            back.bind(("127.0.0.1", 0))
            local_port = back.getsockname()[1]
            self.peers.register(local_port, (client, int(addr[1])))
            try:
                await self.loop.sock_connect(back, ("127.0.0.1", self.backend_port))
                back_reader, back_writer = await asyncio.open_connection(sock=back, limit=CHUNK)
                writers.append(back_writer)
                await self._relay(front_reader, front_writer, back_reader, back_writer)
            finally:
                self.peers.forget(local_port)
        except (OSError, EOFError) as exc:  # TLS, timeouts and resets are all OSErrors
            LOG.debug("connection ended: %s", type(exc).__name__)  # never the address
        finally:
            for writer in writers:
                writer.close()
            if not writers:
                conn.close()
            if back is not None and not writers[1:]:
                back.close()
            self._clients[client] -= 1
            if self._clients[client] <= 0:
                del self._clients[client]

    async def _handshake(self, conn: socket.socket) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        """The TLS handshake of one connection, bounded by the header deadline."""
        reader = asyncio.StreamReader(limit=CHUNK)
        protocol = asyncio.StreamReaderProtocol(reader)
        timeout = self.limits.head_timeout
        transport, _ = await asyncio.wait_for(
            self.loop.connect_accepted_socket(
                lambda: protocol, conn, ssl=self.context, ssl_handshake_timeout=timeout
            ),
            timeout + 1,
        )
        return reader, asyncio.StreamWriter(transport, protocol, reader, self.loop)

    async def _relay(
        self,
        front_reader: asyncio.StreamReader,
        front_writer: asyncio.StreamWriter,
        back_reader: asyncio.StreamReader,
        back_writer: asyncio.StreamWriter,
    ) -> None:
        """Copy both ways with back-pressure until either side ends.

        waitress drops a connection whose client half-closes, so either end
        finishing ends the pair."""

        async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            while data := await reader.read(CHUNK):
                writer.write(data)
                await writer.drain()

        up = self.loop.create_task(pipe(front_reader, back_writer))
        down = self.loop.create_task(pipe(back_reader, front_writer))
        done, pending = await asyncio.wait({up, down}, return_when=asyncio.FIRST_COMPLETED)
        if down in done and up in pending:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(front_writer.drain(), 5)
        for task in pending:
            task.cancel()
        for task in done:
            if not task.cancelled() and task.exception() is not None:
                LOG.debug("relay ended: %s", type(task.exception()).__name__)
