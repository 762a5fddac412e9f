"""The journal's key, kept only wrapped: once by the passphrase, once by the recovery key.

The data key is 32 random bytes; SQLCipher encrypts the journal and its backups with it. It is
never written down as it is. `encryption.json` in the data folder holds it twice, each time
sealed with AES-256-GCM:

- under a key derived from the passphrase with scrypt (memory-hard: n=2**17, r=8, p=1, about
  128 MiB and a few tenths of a second, so that guessing passphrases is slow), and
- under a key derived from the recovery key, 160 random bits shown as eight groups of four
  letters and digits (Crockford's base 32: no I, L, O or U, so nothing reads two ways).

Changing the passphrase rewraps the same data key; the journal is not rewritten. A wrong
passphrase fails GCM's check, so it is told apart from a right one without touching the journal
and without saying anything about the key. Anchors: LUKS and KeePassXC (one key, several ways
in), Joplin (a master key wrapped by the password).

The `cryptography` package loads when a key is first sealed or opened, not with this module:
a plain journal opens without it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carecompanion.db.errors import JournalUnavailable
from carecompanion.paths import PRIVATE_FILE

KEY_FILE = "encryption.json"
KEY_FILE_LIMIT = 64 * 1024
MIN_SCRYPT_N, MAX_SCRYPT_N = 2**10, 2**17  # 2**17 with r=8 is 128 MiB, the most allowed
FORMAT = 1
DATA_KEY_BYTES = 32
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32
RECOVERY_GROUPS, GROUP_LENGTH = 8, 4  # 32 symbols of 5 bits: 160 bits
_SAME_AS = {"O": "0", "I": "1", "L": "1"}
MIN_PASSPHRASE = 8
MAX_PASSPHRASE = 1024


class WrongSecret(JournalUnavailable):
    """The passphrase or recovery key does not open this journal."""


class KeyFileDamaged(JournalUnavailable):
    """encryption.json is missing, unreadable or not ours."""


@dataclass(frozen=True, slots=True)
class Sealed:
    salt: bytes
    nonce: bytes
    wrapped: bytes
    scrypt_n: int = 0  # 0: the recovery key's derivation (HKDF), which needs no cost

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kdf": "scrypt" if self.scrypt_n else "hkdf-sha256",
            "salt": _b64(self.salt),
            "nonce": _b64(self.nonce),
            "wrapped": _b64(self.wrapped),
        }
        if self.scrypt_n:
            out.update(n=self.scrypt_n, r=SCRYPT_R, p=SCRYPT_P)
        return out


@dataclass(frozen=True, slots=True)
class KeyFile:
    by_passphrase: Sealed
    by_recovery: Sealed

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "cipher": "SQLCipher 4",
            "passphrase": self.by_passphrase.as_json(),
            "recovery_key": self.by_recovery.as_json(),
        }


def check_passphrase(passphrase: str) -> str:
    """The passphrase as given, or InvalidSecret saying what is allowed."""
    from carecompanion.domain.errors import InvalidSecret

    if len(passphrase.strip()) < MIN_PASSPHRASE:
        raise InvalidSecret(
            "passphrase",
            f"{len(passphrase.strip())} characters is too short; use at least {MIN_PASSPHRASE}, "
            "not counting spaces at the ends (a few ordinary words make a good one)",
        )
    if len(passphrase) > MAX_PASSPHRASE:
        raise InvalidSecret("passphrase", f"use at most {MAX_PASSPHRASE} characters")
    return passphrase


def new_data_key() -> bytes:
    return secrets.token_bytes(DATA_KEY_BYTES)


def new_recovery_key() -> str:
    symbols = "".join(secrets.choice(_ALPHABET) for _ in range(RECOVERY_GROUPS * GROUP_LENGTH))
    return "-".join(symbols[i : i + GROUP_LENGTH] for i in range(0, len(symbols), GROUP_LENGTH))


def normalise_recovery_key(text: str) -> str:
    """The recovery key as typed (any case, spaces or dashes, O for 0) in its canonical form."""
    from carecompanion.domain.errors import InvalidSecret

    symbols = "".join(_SAME_AS.get(c, c) for c in text.upper() if c not in " -\t\r\n")
    wrong = sorted({c for c in symbols if c not in _ALPHABET})
    if wrong or len(symbols) != RECOVERY_GROUPS * GROUP_LENGTH:
        raise InvalidSecret(
            "recovery key",
            "expected 8 groups of 4 letters and digits, like 7KQ2-9XHM-…"
            + ("; it holds other characters" if wrong else f" ({len(symbols)} given)"),
        )
    return "-".join(symbols[i : i + GROUP_LENGTH] for i in range(0, len(symbols), GROUP_LENGTH))


def create(passphrase: str, *, scrypt_n: int | None = None) -> tuple[KeyFile, bytes, str]:
    """A new data key, sealed by `passphrase` and by a new recovery key: (file, key, recovery)."""
    scrypt_n = scrypt_n or SCRYPT_N
    data_key = new_data_key()
    recovery = new_recovery_key()
    keyfile = KeyFile(
        by_passphrase=_seal_with_passphrase(data_key, passphrase, scrypt_n),
        by_recovery=_seal(data_key, _recovery_kek, recovery, 0),
    )
    return keyfile, data_key, recovery


def rewrap(keyfile: KeyFile, data_key: bytes, new_passphrase: str) -> KeyFile:
    """The same data key and recovery key, sealed by a new passphrase."""
    return KeyFile(
        by_passphrase=_seal_with_passphrase(data_key, new_passphrase, SCRYPT_N),
        by_recovery=keyfile.by_recovery,
    )


def open_with_passphrase(keyfile: KeyFile, passphrase: str) -> bytes:
    sealed = keyfile.by_passphrase
    if not passphrase:
        raise WrongSecret("No passphrase was given, so the journal stays locked.")
    kek = _passphrase_kek(passphrase, sealed.salt, sealed.scrypt_n)
    return _open(sealed, kek, b"passphrase", "passphrase")


def open_with_recovery_key(keyfile: KeyFile, recovery: str) -> bytes:
    sealed = keyfile.by_recovery
    kek = _recovery_kek(normalise_recovery_key(recovery), sealed.salt, 0)
    return _open(sealed, kek, b"recovery key", "recovery key")


def path_in(root: Path) -> Path:
    return root / KEY_FILE


def parse(data: bytes) -> KeyFile:
    """A key file's content (ValueError when it is not one this version reads)."""
    try:
        raw = json.loads(data)
        if raw.get("format") != FORMAT:
            raise ValueError("format")
        return KeyFile(
            _sealed(raw["passphrase"], "scrypt"), _sealed(raw["recovery_key"], "hkdf-sha256")
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError("not a key file") from exc


def serialised(keyfile: KeyFile) -> bytes:
    return json.dumps(keyfile.as_json(), indent=2).encode() + b"\n"


def read(root: Path) -> KeyFile:
    path = path_in(root)
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise ValueError("not a regular file")  # a FIFO or device would never end
        with path.open("rb") as handle:
            data = handle.read(KEY_FILE_LIMIT + 1)
        if len(data) > KEY_FILE_LIMIT:
            raise ValueError("too long for a key file")
        raw = json.loads(data)
        if isinstance(raw, dict) and isinstance(raw.get("format"), int) and raw["format"] > FORMAT:
            raise KeyFileDamaged(
                f"The key file {path} was written by a newer version of CareCompanion; install "
                "that version to unlock this journal. Nothing was changed."
            )
        return parse(data)
    except FileNotFoundError:
        raise KeyFileDamaged(
            f"The journal in {root} is encrypted, but its key file {path} is missing. Put the "
            "file back (from wherever the data folder was copied) to unlock it. Nothing was "
            "changed."
        ) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise KeyFileDamaged(
            f"The key file {path} cannot be read ({type(exc).__name__}), so the journal cannot "
            "be unlocked. Nothing was changed."
        ) from None


def write(root: Path, keyfile: KeyFile) -> None:
    """Replace encryption.json atomically (a new private file, synced, then renamed)."""
    path = path_in(root)
    partial = path.with_name(path.name + ".new")
    partial.unlink(missing_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(partial, flags, PRIVATE_FILE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(serialised(keyfile))
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    from carecompanion.db.backup import sync_folder

    sync_folder(root)


def _seal_with_passphrase(data_key: bytes, passphrase: str, scrypt_n: int) -> Sealed:
    return _seal(data_key, _passphrase_kek, passphrase, scrypt_n)


def _seal(data_key: bytes, derive: Any, secret: str, scrypt_n: int) -> Sealed:
    salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    kek: bytes = derive(secret, salt, scrypt_n)
    purpose = b"passphrase" if scrypt_n else b"recovery key"
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    wrapped = AESGCM(kek).encrypt(nonce, data_key, _AAD + purpose)
    return Sealed(salt, nonce, wrapped, scrypt_n)


def _open(sealed: Sealed, kek: bytes, purpose: bytes, what: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        key = AESGCM(kek).decrypt(sealed.nonce, sealed.wrapped, _AAD + purpose)
    except InvalidTag:
        raise WrongSecret(
            f"That {what} does not unlock this journal. Nothing was changed."
        ) from None
    if len(key) != DATA_KEY_BYTES:
        raise WrongSecret(f"That {what} does not unlock this journal. Nothing was changed.")
    return key


_AAD = b"CareCompanion journal key, sealed by its "


def _passphrase_kek(passphrase: str, salt: bytes, scrypt_n: int) -> bytes:
    return hashlib.scrypt(
        passphrase.encode("utf-8"),
        salt=salt,
        n=scrypt_n,
        r=SCRYPT_R,
        p=SCRYPT_P,
        maxmem=256 * 1024 * 1024,
        dklen=32,
    )


def _recovery_kek(recovery: str, salt: bytes, _cost: int) -> bytes:
    # The recovery key is 160 random bits: a fast derivation loses nothing against guessing.
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"recovery key").derive(
        recovery.encode("ascii")
    )


def _sealed(raw: dict[str, Any], kdf: str) -> Sealed:
    """One wrapping, checked whole: its derivation, cost and sizes are the ones written here."""
    if raw["kdf"] != kdf:
        raise ValueError("derivation")
    n = raw.get("n", 0) if kdf == "scrypt" else 0
    if kdf == "scrypt" and (
        type(n) is not int or not MIN_SCRYPT_N <= n <= MAX_SCRYPT_N or n & (n - 1)
    ):
        raise ValueError("scrypt cost")
    sealed = Sealed(_unb64(raw["salt"]), _unb64(raw["nonce"]), _unb64(raw["wrapped"]), n)
    if (len(sealed.salt), len(sealed.nonce), len(sealed.wrapped)) != (16, 12, DATA_KEY_BYTES + 16):
        raise ValueError("sizes")
    return sealed


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
