"""The CoP's key and the keyed hash of an email.

members.yaml keeps, for each member with an email, ``email_hash``: HMAC-SHA256 of the address
(spaces around it removed, case folded) under a key of the CoP's own, ``.copkit/hash-key``,
written by ``copkit init`` (or ``copkit contacts split``) and committed with the records. It is
a lookup aid, not secrecy: whoever has the repository has the key and can confirm an address
they already know (the same import matching does); it cannot be turned back into an address
nobody guessed, and, the key being the CoP's own, the same address has another hash in another
CoP. A CoP with the key is in the *new layout*: copkit writes contact details only into
``contacts.yaml``.
"""

from __future__ import annotations

import hashlib
import secrets
from functools import lru_cache
from pathlib import Path

from copkit.edit import store
from copkit.errors import RecordError
from copkit.yaml import txn

KEY_PATH = ".copkit/hash-key"
HASHED = "hmac:"  # how a hash stands for an email where emails are compared
_HEADER = ("# copkit's key for the email hashes of members.yaml (email_hash). Committed: it\n"
           "# lets imports match a row by its email without contacts.yaml. Do not edit.\n")


def email_key(email: str) -> str:
    """An email as it is compared and hashed: spaces around it removed, case folded."""
    return email.strip().casefold()


def read_key(root: Path) -> bytes | None:
    """The CoP's key, None when it has none (a CoP in the old layout)."""
    path = Path(root) / KEY_PATH
    try:
        text = txn.read_bytes(path).decode("ascii", errors="replace")
    except FileNotFoundError:
        return None
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            try:
                key = bytes.fromhex(line)
            except ValueError:
                key = b""
            if len(key) >= 16:
                return key
            break
    raise RecordError(f"{KEY_PATH} does not hold a key copkit wrote",
                      "restore it from git (git checkout -- .copkit/hash-key)",
                      f"{KEY_PATH}:1:1")


def new_key_text() -> str:
    return _HEADER + secrets.token_hex(32) + "\n"


def ensure_key(root: Path) -> tuple[bytes, bool]:
    """The CoP's key, written (in the running transaction) when it has none; True when new."""
    key = read_key(root)
    if key is not None:
        return key, False
    store.write_text(Path(root) / KEY_PATH, new_key_text(), exclusive=True)
    found = read_key(root)
    assert found is not None
    return found, True


@lru_cache(maxsize=4)
def _pads(key: bytes) -> tuple[hashlib._Hash, hashlib._Hash]:
    """The two SHA-256 states HMAC starts from under ``key`` (RFC 2104: the key, padded to
    the block, XOR 0x36 and XOR 0x5c), made once per key: an import hashes thousands of
    emails, and :func:`hmac.new` would make them again for each."""
    block = hashlib.sha256().block_size
    if len(key) > block:
        key = hashlib.sha256(key).digest()
    key = key.ljust(block, b"\0")
    return (hashlib.sha256(bytes(b ^ 0x36 for b in key)),
            hashlib.sha256(bytes(b ^ 0x5C for b in key)))


def email_hash(key: bytes, email: str) -> str:
    """HMAC-SHA256 of the email (as :func:`email_key` gives it), 64 hex digits (what
    ``hmac.new(key, email, sha256).hexdigest()`` gives; tests compare the two)."""
    inner, outer = _pads(key)
    inner, outer = inner.copy(), outer.copy()
    inner.update(email_key(email).encode("utf-8"))
    outer.update(inner.digest())
    return outer.hexdigest()


@lru_cache(maxsize=4)
def _memo(key: bytes) -> dict[str, str]:
    """The forms :class:`Hasher` made under ``key`` so far (an email -> ``hmac:<hash>``)."""
    return {}


class Hasher:
    """Emails as an index of members compares them: ``hmac:<hash>`` when the CoP has a key
    (so a member known only by ``email_hash`` is found by their address), else the email."""

    def __init__(self, key: bytes | None) -> None:
        self.key = key
        # an import asks about the same email several times (the plan's match, the
        # possible duplicates, the write, each with a hasher of its own): each is hashed
        # once per key
        self._forms: dict[str, str] = {} if key is None else _memo(key)

    def form(self, email: str | None) -> str | None:
        if not email or not email.strip() or email.startswith(HASHED):
            return email
        found = self._forms.get(email)
        if found is None:
            found = email_key(email) if self.key is None else \
                HASHED + email_hash(self.key, email)
            self._forms[email] = found
        return found

    def hash(self, email: str) -> str:
        """The email's ``email_hash`` under the CoP's key (which the hasher must have)."""
        assert self.key is not None
        if not email.strip() or email.startswith(HASHED):
            return email_hash(self.key, email)
        return str(self.form(email))[len(HASHED):]

    def member_form(self, member: dict[str, object]) -> str | None:
        """A member's email in :meth:`form`: their address (old layout) hashed, else their
        ``email_hash``."""
        email = member.get("email")
        if isinstance(email, str) and email.strip():
            return self.form(email)
        found = member.get("email_hash")
        if self.key is not None and isinstance(found, str) and found:
            return HASHED + found
        return None
