"""A document as an email ready to send: a `.eml` file that a mail program opens as a draft.

`message(subject, text, html, images)` builds it with the standard library's email package:
multipart/alternative with the plain text (the Markdown rendering, readable as it is) and the
HTML, whose CSS is moved into each element's `style` attribute (`inline_css`: mail programs
drop or ignore a `<style>` block) and whose images travel inside the message, each named by
its Content-ID (`<img src="cid:...">`, multipart/related). It is addressed to nobody: no From,
To or Cc; the person sending it fills them in (and puts the members in Bcc). `X-Unsent: 1`
makes Outlook open it as a draft.
"""

from __future__ import annotations

import re
from email.message import EmailMessage
from email.policy import SMTP

_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_STYLE_BLOCK = re.compile(r"<style[^>]*>(.*?)</style>\s*", re.S | re.I)
_START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)(\s[^<>]*?)?(/?)>")
_CLASS = re.compile(r"""\sclass\s*=\s*(["'])(.*?)\1""", re.S)
_STYLE = re.compile(r"""\sstyle\s*=\s*(["'])(.*?)\1""", re.S)
_SIMPLE = re.compile(r"^([a-zA-Z][a-zA-Z0-9]*)?((?:\.[\w-]+)*)$")


def message(subject: str, text: str, html: str,
            images: dict[str, tuple[bytes, str]] | None = None) -> bytes:
    """The email's bytes (CRLF line ends, as SMTP and .eml files have them). `images`: the
    bytes and MIME subtype of each image the HTML names as `cid:<name>`."""
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["X-Unsent"] = "1"
    msg.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(inline_css(html), subtype="html", charset="utf-8",
                        cte="quoted-printable")
    body = msg.get_body(("html",))
    assert isinstance(body, EmailMessage)  # the part added just above
    for name, (data, subtype) in (images or {}).items():
        body.add_related(data, maintype="image", subtype=subtype, cid=f"<{name}>",
                         disposition="inline", filename=f"{name}.{subtype.split('+')[0]}")
    return msg.as_bytes(policy=SMTP)


def inline_css(html: str) -> str:
    """`html` with the rules of its `<style>` blocks written into the `style` attribute of
    each element they select (selectors of a tag, classes, or a tag with classes; other
    selectors are left out), the element's own style last; the blocks removed."""
    rules: list[tuple[str | None, set[str], str]] = []
    for block in _STYLE_BLOCK.findall(html):
        for selectors, declarations in _RULE.findall(block):
            body = " ".join(declarations.split()).strip().rstrip(";")
            for selector in selectors.split(","):
                m = _SIMPLE.match(selector.strip())
                if m and body:
                    classes = {c for c in m.group(2).split(".") if c}
                    rules.append((m.group(1), classes, body))
    return _START_TAG.sub(lambda m: _styled(m, rules), _STYLE_BLOCK.sub("", html))


def _styled(m: re.Match[str], rules: list[tuple[str | None, set[str], str]]) -> str:
    tag, attrs, closing = m.group(1).lower(), m.group(2) or "", m.group(3)
    found = _CLASS.search(attrs)
    classes = set(found.group(2).split()) if found else set()
    styles = [body for t, cls, body in rules
              if (t is None or t == tag) and cls <= classes and (t or cls)]
    if not styles:
        return m.group(0)
    own = _STYLE.search(attrs)
    if own:
        styles.append(own.group(2).strip().rstrip(";"))
        attrs = attrs[:own.start()] + attrs[own.end():]
    style = "; ".join(styles).replace('"', "'")
    return f'<{m.group(1)}{attrs} style="{style}"{closing}>'
