"""A broken config or reference file gets one line naming the file, the line and the problem."""

import pytest
from click.testing import CliRunner

from greenroom.cli import cli
from greenroom.config import ConfigError, load

GOOD = '[crawl]\nstart_urls = ["http://127.0.0.1:9/"]\nmax_pages = 10\n'


def write(tmp_path, text, name="c.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_config_loads_with_defaults(tmp_path):
    cfg = load(write(tmp_path, GOOD))
    assert cfg.start_urls == ["http://127.0.0.1:9/"]
    assert cfg.allowed_domains == ["127.0.0.1"]
    assert cfg.max_pages == 10
    assert cfg.room_samples == 2
    assert cfg.render_listings is False  # a listing is rendered only when the regulator asks


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ('[crawl]\nstart_urls = ["http://x/"\n', 2, "malformed TOML"),
        ("[crawl]\nmax_pages = 3\n", 1, "missing required key 'start_urls'"),
        (GOOD + "colour = 'red'\n", 4, "unknown key 'colour' in [crawl]"),
        (GOOD + "[extra]\n", 4, "unknown section [extra]"),
        ('[crawl]\nstart_urls = ["ftp://x/"]\n', 2, "not an http(s) URL"),
        (GOOD.replace("10", "-1"), 3, "'max_pages' must be a whole number"),
        (GOOD + '[reference]\nbrands = "nope.csv"\n', 5, "reference file not found"),
        (GOOD + 'render_listings = "yes"\n', 4, "'render_listings' must be true or false"),
    ],
)
def test_a_broken_config_names_file_line_and_problem(tmp_path, text, line, problem):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as exc:
        load(path)
    assert exc.value.line == line
    assert problem in str(exc.value)
    assert str(exc.value).startswith(f"{path}:{line}: ")


@pytest.mark.parametrize(
    ("csv_text", "problem"),
    [
        ("brand,aliases\nNike,耐克\n", "reference_price"),
        ("brand,aliases,reference_price\nNike,耐克,cheap\n", "cheap"),
    ],
)
def test_a_malformed_brands_file_exits_2_with_one_line(tmp_path, csv_text, problem):
    write(tmp_path, csv_text, "brands.csv")
    path = write(tmp_path, GOOD + '[reference]\nbrands = "brands.csv"\n')
    result = CliRunner().invoke(
        cli, ["crawl", "--config", str(path), "--db", str(tmp_path / "x.db")]
    )
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert "brands.csv" in lines[0] and problem in lines[0]
    assert "Traceback" not in result.output


def test_cli_exits_2_on_a_missing_config(tmp_path):
    result = CliRunner().invoke(
        cli, ["crawl", "--config", str(tmp_path / "no.toml"), "--db", "x.db"]
    )
    assert result.exit_code == 2
    assert "no such file" in result.output
