"""contacts.yaml encrypted for other facilitators (age, through pyrage), and back.

``copkit contacts export --to KEY`` encrypts the file for each key given: an age public key
(``age1...``), an SSH public key (``ssh-ed25519 ...``, ``ssh-rsa ...``), or a file holding such
keys one a line (a GitHub user's ``https://github.com/NAME.keys`` saved to a file works). Only
the holders of the matching private keys can read it, so it can travel by email, a chat or a
USB stick without touching the repository. ``copkit contacts import FILE --identity KEY``
decrypts it with an age identity file (``AGE-SECRET-KEY-1...``) or an unencrypted SSH private
key, checks it as contacts.yaml, and merges it into the CoP's (:mod:`copkit.contacts.merge`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from copkit.errors import RecordError, UsageError

MAX_ENCRYPTED = 16 * 1024 * 1024
_SSH = ("ssh-ed25519 ", "ssh-rsa ")


def _recipient(text: str) -> Any:
    from pyrage import RecipientError, ssh, x25519

    try:
        if text.startswith("age1"):
            return x25519.Recipient.from_str(text)
        if text.startswith(_SSH):
            return ssh.Recipient.from_str(text)
    except RecipientError as exc:
        raise UsageError(f"--to: '{_short(text)}' is not a valid key ({exc})",
                         "copy the whole public key: age1... or ssh-ed25519 AAAA...") from None
    raise UsageError(f"--to: '{_short(text)}' is neither an age public key (age1...) nor an "
                     "SSH public key (ssh-ed25519 ..., ssh-rsa ...), nor a file of them",
                     "ask the other facilitator for their public key (age-keygen -y, or their "
                     "~/.ssh/id_ed25519.pub)")


def _short(text: str) -> str:
    from copkit.text import printable

    return printable(text if len(text) <= 40 else text[:37] + "...")


def recipients(given: Sequence[str]) -> list[Any]:
    """Each ``--to``: a key, or a file of keys (one a line; ``#`` comments)."""
    out: list[Any] = []
    for text in given:
        text = text.strip()
        path = Path(text).expanduser()
        if not text.startswith(("age1", *_SSH)) and path.is_file():
            lines = [ln.strip() for ln in path.read_text(encoding="utf-8", errors="replace")
                     .splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
            if not lines:
                raise UsageError(f"--to {text}: the file holds no key")
            out += [_recipient(ln) for ln in lines]
        else:
            out.append(_recipient(text))
    if not out:
        raise UsageError("give at least one --to KEY: who may read the file")
    return out


def encrypt(data: bytes, to: Sequence[str]) -> bytes:
    import pyrage

    return pyrage.encrypt(data, recipients(to))


def identities(path: Path) -> list[Any]:
    """The private keys of an age identity file or an SSH private key file."""
    from pyrage import IdentityError, ssh, x25519

    try:
        raw = Path(path).expanduser().read_bytes()
    except OSError as exc:
        raise UsageError(f"--identity {path}: cannot read it ({exc.strerror})",
                         "give your age identity file or your SSH private key") from None
    text = raw.decode("utf-8", errors="replace")
    try:
        if "-----BEGIN OPENSSH PRIVATE KEY-----" in text or "PRIVATE KEY-----" in text:
            return [ssh.Identity.from_buffer(raw)]
        keys = [ln.strip() for ln in text.splitlines() if ln.strip().startswith("AGE-SECRET")]
        if keys:
            return [x25519.Identity.from_str(k) for k in keys]
    except (IdentityError, ValueError) as exc:
        raise UsageError(f"--identity {path}: not a key copkit can use ({exc})",
                         "an age identity (AGE-SECRET-KEY-1...) or an SSH private key without "
                         "a passphrase") from None
    raise UsageError(f"--identity {path}: holds no age identity (AGE-SECRET-KEY-1...) or SSH "
                     "private key", "give the key that matches the public key the file was "
                     "encrypted for")


def decrypt(path: Path, identity: Path) -> bytes:
    """The plain text of an exported file; a clear error (nothing written) for a wrong key."""
    import pyrage

    keys = identities(identity)
    try:
        size = Path(path).stat().st_size
        if size > MAX_ENCRYPTED:
            raise RecordError(f"{path} is {size // 1024} KB: larger than an exported "
                              "contacts file can be", "check that it is the right file")
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path} ({exc.strerror})") from None
    try:
        return bytes(pyrage.decrypt(data, keys))
    except pyrage.DecryptError as exc:
        why = str(exc)
        if "No matching keys" in why:
            raise RecordError(f"{path} was not encrypted for the key in {identity}; nothing "
                              "was written", "ask the sender to export it again with your "
                              "public key (--to), or give the matching --identity") from None
        raise RecordError(f"{path} is not a file `copkit contacts export` wrote, or it is "
                          f"damaged ({why}); nothing was written",
                          "ask the sender for the file again") from None
