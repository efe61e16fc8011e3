"""Keyed hashes for `copkit export --pseudonymise` and for counting a person once across
CoPs: HMAC-SHA256 under a key read from the environment (COPKIT_EXPORT_KEY), never written
anywhere. Whoever holds the key can confirm a guess (an id, an address); without it a hash
says nothing. The same key gives the same hash in every CoP, so a funder's exports join."""

from __future__ import annotations

import hashlib
import hmac
import os

from copkit.errors import CopkitError

KEY_ENV = "COPKIT_EXPORT_KEY"
MIN_KEY = 16     # characters of the key
DIGITS = 16      # hex digits of a member's pseudonym (64 bits: no collision in practice)


def export_key(required: bool) -> bytes | None:
    """The export key from the environment; None when it is not set and not `required`."""
    value = os.environ.get(KEY_ENV, "")
    if not value:
        if required:
            raise CopkitError(f"--pseudonymise needs a key in the environment variable "
                             f"{KEY_ENV}", hint=f"set it to a secret of {MIN_KEY}+ characters "
                             f"kept outside the CoP, e.g. export {KEY_ENV}=$(openssl rand "
                             "-hex 32); use the same key for every CoP to compare")
        return None
    if len(value) < MIN_KEY:
        raise CopkitError(f"{KEY_ENV} is too short ({len(value)} characters)",
                         hint=f"use a secret of at least {MIN_KEY} characters")
    return value.encode("utf-8")


def pseudonym(key: bytes, member_id: str) -> str:
    """A member id's keyed hash, 16 hex digits."""
    return hmac.new(key, b"member:" + member_id.encode("utf-8"),
                    hashlib.sha256).hexdigest()[:DIGITS]


def person(key: bytes, email: str) -> str:
    """An email's keyed hash (spaces around it removed, case folded), 64 hex digits: the same
    person in two CoPs exported with the same key has the same value."""
    normal = email.strip().casefold()
    return hmac.new(key, b"email:" + normal.encode("utf-8"), hashlib.sha256).hexdigest()
