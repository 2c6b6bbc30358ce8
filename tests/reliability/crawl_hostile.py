"""Crawl one site with the reliability suite's bounds: `python -m tests.reliability.crawl_hostile
URL DB`. Prints the run result as JSON on its last stdout line (stderr is the crawl's log)."""

from __future__ import annotations

import json
import sys

from greenroom import config as configmod
from greenroom.run import crawl

SETTINGS = {
    "GREENROOM_RENDER_ENABLED": False,
    "DOWNLOAD_TIMEOUT": 5,
    "DOWNLOAD_MAXSIZE": 2 * 1024 * 1024,
    "DOWNLOAD_WARNSIZE": 0,
    "RETRY_TIMES": 1,
    "GREENROOM_PROGRESS_INTERVAL": 0,
}


def main(url: str, db_path: str) -> None:
    result = crawl(configmod.from_urls([url]), db_path, extra_settings=SETTINGS)
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main(*sys.argv[1:3])
