"""The morning summary: text, HTML with a chart seen in the real Chromium, and by e-mail."""

from __future__ import annotations

import email
import email.policy
import json
import socket

import pytest

from crawler.middlewares.render import BROWSER_ARGS
from greenroom import config as configmod
from greenroom.run import crawl
from nightly.conftest import run_greenroom
from nightly.tinysite import TinySite, page, write_config
from storage.db import connect

XSS = "<img src=x onerror=\"document.title='pwned'\">杯业有限公司"


def test_text_summary_of_night_two(nights):
    done = run_greenroom("summary", "--db", str(nights.db_path), "--run", "2")
    assert done.returncode == 0, done.stderr
    counts = nights.results[1]["findings"]
    assert f"发现的问题：新增 {counts['new']}，已整改 {counts['resolved']}" in done.stdout
    assert "运行健康：正常" in done.stdout
    assert "按检查项：" in done.stdout and "按店铺" in done.stdout


def escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@pytest.fixture(scope="module")
def xss_db(tmp_path_factory):
    """A crawl of a shop whose names carry markup (as text): finding messages quote them."""
    tmp = tmp_path_factory.mktemp("xss")
    shop = page(
        "杯子小店",
        "<dl><dt>店铺名称</dt><dd>杯子小店</dd>"
        f"<dt>经营者</dt><dd>{escaped(XSS)}</dd>"
        "<dt>联系电话</dt><dd>0574-86875261</dd></dl>"
        "<a href=/item/1>保温杯</a>",
    )
    item = page(
        escaped(f"{XSS} 保温杯 国家级品质"),
        "<nav>首页 &gt; 家居 &gt; 杯具</nav><p>售价 ¥59</p><p>国家级品质，最佳之选</p>"
        "<a href=/shop/1>进入店铺</a>",
    )
    pages = {"/": page("首页", "<a href=/shop/1>杯子小店</a>"), "/shop/1": shop, "/item/1": item}
    with TinySite(pages) as site:
        result = crawl(configmod.load(write_config(tmp, site.url)), tmp / "xss.db")
    return tmp / "xss.db", result


def test_html_summary_in_chromium_shows_the_chart_and_captured_text_as_text(
    nights, xss_db, tmp_path
):
    from playwright.sync_api import sync_playwright

    db, _ = xss_db
    messages = [r["message"] for r in connect(db).query("SELECT message FROM findings")]
    assert [m for m in messages if XSS in m], messages  # stored as captured, unescaped
    html_path = tmp_path / "summary.html"
    done = run_greenroom("summary", "--db", str(db), "--html", str(html_path))
    assert done.returncode == 0, done.stderr
    nights_html = tmp_path / "nights.html"
    run_greenroom("summary", "--db", str(nights.db_path), "--html", str(nights_html))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=BROWSER_ARGS)
        tab = browser.new_page(viewport={"width": 1200, "height": 900})
        requests = []
        tab.on("request", lambda r: requests.append(r.url))
        tab.goto(nights_html.as_uri())
        bars = tab.locator("#chart svg rect")
        assert bars.count() == 2 * 3 * len(
            {
                c
                for r in nights.db.query("SELECT by_check FROM runs")
                for c, v in json.loads(r["by_check"]).items()
                if any(v.values())
            }
        )
        drawn = tab.eval_on_selector_all(
            "#chart rect", "rs => rs.filter(r => r.getBBox().height > 0).length"
        )
        assert drawn > 0
        box = tab.locator("#chart svg").bounding_box()
        assert box and box["width"] > 200 and box["height"] > 60
        shot = tmp_path / "summary-chart.png"
        tab.screenshot(path=str(shot), full_page=True)
        print(f"\nsummary screenshot: {shot}")
        tab.goto(html_path.as_uri())
        assert tab.title().startswith("greenroom 晨报")  # the handler never ran
        assert tab.locator("img").count() == 0
        assert XSS in tab.locator("#new").inner_text()  # shown as text
        tab.screenshot(path=str(tmp_path / "summary-xss.png"), full_page=True)
        browser.close()
    assert all(u.startswith("file:") for u in requests), requests  # no network


def test_mail_to_sends_the_summary_through_the_configured_relay(nights, tmp_path):
    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope)
            return "250 OK"

    inbox = Inbox()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free_port = s.getsockname()[1]
    relay = Controller(inbox, hostname="127.0.0.1", port=free_port)
    relay.start()
    try:
        port = relay.server.sockets[0].getsockname()[1]
        config = write_config(
            tmp_path,
            "http://127.0.0.1:9/",
            mail={"smtp_host": "127.0.0.1", "smtp_port": port, "mail_from": "greenroom@amr.test"},
        )
        done = run_greenroom(
            "summary",
            "--db",
            str(nights.db_path),
            "--run",
            "2",
            "--config",
            config,
            "--mail-to",
            "duty@amr.test",
            "--mail-to",
            "chief@amr.test",
        )
    finally:
        relay.stop()
    assert done.returncode == 0, done.stderr
    assert "summary mailed to duty@amr.test, chief@amr.test" in done.stderr
    [envelope] = inbox.messages
    assert envelope.mail_from == "greenroom@amr.test"
    assert envelope.rcpt_tos == ["duty@amr.test", "chief@amr.test"]
    msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
    counts = nights.results[1]["findings"]
    assert msg["Subject"] == (
        f"greenroom 晨报 第 2 次运行：新增 {counts['new']}，已整改 {counts['resolved']} — 运行正常"
    )
    text = msg.get_body(("plain",)).get_content()
    assert f"发现的问题：新增 {counts['new']}，已整改 {counts['resolved']}" in text
    assert 'src="cid:greenroom-chart"' in msg.get_body(("html",)).get_content()


def test_mail_to_an_unreachable_relay_exits_1_with_one_line(nights, tmp_path):
    config = write_config(
        tmp_path, "http://127.0.0.1:9/", mail={"smtp_host": "127.0.0.1", "smtp_port": 9}
    )
    done = run_greenroom(
        "summary", "--db", str(nights.db_path), "--config", config, "--mail-to", "duty@amr.test"
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "greenroom: cannot send the summary via 127.0.0.1:9: [Errno 111] Connection refused"
    ]


def test_mail_to_without_a_relay_is_a_bad_argument(nights):
    done = run_greenroom("summary", "--db", str(nights.db_path), "--mail-to", "duty@amr.test")
    assert done.returncode == 2
