"""The crawl config (TOML) and its reference files → Config; errors name file and line."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from crawler import settings as declared
from toolkit.urls import registrable, site_domains  # noqa: F401  (config.site_domains)

KNOWN = {
    "crawl": {
        "start_urls",
        "allowed_domains",
        "max_pages",
        "room_samples",
        "room_sample_interval_s",
        "room_render_every",
        "room_page_uses",
        "user_agent",
        "contact",
        "concurrency_per_domain",
        "delay_s",
        "max_runtime_s",
        "render_force",
        "render_listings",
        "max_depth",
    },
    "reference": {"brands", "green_registry"},
    "cluster": {"redis", "secret_file"},
    "mail": {
        "smtp_host",
        "smtp_port",
        "mail_from",
        "mail_to",
        "relay",
        "to",
        "user",
        "password_file",
        "password",  # refused with a pointer to password_file
        "tls",
        "ca_file",
    },
    "alerts": {"webhook", "webhook_format", "webhook_secret_file", "ui_url"},
    "evidence": {"signing_key", "trusted_keys", "tsa_url", "tsa_cert"},
}


# [crawl] keys that are settings one to one: their defaults are the settings' own
CRAWL_SETTINGS = {
    "concurrency_per_domain": "CONCURRENT_REQUESTS_PER_DOMAIN",
    "delay_s": "DOWNLOAD_DELAY",
    "room_samples": "GREENROOM_ROOM_SAMPLES",
    "room_sample_interval_s": "GREENROOM_ROOM_SAMPLE_INTERVAL",
    "room_render_every": "GREENROOM_ROOM_RENDER_EVERY",
    "room_page_uses": "GREENROOM_RENDER_PAGE_USES",
    "render_force": "GREENROOM_RENDER_FORCE",
    "render_listings": "GREENROOM_RENDER_LISTINGS",
}
# [crawl] bounds, set only when given (0: unbounded)
CRAWL_BOUNDS = {
    "max_pages": "CLOSESPIDER_PAGECOUNT",
    "max_runtime_s": "CLOSESPIDER_TIMEOUT",
    "max_depth": "DEPTH_LIMIT",
}


class ConfigError(ValueError):
    """A broken config or reference file: str() is one line naming file, line and problem."""

    def __init__(self, path: str | Path, line: int | None, problem: str):
        self.path, self.line, self.problem = str(path), line, problem
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {problem}")


@dataclass
class Config:
    start_urls: list[str]
    allowed_domains: list[str] = field(default_factory=list)
    max_pages: int = 0  # 0: unbounded (trap guards still apply)
    room_samples: int = declared.GREENROOM_ROOM_SAMPLES
    room_sample_interval_s: float = declared.GREENROOM_ROOM_SAMPLE_INTERVAL
    room_render_every: int = declared.GREENROOM_ROOM_RENDER_EVERY  # 0: render the first sample only
    room_page_uses: int = declared.GREENROOM_RENDER_PAGE_USES  # 1: a new browser page each sample
    user_agent: str = ""
    contact: str = ""
    concurrency_per_domain: int = declared.CONCURRENT_REQUESTS_PER_DOMAIN
    delay_s: float = declared.DOWNLOAD_DELAY
    max_runtime_s: int = 0
    max_depth: int = 0
    render_force: list[str] = field(default_factory=list)
    render_listings: bool = (
        declared.GREENROOM_RENDER_LISTINGS
    )  # render listings whose price the static page lacks
    signing_key: str | None = None  # [evidence]: resolved paths, or None
    trusted_keys: str | None = None
    tsa_url: str | None = None  # RFC 3161 time-stamping authority (run end, export)
    tsa_cert: str | None = None  # its CA certificate(s), PEM: what verify trusts
    brands: str | None = None  # resolved path; None: the shipped default
    green_registry: str | None = None
    path: str | None = None
    raw: dict = field(default_factory=dict)


def _line_of(text: str, key: str) -> int | None:
    for no, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*{re.escape(key)}\s*=", line) or line.strip() == f"[{key}]":
            return no
    return None


def line_in_file(path: str | Path, key: str) -> int | None:
    """The line of `key` (or of its `[section]`) in the config file at `path`, if readable."""
    try:
        return _line_of(Path(path).read_text(encoding="utf-8"), key)
    except OSError:
        return None


def _check(cond: bool, path, text: str, key: str, problem: str) -> None:
    if not cond:
        raise ConfigError(path, _line_of(text, key), problem)


def load(path: str | Path) -> Config:
    """Read and validate a config file; raise ConfigError with the line of the problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, None, "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, None, f"cannot read: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        line = int(m.group(1)) if m else (len(text.splitlines()) or None)
        raise ConfigError(path, line, f"malformed TOML: {exc}") from None
    for section, values in data.items():
        _check(section in KNOWN, path, text, section, f"unknown section [{section}]")
        _check(isinstance(values, dict), path, text, section, f"[{section}] must be a table")
        for key in values:
            _check(key in KNOWN[section], path, text, key, f"unknown key '{key}' in [{section}]")
    crawl = data.get("crawl", {})
    urls = crawl.get("start_urls")
    _check("crawl" in data, path, text, "crawl", "missing [crawl] section")
    _check(urls is not None, path, text, "crawl", "missing required key 'start_urls' in [crawl]")
    _check(
        isinstance(urls, list) and urls and all(isinstance(u, str) for u in urls),
        path,
        text,
        "start_urls",
        "'start_urls' must be a non-empty list of URLs",
    )
    for url in urls:
        _check(
            urlsplit(url).scheme in ("http", "https") and bool(urlsplit(url).hostname),
            path,
            text,
            "start_urls",
            f"not an http(s) URL: {url!r}",
        )
    cfg = Config(start_urls=urls, path=str(path), raw=data)
    ints = (
        "max_pages",
        "room_samples",
        "room_render_every",
        "room_page_uses",
        "concurrency_per_domain",
        "max_runtime_s",
        "max_depth",
    )
    for key in ints:
        if key in crawl:
            v = crawl[key]
            _check(
                isinstance(v, int) and v >= 0,
                path,
                text,
                key,
                f"'{key}' must be a whole number ≥ 0",
            )
            setattr(cfg, key, v)
    for key in ("room_sample_interval_s", "delay_s"):
        if key in crawl:
            v = crawl[key]
            _check(
                isinstance(v, int | float) and v >= 0,
                path,
                text,
                key,
                f"'{key}' must be a number ≥ 0",
            )
            setattr(cfg, key, float(v))
    if "render_listings" in crawl:
        v = crawl["render_listings"]
        _check(
            isinstance(v, bool),
            path,
            text,
            "render_listings",
            "'render_listings' must be true or false",
        )
        cfg.render_listings = v
    for key in ("user_agent", "contact"):
        if key in crawl:
            _check(isinstance(crawl[key], str), path, text, key, f"'{key}' must be a string")
            setattr(cfg, key, crawl[key])
    for key in ("allowed_domains", "render_force"):
        if key in crawl:
            v = crawl[key]
            _check(
                isinstance(v, list) and all(isinstance(x, str) for x in v),
                path,
                text,
                key,
                f"'{key}' must be a list of strings",
            )
            setattr(cfg, key, v)
    for pattern in cfg.render_force:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(
                path, _line_of(text, "render_force"), f"bad regex {pattern!r}: {exc}"
            ) from None
    cfg.allowed_domains = cfg.allowed_domains or site_domains(urls)
    ref = data.get("reference", {})
    for key in ("brands", "green_registry"):
        if key in ref:
            _check(isinstance(ref[key], str), path, text, key, f"'{key}' must be a file path")
            ref_path = (path.parent / ref[key]).resolve()
            _check(ref_path.is_file(), path, text, key, f"reference file not found: {ref_path}")
            setattr(cfg, key, str(ref_path))
    evidence = data.get("evidence", {})
    if "tsa_url" in evidence:
        url = evidence["tsa_url"]
        ok = isinstance(url, str) and urlsplit(url).scheme in ("http", "https")
        _check(
            ok and bool(urlsplit(url).hostname),
            path,
            text,
            "tsa_url",
            "'tsa_url' must be an http(s) URL",
        )
        cfg.tsa_url = url
    for key in ("signing_key", "trusted_keys", "tsa_cert"):
        if key in evidence:
            _check(isinstance(evidence[key], str), path, text, key, f"'{key}' must be a file path")
            key_path = (path.parent / evidence[key]).resolve()
            _check(key_path.is_file(), path, text, key, f"{key} file not found: {key_path}")
            setattr(cfg, key, str(key_path))
    _check_alerts(data, path, text)
    return cfg


