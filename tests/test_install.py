"""The install is the same every night: every dependency pinned in requirements.lock inside
pyproject.toml's range, extruct used through its public API only, beautifulsoup4 for the
tests only, and deploy/logrotate a config logrotate accepts and rotates with."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("greenroom", "crawler", "checks", "storage", "spiders", "toolkit")


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def pins() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    found = re.findall(r"^([A-Za-z0-9_.-]+)==([^\s;]+)", text, re.MULTILINE)
    return {canonicalize_name(name): version for name, version in found}


def declared() -> list[Requirement]:
    p = project()
    return [Requirement(r) for r in [*p["dependencies"], *p["optional-dependencies"]["test"]]]


@pytest.mark.parametrize("req", declared(), ids=str)
def test_every_dependency_is_pinned_in_the_lock_inside_its_range(req):
    locked = pins()
    name = canonicalize_name(req.name)
    assert name in locked, f"{req.name} is not in requirements.lock: run `make lock`"
    assert req.specifier.contains(locked[name], prereleases=True), (
        f"requirements.lock pins {req.name}=={locked[name]}, outside {req.specifier}: "
        "run `make lock`"
    )


def test_every_dependency_has_a_tested_lower_bound_and_an_upper_bound():
    for req in declared():
        ops = {s.operator for s in req.specifier}
        assert ">=" in ops and "<" in ops, f"{req}: give >=tested,<next-breaking"


def imports(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    yield path, f"{node.module}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, alias.name
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                yield path, f"{node.value.id}.{node.attr}"


@pytest.mark.parametrize("package", PACKAGES)
def test_extruct_is_used_through_its_public_api_only(package):
    private = [
        f"{path.relative_to(ROOT)}: {name}"
        for path, name in imports(package)
        if name.startswith("extruct.") and any(part.startswith("_") for part in name.split(".")[1:])
    ]
    assert not private


@pytest.mark.parametrize("package", PACKAGES)
def test_beautifulsoup_is_for_the_tests_only(package):
    used = [str(p) for p, name in imports(package) if name.split(".")[0] == "bs4"]
    assert not used
    runtime = {canonicalize_name(Requirement(r).name) for r in project()["dependencies"]}
    assert "beautifulsoup4" not in runtime


def test_the_setup_reinstalls_when_the_lock_changes():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^\$\(STAMP\): pyproject\.toml \$\(LOCK\)$", makefile, re.MULTILINE)
    assert "-c $(LOCK)" in makefile


@pytest.mark.skipif(not shutil.which("logrotate"), reason="logrotate is not installed")
def test_logrotate_rotates_the_log_and_keeps_it_writable(tmp_path):
    logs = tmp_path / "log"
    logs.mkdir()
    (logs / "greenroom.log").write_text("run 1: 120 pages captured\n", encoding="utf-8")
    (logs / "worker-1.log").write_text("worker 1 joined run 1\n", encoding="utf-8")
    conf = (ROOT / "deploy" / "logrotate").read_text(encoding="utf-8")
    assert "/var/log/greenroom/*.log {" in conf
    conf = conf.replace("/var/log/greenroom", str(logs)).replace(
        "su greenroom greenroom", "su root root"
    )
    (tmp_path / "conf").write_text(conf, encoding="utf-8")
    done = subprocess.run(
        ["logrotate", "-f", "-s", str(tmp_path / "state"), str(tmp_path / "conf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for name, line in (("greenroom", "run 1"), ("worker-1", "worker 1")):
        assert (logs / f"{name}.log").read_text() == ""  # emptied in place (copytruncate)
        rotated = list(logs.glob(f"{name}.log-*"))
        assert len(rotated) == 1 and rotated[0].read_text().startswith(line)
