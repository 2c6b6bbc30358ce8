"""The layering of docs/DESIGN.md, enforced by import-linter ([tool.importlinter] in
pyproject.toml): toolkit < storage < checks < crawler < spiders < greenroom_demo < greenroom,
and no import cycle between sibling packages or modules. A deliberate upward import, or a
cycle, in a copy of the tree breaks the contract it names."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = str(Path(sys.executable).with_name("lint-imports"))


def packages() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["importlinter"]["root_packages"]


def lint(where: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [LINT, "--no-cache"], cwd=where, capture_output=True, text=True, check=False
    )


def test_the_tree_keeps_every_contract():
    done = lint(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract", "says"),
    [
        (  # storage reaching up to the application
            "storage/findings.py",
            "import greenroom.cli",
            "Layers: toolkit < storage < checks < crawler < spiders",
            "storage.findings -> greenroom.cli",
        ),
        (  # checks reaching up to the Scrapy side
            "checks/base.py",
            "import crawler.rooms",
            "Layers: toolkit < storage < checks < crawler < spiders",
            "checks.base -> crawler.rooms",
        ),
        (  # the Page type importing the room sampler, which imports it: a cycle
            "crawler/items.py",
            "import crawler.rooms",
            "No import cycles between sibling packages or modules",
            ".items -> .rooms",
        ),
    ],
)
def test_a_deliberate_wrong_import_breaks_the_contract_it_names(
    tmp_path, module, line, contract, says
):
    for name in packages():
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # noqa\n")

    done = lint(tmp_path)

    out = " ".join(done.stdout.split())  # import-linter wraps long names
    assert done.returncode == 1, out
    assert f"{contract}" in out and "BROKEN" in out
    assert says in out
    assert "1 broken" in out