def _check_alerts(data: dict, path: Path, text: str) -> None:
    """`[mail]` and `[alerts]`: a secret lives in a file that exists, never in the config;
    a webhook is an http(s) URL of a known format."""
    mail, alerts = data.get("mail", {}), data.get("alerts", {})
    for section, key in (("mail", "password_file"), ("mail", "ca_file")) + (
        ("alerts", "webhook_secret_file"),
    ):
        value = data.get(section, {}).get(key)
        if value is not None:
            _check(isinstance(value, str), path, text, key, f"'{key}' must be a file path")
            _check(
                (path.parent / value).is_file(),
                path,
                text,
                key,
                f"{key} not found: {(path.parent / value).resolve()}",
            )
    _check(
        "password" not in mail,
        path,
        text,
        "password",
        "the password never goes in the config: name a file holding it (password_file)",
    )
    choices = (
        (mail, "tls", ("starttls", "ssl", "none")),
        (alerts, "webhook_format", ("wecom", "dingtalk", "json")),
    )
    for section, key, allowed in choices:
        if key in section:
            ok = section[key] in allowed
            _check(
                ok, path, text, key, f"'{key}' must be {', '.join(allowed[:-1])} or {allowed[-1]}"
            )
    for key in ("webhook", "ui_url"):
        if key in alerts:
            url = alerts[key]
            web = isinstance(url, str) and urlsplit(url).scheme in ("http", "https")
            _check(
                web and bool(urlsplit(url).hostname),
                path,
                text,
                key,
                f"'{key}' must be an http(s) URL",
            )


