"""`greenroom serve` answers only to the host names it is served on (DNS rebinding).

A page on another site can make a browser resolve its own name to 127.0.0.1 and read the
UI as same-origin; the browser still sends that name in `Host`. Requests whose `Host` is
not one of the names the UI is served on (the bound address, the loopback names when bound
to loopback, and each `--allow-host`) get 421 and nothing of the database.
"""

from __future__ import annotations

LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1"}
WILDCARD = {"0.0.0.0", "::"}


def allowed_hosts(host: str, extra: tuple[str, ...] | list[str] = ()) -> set[str]:
    """The host names (without port) that the UI bound to `host` answers to."""
    names = {host.strip("[]").lower(), *(h.strip("[]").lower() for h in extra)}
    if names & LOOPBACK_NAMES:
        names |= LOOPBACK_NAMES
    return names - WILDCARD


def host_name(header: str) -> str:
    """`Host` without its port: `127.0.0.1:8001` -> `127.0.0.1`, `[::1]:8001` -> `::1`."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class HostCheck:
    """ASGI middleware: refuse HTTP requests whose Host header is not an allowed name."""

    def __init__(self, app, allowed: set[str]):
        self.app, self.allowed = app, allowed

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket"):
            headers = dict(scope.get("headers") or [])
            host = headers.get(b"host", b"").decode("latin-1")
            if host_name(host) not in self.allowed:
                body = b"greenroom: unexpected Host header; this UI answers to its own address\n"
                await send(
                    {
                        "type": "http.response.start",
                        "status": 421,
                        "headers": [
                            (b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
