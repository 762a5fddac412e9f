"""Small files sealed with the journal's key (AES-256-GCM): the draft of an unsaved check-in.

A sealed file starts with `MAGIC`, then a 12-byte random nonce, then the ciphertext with its
16-byte tag. `what` (the file's purpose) is bound in as associated data, so a sealed draft can
never be passed off as some other sealed file. (`cryptography` loads at the first seal or unseal.)
"""

from __future__ import annotations

import secrets

MAGIC = b"CareCompanion sealed 1\n"
NONCE_BYTES = 12


class Unsealable(ValueError):
    """Not a sealed file, or not sealed with this key."""


def is_sealed(data: bytes) -> bool:
    return data.startswith(MAGIC)


def seal(key: bytes, data: bytes, what: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(NONCE_BYTES)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, data, what)


def unseal(key: bytes, sealed: bytes, what: bytes) -> bytes:
    if not is_sealed(sealed):
        raise Unsealable("not sealed")
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    body = sealed[len(MAGIC) :]
    try:
        return AESGCM(key).decrypt(body[:NONCE_BYTES], body[NONCE_BYTES:], what)
    except (InvalidTag, ValueError):
        raise Unsealable("not sealed with this key") from None
