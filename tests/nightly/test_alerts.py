"""The duty officer's morning: the summary by mail over TLS with a login, and as a robot
message to 企业微信 / 钉钉 (signed) or plain JSON, each received by a real server on loopback."""

from __future__ import annotations

import base64
import datetime
import email
import email.policy
import hashlib
import hmac
import json
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import parse_qs, unquote_plus, urlsplit

import pytest

from greenroom import config as configmod
from greenroom.run import crawl
from nightly.conftest import run_greenroom
from nightly.tinysite import TinySite, small_shop, write_config

# aiosmtpd counts only STARTTLS as TLS: with TLS from the first byte it warns that AUTH is
# allowed without it; the login's test checks that it did go over TLS.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

PASSWORD = "s3cret-Pa55-morning"
USER = "greenroom"
SECRET = "SEC0123456789abcdef"
KEY = "robot-key-4711"


@pytest.fixture(scope="module")
def night(tmp_path_factory):
    """One small crawl: a shop without contacts and a listing with an absolute claim."""
    tmp = tmp_path_factory.mktemp("morning")
    with TinySite(small_shop()) as site:
        result = crawl(configmod.load(write_config(tmp, site.url)), tmp / "morning.db")
    assert result["findings"]["new"] >= 1
    return tmp / "morning.db", result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A throwaway self-signed certificate for 127.0.0.1: (cert path, key path)."""
    from corpus.replay import self_signed

    return self_signed(tmp_path_factory.mktemp("tls"), "127.0.0.1", ips=("127.0.0.1",))


class Inbox:
    """What the relay received: messages, and the logins it was offered."""

    def __init__(self):
        self.messages, self.logins = [], []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope, session.authenticated))
        return "250 OK"

    def authenticator(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult

        login = (auth_data.login.decode(), auth_data.password.decode())
        over_tls = server.transport.get_extra_info("ssl_object") is not None
        self.logins.append((mechanism, login, over_tls))
        return AuthResult(success=login == (USER, PASSWORD), handled=False)


@pytest.fixture(params=["starttls", "ssl"])
def relay(request, certificate):
    """An aiosmtpd relay on loopback requiring TLS (STARTTLS, or TLS from the first byte)
    and a login."""
    from aiosmtpd.controller import Controller

    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    common = {"auth_required": True, "authenticator": inbox.authenticator}
    if request.param == "starttls":
        controller = Controller(
            inbox,
            hostname="127.0.0.1",
            port=free_port(),
            tls_context=context,
            require_starttls=True,
            **common,
        )
    else:
        controller = Controller(
            inbox,
            hostname="127.0.0.1",
            port=free_port(),
            ssl_context=context,
            auth_require_tls=False,  # aiosmtpd counts only STARTTLS as TLS; this is TLS throughout
            **common,
        )
    controller.start()
    yield request.param, controller.port, inbox
    controller.stop()


def mail_config(tmp_path, certificate, mode, port, password=PASSWORD, **alerts):
    (tmp_path / "mail.password").write_text(password + "\n", encoding="utf-8")
    return write_config(
        tmp_path,
        "http://127.0.0.1:9/",
        mail={
            "relay": f"127.0.0.1:{port}",
            "tls": mode,
            "user": USER,
            "password_file": "mail.password",
            "ca_file": str(certificate[0]),
            "mail_from": "greenroom@amr.test",
            "to": ["duty@amr.test"],
        },
        **({"alerts": alerts} if alerts else {}),
    )


def test_the_summary_arrives_over_tls_after_a_login_with_its_chart_as_png(
    night, relay, certificate, tmp_path
):
    mode, port, inbox = relay
    db, result = night
    config = mail_config(tmp_path, certificate, mode, port)
    done = run_greenroom("summary", "--db", str(db), "--config", config)
    assert done.returncode == 0, done.stderr
    assert "summary mailed to duty@amr.test" in done.stderr
    assert PASSWORD not in done.stdout + done.stderr
    [(_mechanism, login, over_tls)] = inbox.logins
    assert login == (USER, PASSWORD) and over_tls
    [(envelope, authenticated)] = inbox.messages
    assert authenticated and envelope.rcpt_tos == ["duty@amr.test"]
    msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
    new = result["findings"]["new"]
    assert msg["Subject"] == f"greenroom 晨报 第 1 次运行：新增 {new}，已整改 0 — 运行正常"
    text = msg.get_body(("plain",)).get_content()
    assert f"发现的问题：新增 {new}，已整改 0" in text and "运行健康：正常" in text
    html = msg.get_body(("html",)).get_content()
    assert "<svg" not in html and 'src="cid:greenroom-chart"' in html
    assert "使用绝对化用语" in html  # the check's Chinese title, not its id alone
    [png] = [p for p in msg.walk() if p.get_content_type() == "image/png"]
    assert png["Content-ID"] == "<greenroom-chart>"
    data = png.get_content()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(data))
    from greenroom.summary import LABEL_W

    bars = image.crop((LABEL_W * 2, 0, image.width, image.height))  # right of the names
    reds = sum(n for n, px in bars.getcolors(1 << 16) if px == (0xC0, 0x39, 0x2B))
    assert image.width > 200 and reds > 100  # a red (new) bar is drawn


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("wrong-" + PASSWORD, "cannot send the summary via 127.0.0.1:{port}: 535"),
        ("晨报-" + PASSWORD, "mail.password: the mail password holds characters other than ASCII"),
    ],
)
def test_a_refused_password_fails_in_one_line_that_does_not_hold_it(
    night, relay, certificate, tmp_path, password, problem
):
    mode, port, inbox = relay
    config = mail_config(tmp_path, certificate, mode, port, password=password)
    done = run_greenroom("summary", "--db", str(night[0]), "--config", config)
    assert done.returncode == 1
    [line] = done.stderr.strip().splitlines()
    assert problem.format(port=port) in line
    assert password not in done.stdout + done.stderr and inbox.messages == []


def test_a_relay_whose_certificate_is_not_trusted_gets_no_password(
    night, relay, certificate, tmp_path
):
    mode, port, inbox = relay
    config = mail_config(tmp_path, certificate, mode, port)
    text = open(config, encoding="utf-8").read().replace(f'ca_file = "{certificate[0]}"\n', "")
    open(config, "w", encoding="utf-8").write(text)
    done = run_greenroom("summary", "--db", str(night[0]), "--config", config)
    assert done.returncode == 1
    assert "CERTIFICATE_VERIFY_FAILED" in done.stderr and len(done.stderr.splitlines()) == 1
    assert inbox.logins == [] and inbox.messages == []


# webhooks -----------------------------------------------------------------------------------
class Robot(BaseHTTPRequestHandler):
    """A chat robot's webhook: records each POST, answers as the robots do."""

    answer = (200, {"errcode": 0, "errmsg": "ok"})
    received: ClassVar[list] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((self.path, self.headers["Content-Type"], body))
        status, reply = type(self).answer
        data = json.dumps(reply).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def robot():
    handler = type("RobotHere", (Robot,), {"received": [], "answer": Robot.answer})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler
    server.shutdown()
    server.server_close()


