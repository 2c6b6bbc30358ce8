"""Security: a bundle is authenticated only by a key the investigator already trusts.

A forger who edits `report.html`, recomputes the manifest and re-signs it with a fresh key,
or who strips the signature, gets `intact but NOT AUTHENTICATED` and exit 3, never exit 0.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from storage import signing
from storage.bundle import canonical
from tests.evidence.conftest import SHOP, build_case
from tests.reliability.conftest import run_greenroom


@pytest.fixture
def signed(tmp_path) -> dict:
    """A bundle exported with no --sign-key by someone whose `greenroom keygen` made a key."""
    db = tmp_path / "case.db"
    build_case(db)
    keys = tmp_path / "keys"
    env = {**os.environ, "GREENROOM_KEY_DIR": str(keys)}
    env.pop("GREENROOM_TRUSTED_KEYS", None)
    assert run_greenroom("keygen", env=env).returncode == 0
    out = tmp_path / "case.zip"
    done = run_greenroom("export", "--db", str(db), "--shop", SHOP, "--out", str(out), env=env)
    assert done.returncode == 0, done.stderr
    assert "signed by SHA256:" in done.stdout  # signed by default: a key exists
    fp = signing.fingerprint(signing.load_public_key(keys / "greenroom.pub"))
    stranger = {**env, "GREENROOM_KEY_DIR": str(tmp_path / "nobody")}
    return {"bundle": out, "keys": keys, "env": env, "stranger": stranger, "fp": fp}


def forge(src: Path, dst: Path, *, key: Ed25519PrivateKey | None) -> Path:
    """`src` with report.html edited, its manifest recomputed, re-signed with `key` (or
    unsigned when None): everything a forger can do without the signer's private key."""
    with zipfile.ZipFile(src) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members["report.html"] = members["report.html"].replace(b"</body>", b"<p>forged</p></body>")
    manifest = json.loads(members.pop("manifest.json"))
    members.pop("manifest.sig", None)
    for entry in manifest["files"]:
        data = members[entry["path"]]
        entry["sha256"], entry["size"] = hashlib.sha256(data).hexdigest(), len(data)
    manifest.pop("manifest_sha256")
    manifest["signature"] = None
    if key is not None:
        manifest["signature"] = {
            "algorithm": "Ed25519",
            "file": "manifest.sig",
            "fingerprint": signing.fingerprint(key.public_key()),
            "public_key": signing.public_pem(key.public_key()).decode(),
        }
    manifest["manifest_sha256"] = hashlib.sha256(canonical(manifest)).hexdigest()
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2).encode() + b"\n"
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", manifest_bytes)
        if key is not None:
            z.writestr("manifest.sig", key.sign(manifest_bytes))
        for name, data in members.items():
            z.writestr(name, data)
    return dst


def test_the_signers_own_bundle_is_authenticated_by_its_trusted_keys(signed):
    done = run_greenroom("verify", str(signed["bundle"]), env=signed["env"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"signed by {signed['fp']} (trusted key of" in done.stdout


def test_a_forgery_re_signed_with_a_fresh_key_is_not_authenticated(signed, tmp_path):
    fresh = Ed25519PrivateKey.generate()
    bad = forge(signed["bundle"], tmp_path / "forged.zip", key=fresh)
    done = run_greenroom("verify", str(bad), env=signed["env"])
    assert done.returncode == 3, done.stdout + done.stderr
    fp = signing.fingerprint(fresh.public_key())
    assert f"intact but NOT AUTHENTICATED: signed by an unknown key {fp}" in done.stdout
    pinned = run_greenroom(
        "verify", str(bad), "--pubkey", str(signed["keys"] / "greenroom.pub"), env=signed["env"]
    )
    assert pinned.returncode == 1 and "does not verify" in pinned.stdout


def test_a_forgery_with_its_signature_stripped_is_not_authenticated(signed, tmp_path):
    bad = forge(signed["bundle"], tmp_path / "stripped.zip", key=None)
    done = run_greenroom("verify", str(bad), env=signed["env"])
    assert done.returncode == 3, done.stdout + done.stderr
    assert "intact but NOT AUTHENTICATED: unsigned" in done.stdout


def test_without_a_trusted_key_a_genuine_bundle_is_not_authenticated_either(signed):
    done = run_greenroom("verify", str(signed["bundle"]), env=signed["stranger"])
    assert done.returncode == 3, done.stdout + done.stderr
    assert f"NOT AUTHENTICATED: signed by an unknown key {signed['fp']}" in done.stdout


def test_a_trusted_keys_file_from_the_environment_or_the_config(signed, tmp_path):
    listed = tmp_path / "trusted.txt"
    listed.write_text(f"# 某区市场监管局\n{signed['fp']}  # 张三, 执法一队\n", encoding="utf-8")
    env = {**signed["stranger"], "GREENROOM_TRUSTED_KEYS": str(listed)}
    done = run_greenroom("verify", str(signed["bundle"]), env=env)
    assert done.returncode == 0 and "trusted key of 张三, 执法一队" in done.stdout, done.stdout
    config = tmp_path / "district.toml"
    config.write_text(
        '[crawl]\nstart_urls = ["http://127.0.0.1:8000/"]\n'
        '[evidence]\ntrusted_keys = "trusted.txt"\n',
        encoding="utf-8",
    )
    args = ("verify", str(signed["bundle"]), "--config", str(config))
    done = run_greenroom(*args, env=signed["stranger"])
    assert done.returncode == 0 and "trusted key of 张三" in done.stdout, done.stdout


def test_a_trusted_key_without_a_name_is_one_line(signed, tmp_path):
    listed = tmp_path / "trusted.txt"
    listed.write_text(f"{signed['fp']}\n", encoding="utf-8")
    env = {**signed["stranger"], "GREENROOM_TRUSTED_KEYS": str(listed)}
    done = run_greenroom("verify", str(signed["bundle"]), env=env)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip() == (
        f"greenroom: {listed}:1: expected 'SHA256:<64 hex digits> # whose key it is'"
    )


def test_verify_help_documents_exit_3():
    done = run_greenroom("verify", "--help")
    assert "3  intact but NOT AUTHENTICATED" in done.stdout


def with_manifest(src: Path, dst: Path, manifest_bytes: bytes) -> Path:
    """`src` with its manifest.json replaced by `manifest_bytes`."""
    with zipfile.ZipFile(src) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members["manifest.json"] = manifest_bytes
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return dst


@pytest.mark.parametrize(
    "manifest, says",
    [
        (b'{"format": "greenroom-evidence-bundle", "x": ' + b"[" * 200_000, "nested more than"),
        (
            b'{"format": "greenroom-evidence-bundle", "files": ['
            + b",".join(b'"%s"' % os.urandom(32).hex().encode() for _ in range(1_100_000))
            + b"]}",
            "byte limit",
        ),
    ],
    ids=["nested-200000-deep", "70MiB"],
)
def test_a_hostile_manifest_is_refused_in_one_line(signed, tmp_path, manifest, says):
    bundle = with_manifest(signed["bundle"], tmp_path / "hostile.zip", manifest)
    done = run_greenroom("verify", str(bundle), env=signed["env"], timeout=120)
    assert done.returncode not in (0, 3), done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], done.stderr[-2000:]
