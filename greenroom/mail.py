"""Send the morning summary by e-mail through the SMTP relay the config names.

The config's `[mail]` section: `relay = "smtp.example.gov.cn:587"` (or `smtp_host` and
`smtp_port`, default 25), `to` (a list, or one address; `mail_to` is its older name),
`mail_from` (default `greenroom@<host name>`), `user` and `password_file` (a login: the
password is read from that file, never from the config, and never printed), `tls`
(`starttls` | `ssl` | `none`; default: `ssl` on port 465, else STARTTLS when the relay offers
it, and always STARTTLS before a login) and `ca_file` (a CA bundle for a relay whose
certificate a bureau's own CA signed). The message is plain text with the HTML summary as
its alternative; its chart is a PNG attached inline (`cid:`), as mail clients drop SVG.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from greenroom.config import Config

TLS_MODES = ("starttls", "ssl", "none")


class MailError(RuntimeError):
    """The summary could not be sent: str() is one line saying why."""


def relay(cfg: Config | None) -> dict:
    """The `[mail]` section of a config as {host, port, sender, to, user, password_file, tls,
    ca_file}; MailError without a relay."""
    section = (cfg.raw.get("mail", {}) if cfg else {}) or {}
    where = cfg.path if cfg and cfg.path else "the config"
    host, port = section.get("smtp_host"), section.get("smtp_port", 25)
    if isinstance(section.get("relay"), str):
        host, _, given = section["relay"].rpartition(":")
        if not host:
            host, given = given, ""
        port = int(given) if given.isdigit() else 25
    if not host or not isinstance(host, str):
        raise MailError(f"{where}: no [mail] relay (or smtp_host) to send the summary through")
    if not isinstance(port, int) or not 0 < port < 65536:
        raise MailError(f"{where}: [mail] smtp_port must be a port number, not {port!r}")
    to = section.get("to") or section.get("mail_to") or []
    tls = section.get("tls") or ("ssl" if port == 465 else None)
    if tls is not None and tls not in TLS_MODES:
        raise MailError(f"{where}: [mail] tls must be one of {', '.join(TLS_MODES)}, not {tls!r}")
    base = Path(cfg.path).parent if cfg and cfg.path else Path.cwd()
    return {
        "host": host,
        "port": port,
        "sender": section.get("mail_from") or f"greenroom@{socket.getfqdn()}",
        "to": [to] if isinstance(to, str) else list(to),
        "user": section.get("user"),
        "password_file": (
            str(base / section["password_file"]) if section.get("password_file") else None
        ),
        "tls": tls,
        "ca_file": str(base / section["ca_file"]) if section.get("ca_file") else None,
    }


def subject(s: dict) -> str:
    """`greenroom 晨报 第 7 次运行：新增 3，已整改 2 — 运行正常` (or 运行异常)."""
    health = "运行正常" if not s["health"] else "运行异常"
    return (
        f"greenroom 晨报 第 {s['run']['id']} 次运行：新增 {len(s['new'])}，"
        f"已整改 {len(s['resolved'])} — {health}"
    )


CHART_CID = "greenroom-chart"


def message(s: dict, sender: str, to: list[str], ui_url: str | None = None) -> EmailMessage:
    """The summary as text/plain + text/html, the chart a PNG inline in the HTML part."""
    from greenroom.summary import chart_png, render_html, render_text

    msg = EmailMessage()
    msg["Subject"] = subject(s)
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    msg.set_content(render_text(s))
    msg.add_alternative(render_html(s, chart_cid=CHART_CID, ui_url=ui_url), subtype="html")
    html_part = msg.get_payload()[1]
    html_part.add_related(
        chart_png(s["history"]),
        maintype="image",
        subtype="png",
        cid=f"<{CHART_CID}>",
        filename="chart.png",
        disposition="inline",
    )
    return msg


def password(path: str) -> str:
    """The relay password: the file's first line. MailError names the file, never its text."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        raise MailError(f"{path}: cannot read the mail password file: {reason}") from None
    if not lines or not lines[0].strip():
        raise MailError(f"{path}: the mail password file is empty")
    return lines[0].strip()


def _connect(r: dict) -> smtplib.SMTP:
    """An SMTP session, encrypted as `r["tls"]` says; a login is never sent in the clear."""
    context = ssl.create_default_context(cafile=r["ca_file"])
    if r["tls"] == "ssl":
        return smtplib.SMTP_SSL(r["host"], r["port"], timeout=30, context=context)
    smtp = smtplib.SMTP(r["host"], r["port"], timeout=30)
    smtp.ehlo()
    if r["tls"] == "starttls" or (r["tls"] is None and smtp.has_extn("starttls")) or r["user"]:
        if r["tls"] == "none" and r["user"]:
            smtp.close()
            raise MailError("[mail] tls = 'none' with a user: the password would go in the clear")
        if not smtp.has_extn("starttls"):
            smtp.close()
            raise MailError(f"{r['host']}:{r['port']} does not offer STARTTLS")
        smtp.starttls(context=context)
        smtp.ehlo()
    return smtp


def send_summary(
    s: dict, cfg: Config | None, to: list[str] | None = None, ui_url: str | None = None
) -> list[str]:
    """Send summary `s` through the config's relay to `to` (else its `to`); the recipients."""
    r = relay(cfg)
    recipients = list(to or r["to"])
    if not recipients:
        raise MailError("no recipient: give --mail-to ADDRESS or set [mail] to")
    secret = password(r["password_file"]) if r["user"] and r["password_file"] else None
    msg = message(s, r["sender"], recipients, ui_url)
    try:
        with _connect(r) as smtp:
            if r["user"]:
                login(smtp, r["user"], secret or "")
            smtp.send_message(msg, from_addr=r["sender"], to_addrs=recipients)
    except UnicodeEncodeError:  # smtplib sends a login as ASCII only
        raise MailError(
            f"{r['password_file']}: the mail password holds characters other than ASCII, "
            "which SMTP login (smtplib) cannot send"
        ) from None
    except (OSError, smtplib.SMTPException) as exc:
        reason = _reason(exc, secret)
        raise MailError(f"cannot send the summary via {r['host']}:{r['port']}: {reason}") from None
    return recipients


def login(smtp: smtplib.SMTP, user: str, secret: str) -> None:
    """Log in once, with PLAIN (else LOGIN) when offered: a refused password is one 535, not
    a retry with every other mechanism (which some relays answer by hanging up)."""
    offered = smtp.esmtp_features.get("auth", "").upper().split()
    for mechanism in ("PLAIN", "LOGIN"):
        if mechanism in offered:
            smtp.user, smtp.password = user, secret
            smtp.auth(mechanism, getattr(smtp, f"auth_{mechanism.lower()}"))
            return
    smtp.login(user, secret)


def _reason(exc: Exception, secret: str | None) -> str:
    """One line from an SMTP or socket error, with the password blanked should a server echo it."""
    if isinstance(exc, smtplib.SMTPResponseException):
        text = (
            exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else ""
        )
        text = f"{exc.smtp_code} {text}".strip()
    else:
        text = str(exc) or type(exc).__name__
    text = text.splitlines()[0] if text else type(exc).__name__
    return text.replace(secret, "***") if secret else text
