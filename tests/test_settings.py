"""One configuration: every GREENROOM_* name in the code is declared in crawler/settings.py,
and readers fall back on the declared defaults."""

import re
from pathlib import Path

from crawler import settings
from crawler.settings import env_setting, setting

ROOT = Path(__file__).resolve().parents[1]
NAME = re.compile(r"\bGREENROOM_[A-Z][A-Z0-9_]*[A-Z0-9]\b")


def test_every_greenroom_name_in_the_code_is_declared_with_a_doc():
    packages = ("crawler", "checks", "storage", "toolkit", "spiders", "greenroom", "bench")
    files = [f for p in packages for f in (ROOT / p).rglob("*.py")] + [ROOT / "README.md"]
    used = {n for f in files for n in NAME.findall(f.read_text(encoding="utf-8"))}
    source = (ROOT / "crawler" / "settings.py").read_text(encoding="utf-8")
    declared = {m[1] for m in re.finditer(r"^(GREENROOM_\w+)\b.*", source, re.MULTILINE)}
    assert used - declared == set()
    undocumented = [
        line.split()[0]
        for line in source.splitlines()
        if line.startswith("GREENROOM_") and "#" not in line
    ]
    assert undocumented == []


def test_setting_falls_back_on_the_declared_default_and_types_what_is_given():
    assert setting({}, "GREENROOM_CLUSTER_TICK") == settings.GREENROOM_CLUSTER_TICK
    assert setting(None, "GREENROOM_RENDER_STORE") == "storage.warc.CaptureStore"
    assert setting({"GREENROOM_ROOM_SAMPLES": "3"}, "GREENROOM_ROOM_SAMPLES") == 3
    assert setting({"GREENROOM_OCR_ENABLED": "False"}, "GREENROOM_OCR_ENABLED") is False
    assert setting({"GREENROOM_BROWSER_PATH": ""}, "GREENROOM_BROWSER_PATH") == (
        settings.GREENROOM_BROWSER_PATH
    )


def test_an_environment_override_is_typed_and_a_bad_one_is_the_default(monkeypatch):
    monkeypatch.delenv("GREENROOM_CHECK_WORKERS", raising=False)
    assert env_setting("GREENROOM_CHECK_WORKERS") == 1
    monkeypatch.setenv("GREENROOM_CHECK_WORKERS", "3")
    assert env_setting("GREENROOM_CHECK_WORKERS") == 3
    monkeypatch.setenv("GREENROOM_CHECK_WORKERS", "three")
    assert env_setting("GREENROOM_CHECK_WORKERS") == 1
    monkeypatch.setenv("GREENROOM_PROGRESS", "plain")
    assert env_setting("GREENROOM_PROGRESS") == "plain"


def test_readme_lists_every_environment_override():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    source = (ROOT / "crawler" / "settings.py").read_text(encoding="utf-8")
    env = source.split("# Read from the environment only", 1)[1].split("\n\n", 1)[0]
    names = re.findall(r"^(GREENROOM_\w+)", env, re.MULTILINE)
    assert names and [n for n in names if f"`{n}`" not in section] == []