def from_urls(urls: list[str]) -> Config:
    """A config for `greenroom crawl URL...`: those start URLs and their hosts."""
    for url in urls:
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
            raise ConfigError("<command line>", None, f"not an http(s) URL: {url!r}")
    return Config(start_urls=list(urls), allowed_domains=site_domains(urls))


def crawl_settings(cfg: Config, db_path: str, run_id: int) -> dict:
    """Scrapy settings of one run, from the config: the one place where [crawl] maps onto
    settings (crawler.settings)."""
    settings = {
        "GREENROOM_DB": str(db_path),
        "GREENROOM_RUN_ID": run_id,
        "GREENROOM_CONFIG": cfg.path,
        **{name: getattr(cfg, key) for key, name in CRAWL_SETTINGS.items()},
        # A page yields one item and a few dozen links: Scrapy's default of 100 parallel
        # output workers per response costs more than the parsing (bench/soak.py: 2x).
        "CONCURRENT_ITEMS": 4,
    }
    settings |= {name: getattr(cfg, key) for key, name in CRAWL_BOUNDS.items() if getattr(cfg, key)}
    if cfg.user_agent or cfg.contact:
        settings["USER_AGENT"] = user_agent(cfg.user_agent, cfg.contact)
    return settings


def user_agent(agent: str, contact: str) -> str:
    """`agent (+contact)` as an HTTP header value: one line of ASCII, other characters
    percent-encoded as UTF-8 (a contact in Chinese stays readable after unquoting)."""
    from urllib.parse import quote

    def clean(text: str) -> str:
        return quote(" ".join(text.split()), safe=" !\"#$&'()*+,-./:;<=>?@[]^_`{|}~")

    agent = clean(agent) or "greenroom/0.1"
    return f"{agent} (+{clean(contact)})" if contact.strip() else agent