def post(night, tmp_path, url, **alerts):
    config = write_config(tmp_path, "http://127.0.0.1:9/", alerts={"webhook": url, **alerts})
    return run_greenroom("summary", "--db", str(night[0]), "--config", config)


def test_wecom_robot_gets_a_markdown_message_with_counts_health_and_the_desk_link(
    night, robot, tmp_path
):
    base, handler = robot
    url = f"{base}/cgi-bin/webhook/send?key={KEY}"
    done = post(night, tmp_path, url, webhook_format="wecom", ui_url="http://10.0.0.5:8001/")
    assert done.returncode == 0, done.stderr
    assert f"summary posted to {base}" in done.stderr and KEY not in done.stderr
    [(path, ctype, body)] = handler.received
    assert path == f"/cgi-bin/webhook/send?key={KEY}" and ctype.startswith("application/json")
    message = json.loads(body)
    assert message["msgtype"] == "markdown" and set(message["markdown"]) == {"content"}
    content = message["markdown"]["content"]
    new = night[1]["findings"]["new"]
    assert f"新增 {new}，已整改 0" in content and "运行健康：正常" in content
    assert "使用绝对化用语（listing.absolute_claim）：新增 1" in content
    assert "[打开合规检查工作台](http://10.0.0.5:8001/)" in content
    assert len(content.encode()) <= 4096


