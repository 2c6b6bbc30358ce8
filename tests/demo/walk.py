"""Walking a demo rendering in-process: answer a target, decode it as a browser would, follow
every link from the start pages (the tests of renderings f, g and h share these)."""

from __future__ import annotations

import re
from collections import deque
from html import unescape


def get(renderer, target: str):
    resp = renderer.handle(target)
    if resp.status == 500:  # the flaky page: a second try succeeds
        resp = renderer.handle(target)
    return resp


def text_of(resp, unescaped: bool = False) -> str:
    """The body in its declared charset (header, then <meta>), else GB18030."""
    declared = re.search(r"charset=([\w-]+)", resp.headers.get("Content-Type", ""))
    meta = re.search(r"charset=[\"']?([\w-]+)", resp.body[:600].decode("latin-1"))
    codec = (declared or meta)[1] if (declared or meta) else "gb18030"
    codec = "gb18030" if codec.lower() in ("gbk", "gb2312", "gb18030") else codec
    text = resp.body.decode(codec)
    return unescape(text) if unescaped else text


def drop_session(url: str) -> str:
    return re.sub(r";jsessionid=[^/?#]*", "", url)


def links(html: str, clean=drop_session) -> set[str]:
    """The site-relative targets of a page's href/src attributes, each passed through `clean`."""
    found = set()
    for url in re.findall(r'(?:href|src)="([^"]*)"', html):
        url = clean(unescape(url)).split("#", 1)[0]
        if url.startswith("/"):
            found.add(url)
    return found


def walk(renderer, starts: list[str], clean=drop_session) -> dict[str, int]:
    """Every target reachable by links from `starts` (three calendar months): {target: status}."""
    seen: dict[str, int] = {}
    queue = deque(starts)
    while queue:
        target = queue.popleft()
        if target in seen or re.search(r"month=(?!2026-1[12]|2027-01)", target):
            continue
        resp = get(renderer, target)
        seen[target] = resp.status
        if resp.status in (301, 302):
            queue.append(resp.headers["Location"])
            continue
        if resp.status != 200 or "html" not in resp.headers.get("Content-Type", ""):
            continue
        if target.startswith(renderer.ADMIN_PREFIX):
            continue
        queue.extend(sorted(links(text_of(resp), clean) - seen.keys()))
    return seen
