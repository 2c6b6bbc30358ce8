"""Progress: a live display (rich) when a person watches a terminal, today's plain periodic
lines when nobody does (cron, systemd, a pipe). `greenroom crawl`, `check` and `export` run
for real in a pseudo-terminal; what they print is read back, not how fast."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import subprocess
import sys

import pytest
from rich.console import Console

from greenroom import config as configmod
from greenroom import progress
from greenroom.run import crawl
from nightly.conftest import ROOT
from nightly.tinysite import TinySite, small_shop, write_config
from storage.db import connect

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")
PAGES = small_shop()


def forced() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=160, color_system=None), out


def test_the_live_display_shows_count_total_rate_eta_and_figures():
    console, out = forced()
    with progress.display("抓取", total=200, unit="页", console=console) as shown:
        assert shown.live
        shown.update(50, 直播间渲染=3, 错误=1)
    text = ANSI.sub("", out.getvalue())
    assert "抓取" in text and "50/200" in text and "页/秒" in text
    assert "剩余" in text and "直播间渲染 3 · 错误 1" in text


def test_without_a_known_size_it_shows_the_count_and_no_eta():
    console, out = forced()
    with progress.display("抓取", unit="页", console=console) as shown:
        shown.update(1234, 直播间渲染=0)
    text = ANSI.sub("", out.getvalue())
    assert "1234" in text and "剩余" not in text and "/200" not in text


def test_an_export_measured_in_steps_names_its_last_step():
    console, out = forced()
    with progress.display("导出证据包", total=5, unit="步", console=console) as shown:
        for what in ("复制", "WACZ", "报告", "清单与签名", "打包"):
            shown.step(what)
    text = ANSI.sub("", out.getvalue())
    assert "5/5" in text and "步骤 打包" in text


@pytest.mark.parametrize("env", [{}, {"GREENROOM_PROGRESS": "plain"}, {"TERM": "dumb"}])
def test_off_a_terminal_there_is_no_live_display(monkeypatch, env):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert isinstance(progress.display("抓取", stream=io.StringIO()), progress.Quiet)
    if env:  # even on a terminal, when asked for plain lines
        master, slave = pty.openpty()
        with os.fdopen(slave, "w") as tty:
            assert not progress.on_terminal(tty)
        os.close(master)


def test_off_a_terminal_the_crawl_prints_its_plain_periodic_lines(tmp_path, capfd):
    with TinySite(PAGES, delay_s=1.0) as site:  # a page takes 1 s: lines every 0.1 s come
        cfg = configmod.load(write_config(tmp_path, site.url))
        crawl(cfg, tmp_path / "plain.db", extra_settings={"GREENROOM_PROGRESS_INTERVAL": 0.1})
    err = capfd.readouterr().err
    lines = [ln for ln in err.splitlines() if ln.startswith("[greenroom]") and "pages" in ln]
    assert lines, err
    assert re.fullmatch(
        r"\[greenroom\] +\d+s · pages \d+ \(\d+/s\) · errors \d+ · shops \d+ · listings \d+ "
        r"· rooms \d+",
        lines[-1],
    )
    assert "\x1b[" not in err and "抓取" not in err


def in_terminal(*args: str, timeout: float = 240) -> str:
    """`greenroom ARGS` with its stdin, stdout and stderr on a pseudo-terminal, as a person
    at a shell runs it; everything it wrote there, without the terminal's control codes."""
    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "200", "LINES": "50", "TERM": "xterm-256color"}
    env.pop("GREENROOM_PROGRESS", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "greenroom.cli", *args],
        cwd=ROOT,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    chunks = []
    try:
        while True:
            ready, _, _ = select.select([master], [], [], timeout)
            if not ready:
                proc.kill()
                raise AssertionError("greenroom wrote nothing for too long")
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the terminal's other end is closed
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
        proc.wait(timeout=60)
    assert proc.returncode == 0, b"".join(chunks).decode("utf-8", "replace")[-3000:]
    return ANSI.sub("", b"".join(chunks).decode("utf-8", "replace"))


def last(pattern: str, text: str) -> re.Match:
    found = list(re.finditer(pattern, text))
    assert found, text[-3000:]
    return found[-1]


@pytest.fixture(scope="module")
def watched(tmp_path_factory):
    """`greenroom crawl --config` in a terminal, with max_pages known: its output and db."""
    tmp = tmp_path_factory.mktemp("watched")
    with TinySite(PAGES) as site:
        config = write_config(tmp, site.url, max_pages=50)
        out = in_terminal("crawl", "--config", config, "--db", str(tmp / "watched.db"))
    return out, tmp / "watched.db"


def test_crawl_on_a_terminal_shows_pages_of_max_pages_rooms_and_checks(watched):
    out, db_path = watched
    db = connect(db_path)
    pages = db.execute("SELECT COUNT(*) FROM captures WHERE kind = 'response'").fetchone()[0]
    crawled = last(r"抓取 .*?(\d+)/50 .*?页/秒.*?直播间渲染 (\d+)", out)
    assert int(crawled.group(1)) == pages and crawled.group(2) == "0"
    findings = db.execute("SELECT COUNT(*) FROM findings").fetchone()[0]
    subjects = sum(
        db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("shops", "listings", "rooms")
    )
    checked = last(r"检查 .*?(\d+)/(\d+) .*?发现 (\d+)", out)
    assert checked.groups() == (str(subjects), str(subjects), str(findings))
    assert "[greenroom]" in out and " · pages " not in out  # no plain lines on a terminal
    assert re.search(r"run 1: \d+ pages captured", out)


def test_check_on_a_terminal_shows_subjects_and_findings_so_far(watched):
    _, db_path = watched
    out = in_terminal("check", "--db", str(db_path))
    db = connect(db_path)
    findings = db.execute("SELECT COUNT(*) FROM findings WHERE status = 'open'").fetchone()[0]
    checked = last(r"检查 .*?(\d+)/(\d+) .*?剩余.*?发现 (\d+)", out)
    assert checked.group(1) == checked.group(2) and int(checked.group(3)) == findings
    assert "findings: 0 new" in out


def test_export_on_a_terminal_shows_its_steps(watched, tmp_path):
    _, db_path = watched
    fid = connect(db_path).execute("SELECT MIN(id) FROM findings").fetchone()[0]
    out_zip = tmp_path / "case.zip"
    out = in_terminal(
        "export", "--db", str(db_path), "--finding", str(fid), "--out", str(out_zip), "--no-sign"
    )
    assert last(r"导出证据包 .*?(\d+)/5 .*?步骤 (\S+)", out).groups() == ("5", "打包")
    assert out_zip.is_file() and f"{out_zip}: 1 findings" in out
