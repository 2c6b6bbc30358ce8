"""toolkit.loopback: a client that hangs up is no error; the server keeps answering."""

import socket
import struct
import time
import urllib.request
from http.server import BaseHTTPRequestHandler

from toolkit.loopback import serve, stop


class Hello(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "5")
        self.end_headers()
        self.wfile.write(b"hello")

    def log_message(self, *args):
        pass


def hang_up(port: int) -> None:
    """Send half a request line, then reset the connection (RST, not FIN)."""
    client = socket.create_connection(("127.0.0.1", port))
    client.sendall(b"GET / HT")
    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    client.close()


def test_a_reset_connection_prints_no_traceback_and_the_server_answers_on(capfd):
    server = serve(Hello)
    port = server.server_address[1]
    try:
        for _ in range(5):
            hang_up(port)
        time.sleep(0.3)  # let the handler threads meet the reset
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
            assert answer.read() == b"hello"
    finally:
        stop(server)
    err = capfd.readouterr().err
    assert "Traceback" not in err and "ConnectionResetError" not in err, err
