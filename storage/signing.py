"""Ed25519 signatures over a bundle's manifest: make a key pair, sign, verify.

Keys are PEM files: `greenroom.key` (PKCS#8, private, mode 0600) and `greenroom.pub`
(SubjectPublicKeyInfo). A public key may also be given in OpenSSH form (`ssh-ed25519 ...`).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ALGORITHM = "Ed25519"
PRIVATE_NAME, PUBLIC_NAME = "greenroom.key", "greenroom.pub"
MAX_KEY_FILE = 64 * 1024


class KeyFileError(ValueError):
    """A key file that is missing, unreadable or not an Ed25519 key (one-line message)."""


def keygen(out_dir: str | Path) -> tuple[Path, Path]:
    """Write a new Ed25519 key pair into `out_dir`; never overwrite an existing key."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    private_path, public_path = out / PRIVATE_NAME, out / PUBLIC_NAME
    for path in (private_path, public_path):
        if path.exists():
            raise KeyFileError(f"{path}: already exists; not overwriting a key")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    public_path.write_bytes(public_pem(key.public_key()))
    return private_path, public_path


def _read(path: str | Path) -> bytes:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_KEY_FILE:
            raise KeyFileError(f"{path}: too large to be a key file")
        return path.read_bytes()
    except FileNotFoundError:
        raise KeyFileError(f"{path}: no such key file") from None
    except OSError as exc:
        raise KeyFileError(f"{path}: cannot read key ({exc.strerror})") from None


def load_private_key(path: str | Path) -> Ed25519PrivateKey:
    """The Ed25519 private key in a PEM file (unencrypted PKCS#8 or OpenSSH)."""
    data = _read(path)
    try:
        if b"OPENSSH PRIVATE KEY" in data:
            key = serialization.load_ssh_private_key(data, password=None)
        else:
            key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise KeyFileError(f"{path}: not a usable private key ({_first_line(exc)})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"{path}: not an Ed25519 private key")
    return key


def load_public_key(path: str | Path) -> Ed25519PublicKey:
    """The Ed25519 public key in a PEM or OpenSSH file."""
    data = _read(path)
    try:
        if data.lstrip().startswith(b"ssh-ed25519"):
            key = serialization.load_ssh_public_key(data.strip())
        else:
            key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise KeyFileError(f"{path}: not a usable public key ({_first_line(exc)})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError(f"{path}: not an Ed25519 public key")
    return key


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def public_key_from_pem(pem: str | bytes) -> Ed25519PublicKey:
    """A public key embedded in a manifest (PEM text); ValueError when it is not Ed25519."""
    key = serialization.load_pem_public_key(pem.encode() if isinstance(pem, str) else pem)
    if not isinstance(key, Ed25519PublicKey):
        raise TypeError("not an Ed25519 public key")
    return key


def fingerprint(key: Ed25519PublicKey) -> str:
    """`SHA256:<hex>` of the raw 32-byte public key: what a report and verify print."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "SHA256:" + hashlib.sha256(raw).hexdigest()


def sign(key: Ed25519PrivateKey, data: bytes) -> bytes:
    """The 64-byte Ed25519 signature of `data`."""
    return key.sign(data)


def verify_signature(key: Ed25519PublicKey, data: bytes, signature: bytes) -> bool:
    """True when `signature` is `key`'s signature of exactly `data`."""
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return False
    return True


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
