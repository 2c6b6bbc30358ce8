"""Every command has help with an Example, as in sqlite-utils' test_docs."""

import pytest

from greenroom.cli import cli


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_a_summary_and_an_example(name):
    doc = cli.commands[name].help or ""
    assert doc.strip().splitlines()[0], f"{name} has no summary line"
    assert "Example:" in doc, f"{name} has no Example"
