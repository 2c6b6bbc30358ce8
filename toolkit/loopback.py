"""A small HTTP server in a daemon thread: what the corpus replay, the demo marketplace and
the test sites serve from. It binds where it is told (127.0.0.1 unless a test says
otherwise), answers each request in its own thread, and never blocks the caller's exit.

Example:
    server = serve(Handler)              # Handler: a BaseHTTPRequestHandler subclass
    port = server.server_address[1]
    stop(server)
"""

from __future__ import annotations

import sys
import threading
from http.server import ThreadingHTTPServer


class LoopbackServer(ThreadingHTTPServer):
    daemon_threads = True  # a slow client never holds the process open
    block_on_close = False

    def handle_error(self, request, client_address) -> None:
        """A client that hangs up mid-request (a crawl that stopped, a cancelled render) is
        no error of the server's; anything else is reported in one line, not a traceback."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return
        print(f"loopback {client_address[0]}:{client_address[1]}: {error!r}", file=sys.stderr)


def serve(
    handler, host: str = "127.0.0.1", port: int = 0, poll_interval: float = 0.5
) -> LoopbackServer:
    """A server for `handler` on (host, port), already answering in a daemon thread."""
    server = LoopbackServer((host, port), handler)
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": poll_interval}, daemon=True
    ).start()
    return server


def stop(server: ThreadingHTTPServer | None) -> None:
    """Stop answering and close the socket (nothing to do for None)."""
    if server is not None:
        server.shutdown()
        server.server_close()
