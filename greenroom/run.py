"""One crawl run: lock the database, crawl in a child process, analyse, record the run."""

from __future__ import annotations

import fcntl
import os
import sys
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from checks.base import Reference
from greenroom.child import run_child, spider_kwargs
from greenroom.config import Config, ConfigError, crawl_settings
from greenroom.coordinator import cluster_url, run_cluster
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
        kwargs = spider_kwargs(cfg)
        if workers > 1 or cluster_url(cfg):  # workers on a shared Redis frontier
            stats = run_cluster(cfg, db, db_path, run_id, overrides, kwargs, workers)
        else:
            stats = run_child(overrides, kwargs)
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
