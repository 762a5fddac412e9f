"""Change files: what one computer writes into the sync folder for the others to read.

A change file is a small JSON envelope around a journal document (the JSON file's own format,
docs/data-format.md), written once and never edited:

    {"format": "carecompanion-changes", "version": 1, "journal_id": "<uuid>",
     "device": "<32 hex>", "sequence": 7, "written_at": "<ISO 8601>",
     "sealed": false, "changes": {...the journal document...}}

With encryption on, `sealed` is true and `changes` is replaced by `payload`: the document's
bytes sealed with AES-GCM under the journal's key (a fresh 96-bit nonce before the ciphertext,
base64), bound to the journal, the device and the sequence, so a file cannot be passed off as
another. Its name is the sequence: `0000000007.ccsync`. Any other name (a sync tool's
temporary or conflict copy, "(1)") is not ours and is never read.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.transfer import JournalDocument
from carecompanion.export import json_file

FORMAT = "carecompanion-changes"
VERSION = 1
SUFFIX = ".ccsync"
# The number orders a computer's files; the random tag keeps a name from ever being used twice
# (a computer whose folder was lost, or a journal moved to a new sync folder, starts again at 1,
# and the other computers must not take its new files for ones they applied).
NAME = re.compile(r"([0-9]{10})-[0-9a-f]{8}\.ccsync")
DEVICE = re.compile(r"[0-9a-f]{32}")
NONCE_BYTES = 12


class Unreadable(Exception):
    """Not (yet) a whole change file: half-written, garbled, or sealed with another key."""


class WrongKey(Unreadable):
    """A whole change file sealed with a key this journal does not hold (or it holds none)."""


class NewerFormat(Exception):
    """A change file of a format newer than this version reads."""


@dataclass(frozen=True, slots=True)
class ChangeFile:
    journal_id: uuid.UUID
    device: str
    sequence: int
    written_at: datetime
    document: JournalDocument


def file_name(sequence: int) -> str:
    return f"{sequence:010d}-{secrets.token_hex(4)}{SUFFIX}"


def sequence_of(name: str) -> int | None:
    """The sequence a change file's name gives, or None for any name that is not ours."""
    found = NAME.fullmatch(name)
    return int(found.group(1)) if found else None


def seal(key: bytes, plain: bytes, bound_to: bytes) -> bytes:
    """AES-GCM under `key` with a fresh nonce: nonce + ciphertext (with its tag)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plain, bound_to)


def unseal(key: bytes, sealed: bytes, bound_to: bytes) -> bytes:
    """The bytes `seal` sealed; Unreadable for another key, another binding or any damage."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], bound_to)
    except (InvalidTag, ValueError):
        raise WrongKey("sealed with another key") from None


def _binding(journal_id: uuid.UUID, device: str, sequence: int) -> bytes:
    return f"{FORMAT}/{journal_id}/{device}/{sequence}".encode()


def encode(change: ChangeFile, key: bytes | None) -> bytes:
    document = json_file.dumps(change.document)
    envelope: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "journal_id": str(change.journal_id),
        "device": change.device,
        "sequence": change.sequence,
        "written_at": change.written_at.isoformat(),
        "sealed": key is not None,
    }
    if key is None:
        envelope["changes"] = json.loads(document)
    else:
        bound = _binding(change.journal_id, change.device, change.sequence)
        envelope["payload"] = base64.b64encode(seal(key, document, bound)).decode("ascii")
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def is_sealed(data: bytes) -> bool:
    """Whether a whole change file is sealed (its payload encrypted)."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False
    return isinstance(raw, dict) and raw.get("sealed") is True


def decode(data: bytes, key: bytes | None) -> ChangeFile:
    """Read a change file whole; Unreadable, NewerFormat or InvalidInput (a bad record)."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Unreadable("not a whole change file") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise Unreadable("not a change file")
    version = raw.get("version")
    if type(version) is not int:
        raise Unreadable("no format version")
    if version > VERSION:
        raise NewerFormat(f"change file format {version}")
    try:
        journal_id = uuid.UUID(str(raw["journal_id"]))
        device, sequence = str(raw["device"]), raw["sequence"]
        written_at = datetime.fromisoformat(str(raw["written_at"]))
    except (KeyError, ValueError):
        raise Unreadable("its header is incomplete") from None
    if DEVICE.fullmatch(device) is None or type(sequence) is not int or written_at.tzinfo is None:
        raise Unreadable("its header is not one this app writes")
    if raw.get("sealed") is True:
        if key is None:
            raise WrongKey("sealed, and this journal is not encrypted")
        try:
            sealed = base64.b64decode(str(raw.get("payload", "")), validate=True)
        except (binascii.Error, ValueError):
            raise Unreadable("its sealed payload is damaged") from None
        document = unseal(key, sealed, _binding(journal_id, device, sequence))
    else:
        document = json.dumps(raw.get("changes")).encode("utf-8")
    try:
        doc = json_file.loads(document)
    except InvalidInput as exc:
        if exc.field == "version" and isinstance(exc.value, int):
            raise NewerFormat(f"journal file format {exc.value}") from None
        raise
    return ChangeFile(journal_id, device, sequence, written_at, doc)