def test_dingtalk_robot_gets_a_message_signed_as_dingtalk_documents(night, robot, tmp_path):
    base, handler = robot
    (tmp_path / "dingtalk.secret").write_text(SECRET + "\n", encoding="utf-8")
    url = f"{base}/robot/send?access_token={KEY}"
    done = post(
        night, tmp_path, url, webhook_format="dingtalk", webhook_secret_file="dingtalk.secret"
    )
    assert done.returncode == 0, done.stderr
    assert SECRET not in done.stdout + done.stderr
    [(path, _, body)] = handler.received
    query = parse_qs(urlsplit(path).query)
    assert query["access_token"] == [KEY]
    [stamp], [sign] = query["timestamp"], query["sign"]
    # the receiver's side, from DingTalk's documentation: timestamp + "\n" + secret
    expected = base64.b64encode(
        hmac.new(SECRET.encode(), f"{stamp}\n{SECRET}".encode(), hashlib.sha256).digest()
    ).decode()
    raw_sign = urlsplit(path).query.split("sign=")[1].split("&")[0]
    assert sign == expected and unquote_plus(raw_sign) == expected
    assert abs(int(stamp) - datetime.datetime.now().timestamp() * 1000) < 3600_000
    message = json.loads(body)
    assert message["msgtype"] == "markdown"
    assert message["markdown"]["title"] == "greenroom 晨报 第 1 次运行"
    assert "运行健康：正常" in message["markdown"]["text"]


def test_plain_json_webhook_gets_the_figures(night, robot, tmp_path):
    base, handler = robot
    done = post(night, tmp_path, f"{base}/hooks/greenroom")
    assert done.returncode == 0, done.stderr
    [(_, _, body)] = handler.received
    figures = json.loads(body)
    counts = night[1]["findings"]
    assert figures["run"] == 1 and figures["healthy"] is True and figures["health"] == []
    assert (figures["new"], figures["resolved"]) == (counts["new"], counts["resolved"])
    assert {r["check_id"] for r in figures["by_check"]} >= {"listing.absolute_claim"}
    assert figures["ui_url"] == "http://127.0.0.1:8001/"


@pytest.mark.parametrize(
    ("answer", "warning"),
    [
        ((500, {"error": "boom"}), "answered HTTP 500"),
        ((200, {"errcode": 310000, "errmsg": "sign not match"}), "errcode 310000"),
    ],
)
def test_a_failing_webhook_is_one_warning_and_the_summary_still_goes_out(
    night, robot, tmp_path, answer, warning
):
    base, handler = robot
    handler.answer = answer
    url = f"{base}/robot/send?access_token={KEY}"
    done = post(night, tmp_path, url, webhook_format="dingtalk")
    assert done.returncode == 0
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"greenroom: warning: webhook {base} ") and warning in line
    assert KEY not in line
    assert "运行健康：正常" in done.stdout  # the summary itself is printed


def test_an_unreachable_webhook_is_one_warning(night, tmp_path):
    done = post(night, tmp_path, f"http://127.0.0.1:{free_port()}/send?key={KEY}")
    assert done.returncode == 0
    [line] = done.stderr.strip().splitlines()
    assert "unreachable" in line and KEY not in line


@pytest.mark.parametrize(
    ("section", "table", "problem"),
    [
        (
            "mail",
            {"relay": "127.0.0.1:25", "password": PASSWORD},
            "password never goes in the config",
        ),
        ("mail", {"relay": "127.0.0.1:25", "password_file": "no.txt"}, "password_file not found"),
        ("mail", {"relay": "127.0.0.1:25", "tls": "maybe"}, "'tls' must be starttls, ssl or none"),
        ("alerts", {"webhook": "file:///etc/passwd"}, "'webhook' must be an http(s) URL"),
        (
            "alerts",
            {"webhook": "http://127.0.0.1/", "webhook_format": "slack"},
            "wecom, dingtalk or json",
        ),
        (
            "alerts",
            {"webhook": "http://127.0.0.1/", "webhook_secret_file": "none.secret"},
            "webhook_secret_file not found",
        ),
    ],
)
def test_a_bad_mail_or_alerts_section_is_a_bad_config(night, tmp_path, section, table, problem):
    config = write_config(tmp_path, "http://127.0.0.1:9/", **{section: table})
    done = run_greenroom("summary", "--db", str(night[0]), "--config", config)
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert problem in line and config in line
    assert PASSWORD not in done.stderr
