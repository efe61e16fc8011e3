"""`copkit newsletter --format email`: a .eml with plain text and HTML (inline CSS), images by
Content-ID, addressed to nobody, no contact detail in it."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

import pytest
from typer.testing import Result

from copkit.output.eml import inline_css, message
from tests.newsletter_cop import write_cop

Cli = Callable[..., Result]


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPKIT_TODAY", "2026-11-20")


def parse(data: bytes) -> EmailMessage:
    msg = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def test_inline_css_moves_each_rule_into_the_elements_it_selects() -> None:
    html = ('<html><head><style>\nh2 { color: red; }\n.meta, td.num { font-size: 9px }\n'
            'a:hover { color: blue }\n</style></head>'
            '<body><h2 class="x">T</h2><p class="meta" style="margin: 0">m</p>'
            '<td class="num">1</td><td>2</td><br/></body></html>')
    assert inline_css(html) == (
        '<html><head></head><body><h2 class="x" style="color: red">T</h2>'
        '<p class="meta" style="font-size: 9px; margin: 0">m</p>'
        '<td class="num" style="font-size: 9px">1</td><td>2</td><br/></body></html>')


def test_message_is_multipart_with_images_by_content_id() -> None:
    data = message("Ñews: May", "plain text", '<p>hi <img src="cid:chart-a"></p>',
                   {"chart-a": (b"<svg/>", "svg+xml")})
    assert b"\r\n" in data
    msg = parse(data)
    assert msg["Subject"] == "Ñews: May"
    assert msg["To"] is None and msg["From"] is None and msg["Cc"] is None
    assert msg["X-Unsent"] == "1"
    assert [p.get_content_type() for p in msg.walk()] == [
        "multipart/alternative", "text/plain", "multipart/related", "text/html",
        "image/svg+xml"]
    image = next(p for p in msg.walk() if p.get_content_maintype() == "image")
    assert image["Content-ID"] == "<chart-a>"
    assert image.get_content() == b"<svg/>"


def _eml(cli: Cli, tmp_path: Path, *more: str) -> tuple[Result, Path]:
    root = write_cop(tmp_path / "cop")
    out = tmp_path / "news.eml"
    result = cli("newsletter", "--cop", str(root), "--from", "2026-05-01", "--to", "2026-06-30",
                 "--format", "email", "--out", str(out), *more)
    return result, out


def test_newsletter_as_email(cli: Cli, tmp_path: Path) -> None:
    result, out = _eml(cli, tmp_path, "--lang", "es")
    assert result.exit_code == 0, result.output
    msg = parse(out.read_bytes())
    assert msg["Subject"] == "Río Test CoP: novedades del 1 de mayo al 30 de junio de 2026"
    assert msg["To"] is None
    text = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    assert text is not None and html is not None
    plain = text.get_content().replace("\r\n", "\n")
    assert plain.startswith("# Río Test CoP: novedades del 1 de mayo al 30 de junio de 2026\n")
    body = html.get_content()
    assert "<style" not in body
    assert '<h2 style="border-bottom: 2px solid #1b6a8f;' in body
    assert ">Nuestras reuniones</h2>" in body


def test_no_contact_detail_in_the_email(cli: Cli, tmp_path: Path) -> None:
    from tests.newsletter_cop import MEMBERS

    result, out = _eml(cli, tmp_path)
    assert result.exit_code == 0, result.output
    msg = parse(out.read_bytes())
    content = "".join(str(p.get_content()) for p in msg.walk() if not p.is_multipart())
    for line in MEMBERS.splitlines():
        key, _, value = line.strip().partition(": ")
        if key in ("email", "phone"):
            assert value.strip('"') not in content
    refused, _ = _eml(cli, tmp_path / "again", "--include-contacts")
    assert refused.exit_code == 2
    assert "--include-contacts cannot be used with --format email" in refused.output


def test_default_file_is_eml(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_cop(tmp_path / "cop")
    monkeypatch.chdir(tmp_path)
    result = cli("newsletter", "--cop", str(root), "--from", "2026-05-01", "--to", "2026-06-30",
                 "--format", "email")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "newsletter-2026-06-30.eml").is_file()
