"""Fixtures of the demo-site tests: renderings a and b served on free loopback ports, and the
rendering a test module names (its RENDERING) answered in-process."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from greenroom_demo.site import DemoSite
from tests.demo import walk


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url: str) -> tuple[int, dict, bytes]:
    """GET without following redirects: (status, headers, body)."""
    try:
        with OPENER.open(url, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


@pytest.fixture(scope="module", params=["a", "b"])
def site(request):
    with DemoSite(rendering=request.param, faults=True) as demo:
        yield demo


@pytest.fixture(scope="module")
def sites():
    with DemoSite("a", faults=True) as a, DemoSite("b", faults=True) as b:
        yield {"a": a, "b": b}


@pytest.fixture(scope="module")
def r(request):
    """The module's rendering (its RENDERING), answered in-process."""
    return walk.in_process(request.module.RENDERING)


@pytest.fixture(scope="module")
def walked(r):
    """Every target reachable by links from / and /live: {target: status}."""
    return walk.walk(r)
