"""pdf: Typst compilation, accented text out of the box, uncovered characters warned about."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from copkit.errors import CopkitError, UsageError
from copkit.output import charts, pdf
from copkit.output.render import typ

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def text_of(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_accents_out_of_the_box() -> None:
    names = "José Núñez, Françoise Çelik, Jürgen Müller, João Leão, Erdős Pál, Ñandú"
    data, warnings = pdf.compile_pdf(f"= Report\n\n{typ(names)}\n")
    assert data.startswith(b"%PDF")
    text = text_of(data)
    for ch in "éñçüãőÇÑ":
        assert ch in text
    assert "Erdős Pál" in text and "João Leão" in text
    assert warnings == []


def test_record_text_stays_text() -> None:
    hostile = "#import \"x\": * $x^2$ @ref <lab> // not a comment [link] = - + 1. _u_"
    data, _ = pdf.compile_pdf(typ(hostile) + "\n")
    flat = " ".join(text_of(data).split())
    assert "$x^2$" in flat and "@ref" in flat and "// not a comment" in flat
    assert "#import" in flat


def test_cjk_without_a_font_is_a_visible_warning() -> None:
    if ord("李") in pdf._system_coverage(()):
        pytest.skip("this computer has a CJK font")
    data, warnings = pdf.compile_pdf(typ("Li Wei 李伟 and Kim 김민준") + "\n")
    assert data.startswith(b"%PDF")
    assert len(warnings) == 1
    warning = warnings[0]
    for ch in "李伟김민준":
        assert ch in warning
    assert "--font" in warning


def test_images_are_embedded_and_their_text_is_in_the_pdf() -> None:
    svg = charts.svg("levels", [("core", 4), ("active", 6)], "Levels of participation")
    data, _ = pdf.compile_pdf('#image("levels.svg", width: 80%)\n',
                              images={"levels.svg": svg.encode()})
    assert "Levels of participation" in text_of(data)


def test_image_names_are_plain_file_names() -> None:
    with pytest.raises(ValueError):
        pdf.compile_pdf("x", images={"../escape.svg": b"<svg/>"})


def test_typst_error_is_a_copkit_error_with_a_hint() -> None:
    with pytest.raises(CopkitError) as err:
        pdf.compile_pdf("fine\n#table(\n")
    assert "the PDF could not be made" in err.value.message
    assert "line 2" in err.value.message
    assert err.value.hint is not None and "templates" in err.value.hint


def test_unknown_font_name_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="no such font"):
        pdf.compile_pdf("x", font="No Such Font Family 123")


def test_missing_font_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        pdf.compile_pdf("x", font=str(tmp_path / "missing.ttf"))


@pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVu Sans is not installed")
def test_font_by_file_and_by_name() -> None:
    for font in (str(DEJAVU), "DejaVu Sans"):
        data, warnings = pdf.compile_pdf("Ελληνικά and Кириллица\n", font=font)
        assert "Кириллица" in text_of(data)
        assert warnings == []
