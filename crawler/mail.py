"""Send the morning summary by e-mail through the SMTP relay the config names.

The config's `[mail]` section: `smtp_host` (required to send), `smtp_port` (default 25),
`mail_from` (default `greenroom@<host name>`), `mail_to` (a list, or one address; used
when `greenroom summary --mail-to` gives none). The message is plain text with the HTML
summary as its alternative; the HTML holds no scripts and needs no network.
"""

from __future__ import annotations

import smtplib
import socket
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crawler.config import Config


class MailError(RuntimeError):
    """The summary could not be sent: str() is one line saying why."""


def relay(cfg: Config | None) -> dict:
    """The `[mail]` section of a config as {host, port, sender, to}; MailError without host."""
    section = (cfg.raw.get("mail", {}) if cfg else {}) or {}
    where = cfg.path if cfg and cfg.path else "the config"
    host = section.get("smtp_host")
    if not host or not isinstance(host, str):
        raise MailError(f"{where}: no [mail] smtp_host to send the summary through")
    port = section.get("smtp_port", 25)
    if not isinstance(port, int) or not 0 < port < 65536:
        raise MailError(f"{where}: [mail] smtp_port must be a port number, not {port!r}")
    to = section.get("mail_to") or []
    return {
        "host": host,
        "port": port,
        "sender": section.get("mail_from") or f"greenroom@{socket.getfqdn()}",
        "to": [to] if isinstance(to, str) else list(to),
    }


def subject(s: dict) -> str:
    """`greenroom 晨报 run 7: 3 new, 2 resolved — healthy` (or UNHEALTHY)."""
    health = "healthy" if not s["health"] else "UNHEALTHY"
    return (
        f"greenroom 晨报 run {s['run']['id']}: {len(s['new'])} new, "
        f"{len(s['resolved'])} resolved — {health}"
    )


def message(s: dict, sender: str, to: list[str]) -> EmailMessage:
    """The summary as a text/plain + text/html message."""
    from crawler.summary import render_html, render_text

    msg = EmailMessage()
    msg["Subject"] = subject(s)
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    msg.set_content(render_text(s))
    msg.add_alternative(render_html(s), subtype="html")
    return msg


def send_summary(s: dict, cfg: Config | None, to: list[str] | None = None) -> list[str]:
    """Send summary `s` through the config's relay to `to` (else its mail_to); the recipients."""
    r = relay(cfg)
    recipients = list(to or r["to"])
    if not recipients:
        raise MailError("no recipient: give --mail-to ADDRESS or set [mail] mail_to")
    msg = message(s, r["sender"], recipients)
    try:
        with smtplib.SMTP(r["host"], r["port"], timeout=30) as smtp:
            smtp.send_message(msg, from_addr=r["sender"], to_addrs=recipients)
    except (OSError, smtplib.SMTPException) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise MailError(f"cannot send the summary via {r['host']}:{r['port']}: {reason}") from None
    return recipients
