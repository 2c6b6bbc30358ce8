"""Post the morning summary to a chat robot: 企业微信 (WeCom), 钉钉 (DingTalk), or plain JSON.

The config's `[alerts]` section: `webhook` (the robot's URL), `webhook_format` (`wecom` |
`dingtalk` | `json`; default from the URL's host, else `json`), `webhook_secret_file` (a
DingTalk robot's signing secret, read from that file) and `ui_url` (the desk the message
links to; default http://127.0.0.1:8001/). The robot's URL carries its key: it is never
printed, only its host. A failed post is an AlertError; `greenroom summary` prints it as one
warning line and goes on.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from greenroom.config import Config

FORMATS = ("wecom", "dingtalk", "json")
HOSTS = {"qyapi.weixin.qq.com": "wecom", "oapi.dingtalk.com": "dingtalk"}
UI_URL = "http://127.0.0.1:8001/"
MAX_BYTES = {"wecom": 4000, "dingtalk": 18000}  # the robots' limits: 4096 and 20000 bytes


class AlertError(RuntimeError):
    """The webhook could not be posted: str() is one line saying why (never the URL's key)."""


def webhook(cfg: Config | None) -> dict | None:
    """`[alerts]` as {url, format, secret_file, ui_url}, or None when no webhook is set."""
    section = (cfg.raw.get("alerts", {}) if cfg else {}) or {}
    url = section.get("webhook")
    if not url:
        return None
    fmt = section.get("webhook_format") or HOSTS.get(urllib.parse.urlsplit(url).hostname, "json")
    base = Path(cfg.path).parent if cfg and cfg.path else Path.cwd()
    secret = section.get("webhook_secret_file")
    return {
        "url": url,
        "format": fmt,
        "secret_file": str(base / secret) if secret else None,
        "ui_url": section.get("ui_url") or UI_URL,
    }


def where(url: str) -> str:
    """The robot's host, for messages: its URL's path and query hold its key."""
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def sign(url: str, secret: str, now_ms: int | None = None) -> str:
    """A DingTalk robot URL signed as DingTalk documents: `timestamp` (ms) and `sign`, the
    base64 HMAC-SHA256 of "timestamp\\nsecret" under the secret, URL-encoded."""
    stamp = str(now_ms if now_ms is not None else int(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256).digest()
    signature = urllib.parse.quote_plus(base64.b64encode(digest))
    return f"{url}{'&' if '?' in url else '?'}timestamp={stamp}&sign={signature}"


def markdown(s: dict, ui_url: str, limit: int = 4000) -> tuple[str, str]:
    """(title, markdown) of the summary: counts, run health, new findings per check, the link."""
    from greenroom.summary import counts_line, health_line, titles

    name = titles()
    run = s["run"]
    title = f"greenroom 晨报 第 {run['id']} 次运行"
    ok = not s["health"]
    head = [
        f"### {title}",
        f"**运行健康：{health_line(s)}**" + ("" if ok else " ⚠"),
        f"> 页面 {run['pages']}，抓取错误 {run['errors']}，直播间渲染 {run['rooms_rendered']}",
        f"> {counts_line(s)}",
        "",
        "**各检查项新增：**",
    ]
    tail = ["", f"[打开合规检查工作台]({ui_url})"]
    rows = [
        f"- {name.get(r['check_id'], r['check_id'])}（{r['check_id']}）：新增 {r['new']}"
        + (f"，重新出现 {r['reopened']}" if r.get("reopened") else "")
        + (f"，已整改 {r['resolved']}" if r["resolved"] else "")
        for r in s["by_check"]
    ] or ["- 无"]
    while len("\n".join(head + rows + tail).encode()) > limit and len(rows) > 1:
        rows = rows[:-2] + [f"- …… 其余见工作台（共 {len(s['by_check'])} 项）"]
    return title, "\n".join(head + rows + tail)


def payload(s: dict, fmt: str, ui_url: str) -> dict:
    """The robot message: WeCom or DingTalk markdown, or the plain JSON figures."""
    if fmt == "json":
        return {
            "run": s["run"]["id"],
            "healthy": not s["health"],
            "health": s["health"],
            "new": len(s["new"]),
            "resolved": len(s["resolved"]),
            "reopened": len(s.get("reopened", [])),
            "open": s["open"],
            "by_check": s["by_check"],
            "ui_url": ui_url,
        }
    title, text = markdown(s, ui_url, MAX_BYTES[fmt])
    if fmt == "wecom":
        return {"msgtype": "markdown", "markdown": {"content": text}}
    return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}


def _secret(path: str) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise AlertError(f"{path}: cannot read the webhook secret file: {exc}") from None
    if not text:
        raise AlertError(f"{path}: the webhook secret file is empty")
    return text


def post_summary(s: dict, cfg: Config | None) -> str | None:
    """Post summary `s` to the config's webhook; the robot's host, or None without one."""
    hook = webhook(cfg)
    if hook is None:
        return None
    url = hook["url"]
    if hook["format"] == "dingtalk" and hook["secret_file"]:
        url = sign(url, _secret(hook["secret_file"]))
    body = json.dumps(payload(s, hook["format"], hook["ui_url"]), ensure_ascii=False).encode()
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            answer = response.read(65536)
    except urllib.error.HTTPError as exc:
        raise AlertError(f"webhook {where(url)} answered HTTP {exc.code}") from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise AlertError(f"webhook {where(url)} unreachable: {reason}") from None
    if hook["format"] != "json":  # the robots answer 200 with errcode ≠ 0 on a refusal
        try:
            reply = json.loads(answer or b"{}")
        except ValueError:
            reply = {}
        if isinstance(reply, dict) and reply.get("errcode", 0) != 0:
            raise AlertError(
                f"webhook {where(url)} refused the message: errcode {reply.get('errcode')} "
                f"{str(reply.get('errmsg', ''))[:120]}"
            )
    return where(url)
