"""One crawl run: lock the database, crawl in a child process, analyse, record the run."""

from __future__ import annotations

import fcntl
import json
import multiprocessing
import os
import sys
import tempfile
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from checks.base import Reference
from greenroom.config import Config, ConfigError
from storage.db import connect


class DatabaseBusy(RuntimeError):
    """Another greenroom process holds the database."""


@contextmanager
def locked(db_path: str | Path):
    """Hold `<db>.lock` for the whole run; a second start fails at once."""
    lock_path = Path(str(db_path) + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise DatabaseBusy(f"{db_path} is in use by {holder}; not starting") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        try:
            yield
        finally:
            fh.seek(0)
            fh.truncate()


def reference_for(cfg: Config | None, today: str | None = None) -> Reference:
    """Reference data of a run: the config's files, else the shipped defaults."""
    from checks import reference as refmod

    today = today or datetime.now(UTC).date().isoformat()
    ref = refmod.default_reference(today)
    try:
        if cfg and cfg.brands:
            ref.brands = refmod.load_brands(cfg.brands)
        if cfg and cfg.green_registry:
            ref.green_registry = refmod.load_green_registry(cfg.green_registry)
    except refmod.ReferenceFileError as exc:
        raise ConfigError(exc.path, exc.line, exc.problem) from None
    return ref


def reference_after_crawl(cfg: Config, stats: dict) -> Reference:
    """The reference data again once the crawl is over (a night is long: a file the config
    names may have been removed or broken meanwhile). A file that no longer loads is noted
    in the stats as `greenroom/reference_missing/<key>` — the run is unhealthy — and the
    shipped default stands in for it."""
    from checks import reference as refmod

    ref = refmod.default_reference(datetime.now(UTC).date().isoformat())
    loaders = (("brands", refmod.load_brands), ("green_registry", refmod.load_green_registry))
    for key, load in loaders:
        path = getattr(cfg, key)
        if not path:
            continue
        try:
            setattr(ref, key, load(path))
        except refmod.ReferenceFileError as exc:
            stats[f"greenroom/reference_missing/{key}"] = str(exc)
    return ref


def crawl_settings(cfg: Config, db_path: str, run_id: int) -> dict:
    """Scrapy settings of one run, from the config."""
    settings = {
        "GREENROOM_DB": str(db_path),
        "GREENROOM_RUN_ID": run_id,
        "GREENROOM_CONFIG": cfg.path,
        "CONCURRENT_REQUESTS_PER_DOMAIN": cfg.concurrency_per_domain,
        "DOWNLOAD_DELAY": cfg.delay_s,
        "GREENROOM_ROOM_SAMPLES": cfg.room_samples,
        "GREENROOM_ROOM_SAMPLE_INTERVAL": cfg.room_sample_interval_s,
        "GREENROOM_ROOM_RENDER_EVERY": cfg.room_render_every,
        "GREENROOM_RENDER_FORCE": cfg.render_force,
        "GREENROOM_RENDER_LISTINGS": cfg.render_listings,
        # A page yields one item and a few dozen links: Scrapy's default of 100 parallel
        # output workers per response costs more than the parsing (bench/soak.py: 2x).
        "CONCURRENT_ITEMS": 4,
    }
    if cfg.max_pages:
        settings["CLOSESPIDER_PAGECOUNT"] = cfg.max_pages
    if cfg.max_runtime_s:
        settings["CLOSESPIDER_TIMEOUT"] = cfg.max_runtime_s
    if cfg.max_depth:
        settings["DEPTH_LIMIT"] = cfg.max_depth
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


def _die_with_parent() -> None:
    """Linux: the crawl child gets SIGKILL when greenroom itself dies, so no orphan writes on."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _crawl_child(overrides: dict, spider_kwargs: dict, stats_path: str) -> None:
    _die_with_parent()
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from spiders.marketplace import MarketplaceSpider

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.update(overrides, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(MarketplaceSpider)
    process.crawl(crawler, **spider_kwargs)
    process.start()
    stats = {k: v for k, v in crawler.stats.get_stats().items() if isinstance(v, int | float | str)}
    Path(stats_path).write_text(json.dumps(stats, default=str))


def crawl(
    cfg: Config,
    db_path: str | Path,
    *,
    workers: int = 1,
    log_level: str = "WARNING",
    extra_settings: dict | None = None,
) -> dict:
    """Crawl what the config names into the database, then run all checks.

    Returns {"run_id", "stats", "findings": counts}. Raises DatabaseBusy, ConfigError."""
    from greenroom import health, runs
    from greenroom.analyse import analyse

    db_path = str(db_path)
    reference_for(cfg)  # a broken reference file stops the run before it starts (exit 2)
    with locked(db_path):
        db = connect(db_path)
        run_id = runs.unfinished_run(db, cfg.path, cfg.start_urls)
        if run_id:
            print(f"[greenroom] resuming run {run_id}", file=sys.stderr, flush=True)
        else:
            run_id = runs.start_run(db, cfg.path, cfg.start_urls)
        overrides = crawl_settings(cfg, db_path, run_id)
        overrides["LOG_LEVEL"] = log_level
        overrides.update(extra_settings or {})
        spider_kwargs = (
            {"config": cfg.path} if cfg.path else {"start_urls": ",".join(cfg.start_urls)}
        )
        from greenroom.coordinator import cluster_url, run_cluster

        if workers > 1 or cluster_url(cfg):  # workers on a shared Redis frontier
            stats = run_cluster(cfg, db, db_path, run_id, overrides, spider_kwargs, workers)
        else:
            stats = _run_child(overrides, spider_kwargs)
        _count_replayed(stats)
        if stats.get("finish_reason") == "shutdown" or not stats:
            runs.finish_run(db, run_id, stats, "interrupted")
            print(
                f"[greenroom] run {run_id} interrupted; run the same command to resume it",
                file=sys.stderr,
                flush=True,
            )
            return {"run_id": run_id, "stats": stats, "findings": {}, "status": "interrupted"}
        print("[greenroom] running checks …", file=sys.stderr, flush=True)
        ref = reference_after_crawl(cfg, stats)
        before = runs.finding_states(db)
        counts = analyse(db, db_path, ref, run_id, finish_reason=stats.get("finish_reason", ""))
        by_check = runs.record_events(db, run_id, before)
        problems = health.assess(stats, health.limits_from(overrides))
        runs.finish_run(db, run_id, stats, "finished", counts, problems, by_check)
        if cfg.tsa_url:
            _stamp(db, run_id, cfg.tsa_url)
        return {
            "run_id": run_id,
            "stats": stats,
            "findings": counts,
            "status": "finished",
            "health": problems,
        }


def _stamp(db, run_id: int, tsa_url: str) -> None:
    """Trusted time for the run's chain head; a TSA that fails is said, not fatal."""
    from greenroom import runs
    from storage.evidence.timestamp import TimestampError

    try:
        at = runs.stamp_run(db, run_id, tsa_url)
    except TimestampError as exc:
        print(f"[greenroom] run {run_id}: no trusted time-stamp: {exc}", file=sys.stderr)
        return
    print(
        f"[greenroom] run {run_id}: chain head time-stamped by {tsa_url} at {at}", file=sys.stderr
    )


def _count_replayed(stats: dict) -> None:
    """A resumed run's pages are those it captured before it was killed (replayed now from
    its own WARC records, not counted as captures again) and those it fetched since: the
    summary, the run row and its health count both. A run killed after its last capture
    would otherwise be unhealthy with "only 0 pages captured"."""
    replayed = stats.get("greenroom/resume/replayed", 0)
    if replayed:
        stats["greenroom/capture/count"] = stats.get("greenroom/capture/count", 0) + replayed


def _run_child(overrides: dict, spider_kwargs: dict) -> dict:
    """Crawl in a fresh process (a Twisted reactor runs once per process); its stats."""
    import signal

    with tempfile.TemporaryDirectory() as tmp:
        stats_path = os.path.join(tmp, "stats.json")
        child = multiprocessing.get_context("spawn").Process(
            target=_crawl_child, args=(overrides, spider_kwargs, stats_path)
        )
        child.start()
        # The child stops gracefully on SIGINT/SIGTERM; pass SIGTERM on and wait for it.
        previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, lambda *_: child.terminate())
        try:
            child.join()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return json.loads(Path(stats_path).read_text()) if os.path.exists(stats_path) else {}
