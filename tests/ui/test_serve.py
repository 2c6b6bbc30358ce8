"""`greenroom serve`: loopback by default, a password required anywhere else."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from greenroom.cli import cli
from greenroom.ui.app import ServeError, check_access

HASH = "pbkdf2_sha256$480000$0123456789abcdef$c2FsdHNhbHQ="


@pytest.mark.parametrize(
    ("host", "password_hash", "says"),
    [
        ("127.0.0.1", None, "this machine only"),
        ("127.0.0.1", HASH, "password required"),
        ("0.0.0.0", HASH, "reachable from other machines; password required"),
    ],
)
def test_start_up_line_says_who_can_reach_it(host, password_hash, says):
    assert says in check_access(host, password_hash)


@pytest.mark.parametrize(
    ("password_hash", "error"), [(None, "--password-hash"), ("secret", "pbkdf2_sha256")]
)
def test_public_address_without_a_password_hash_is_refused(password_hash, error):
    with pytest.raises(ServeError, match=error):
        check_access("0.0.0.0", password_hash)


def test_serve_refuses_public_address_without_password_with_exit_2(ui_db):
    result = CliRunner().invoke(cli, ["serve", "--db", str(ui_db[0]), "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "--password-hash" in result.output


def test_serve_on_a_missing_database_is_exit_2(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "no such database" in result.output


def test_password_protects_every_page(ui_db):
    import asyncio

    from datasette_auth_passwords.utils import hash_password

    from greenroom.ui.app import make_datasette

    ds = make_datasette(ui_db[0], password_hash=hash_password("s3cret"))
    asyncio.run(ds.invoke_startup())

    async def status(auth=None):
        app = ds.app()
        import httpx

        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://x") as client:
            r = await client.get("/-/search?q=高仿", auth=auth)
            return r.status_code

    assert asyncio.run(status()) == 401
    assert asyncio.run(status(("investigator", "wrong"))) == 401
    assert asyncio.run(status(("investigator", "s3cret"))) == 200
