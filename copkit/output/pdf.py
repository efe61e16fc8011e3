"""PDF through Typst (the `typst` wheel: one self-contained compiler, no system libraries).

`compile_pdf(source, images=..., font=...)` compiles Typst source in a temporary folder that
holds the images the source refers to by file name (`#image("levels.svg")`), and returns the
PDF bytes with a list of warnings for the user.

Fonts: copkit puts a `#set text(font: ...)` line before the source, so templates should set
sizes but not the font family. The list starts with `--font` when given (a family name, or a
font file or folder, whose fonts then become available), then Libertinus Serif, a font compiled
into typst itself that covers Latin accents (é ñ ç ü ã ő), Greek and Cyrillic on every machine,
then common system fonts. Typst takes a glyph missing from the first font from any other font it
knows; a character that no font covers (CJK names on a machine with no CJK font) would be an
empty box with no word from typst, so copkit looks for such characters first and warns, naming
them and `--font`.
"""

from __future__ import annotations

import functools
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from copkit.errors import CopkitError, UsageError

DEFAULT_FONTS = ("Libertinus Serif", "DejaVu Sans", "Noto Sans", "Noto Sans CJK SC",
                 "Noto Sans CJK JP", "Arial Unicode MS", "Microsoft YaHei", "PingFang SC")

# Ranges the fonts embedded in typst (Libertinus Serif, New Computer Modern, DejaVu Sans Mono)
# cover: anything inside is drawn on every machine; anything outside needs a font of the system.
_EMBEDDED = ((0x0020, 0x007E), (0x00A0, 0x024F), (0x0250, 0x02FF), (0x0300, 0x036F),
             (0x0370, 0x03FF), (0x0400, 0x04FF), (0x1E00, 0x1EFF), (0x1F00, 0x1FFF),
             (0x2000, 0x206F), (0x20A0, 0x20C0), (0x2100, 0x214F), (0x2190, 0x21FF),
             (0x2200, 0x22FF), (0x2500, 0x257F), (0x25A0, 0x25FF), (0xFB00, 0xFB06))
_FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")


def compile_pdf(typst_source: str, *, images: dict[str, bytes] | None = None,
                font: str | None = None) -> tuple[bytes, list[str]]:
    """Compile `typst_source` to PDF; (pdf bytes, warnings for the user)."""
    import typst

    font_paths, family, warnings = _font_option(font)
    known = _families(tuple(str(p) for p in font_paths))
    families = ((family,) if family else ()) + tuple(f for f in DEFAULT_FONTS if f in known)
    header = "#set text(font: (" + ", ".join(_typst_string(f) for f in families) + ",))\n"
    warnings += _uncovered(typst_source, font_paths, font)
    with tempfile.TemporaryDirectory(prefix="copkit-pdf-") as tmp:
        folder = Path(tmp)
        for name, data in (images or {}).items():
            if Path(name).name != name or name.startswith("."):
                raise ValueError(f"image name {name!r} must be a plain file name")
            (folder / name).write_bytes(data)
        main = folder / "main.typ"
        main.write_text(header + typst_source, encoding="utf-8")
        try:
            pdf, found = typst.compile_with_warnings(
                str(main), root=str(folder), font_paths=[str(p) for p in font_paths],
                format="pdf")
        except typst.TypstError as e:
            raise CopkitError(f"the PDF could not be made: {_first_line(e)}",
                              hint="if your CoP has its own templates/<kind>/<kind>.typ.j2, "
                                   "fix it at that line; with copkit's own template it is a "
                                   "bug: please report it (use --format html meanwhile)"
                              ) from None
    for w in found:
        warnings.append(f"typst: {getattr(w, 'message', None) or w}")
    return bytes(pdf), warnings


def _first_line(error: Exception) -> str:
    message = getattr(error, "message", None) or str(error)
    diagnostic = getattr(error, "diagnostic", None)
    text = str(message).strip()
    if diagnostic:
        # "error: ... ┌─ main.typ:3:5": keep the position, drop the header line numbering
        for line in str(diagnostic).splitlines():
            if "┌─" in line and "main.typ:" in line:
                line_no, _, col = line.split("main.typ:", 1)[1].strip().partition(":")
                if line_no.isdigit():  # the font line copkit added comes first
                    text += f" (Typst source line {int(line_no) - 1}, column {col})"
                break
    return text


def _typst_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _font_option(font: str | None) -> tuple[list[Path], str | None, list[str]]:
    """`--font`: a family name, or a font file / folder to use."""
    if font is None or not font.strip():
        return [], None, []
    path = Path(font).expanduser()
    if path.suffix.lower() in _FONT_SUFFIXES or path.is_dir():
        if not path.exists():
            raise UsageError(f"--font {font}: no such file or folder",
                             hint="give a font family name (e.g. --font 'Noto Sans CJK SC') "
                                  "or the path of a .ttf/.otf/.ttc file or a folder of them")
        files = [path] if path.is_file() else sorted(
            p for p in path.rglob("*") if p.suffix.lower() in _FONT_SUFFIXES)
        if not files:
            raise UsageError(f"--font {font}: no .ttf, .otf or .ttc file in this folder")
        family = _family_of(files[0])
        return [path], family, []
    families = _families(())
    if font not in families:
        near = sorted(f for f in families if font.lower() in f.lower())[:5]
        raise UsageError(f"--font '{font}': no such font on this computer",
                         hint=("fonts with that name: " + ", ".join(near)) if near else
                         "give the path of a .ttf/.otf file, or install the font; "
                         "`fc-list : family` lists installed fonts on Linux")
    return [], font, []


def _family_of(path: Path) -> str | None:
    from matplotlib import ft2font

    try:
        return str(ft2font.FT2Font(str(path)).family_name)
    except (OSError, RuntimeError, ValueError):
        return None


def _uncovered(text: str, font_paths: list[Path], font: str | None) -> list[str]:
    """Characters of `text` no available font can draw, as a warning (or nothing)."""
    outside = {c for c in set(text) if not _embedded(ord(c)) and _visible(c)}
    if not outside:
        return []
    covered = _system_coverage(tuple(str(p) for p in font_paths))
    missing = sorted(c for c in outside if ord(c) not in covered)
    if not missing:
        return []
    shown = "".join(missing[:20]) + (" …" if len(missing) > 20 else "")
    scripts = sorted({_script(c) for c in missing})
    return [f"no font on this computer can draw {len(missing)} character(s) of the text "
            f"({', '.join(scripts)}): {shown} — they would be empty boxes in the PDF; "
            "install a font that covers them and name it with --font (e.g. --font "
            "'Noto Sans CJK SC', or --font path/to/font.otf), or use --format html"]


def _embedded(code: int) -> bool:
    return any(lo <= code <= hi for lo, hi in _EMBEDDED)


def _visible(c: str) -> bool:
    return unicodedata.category(c)[0] not in ("C", "Z")


def _script(c: str) -> str:
    name = unicodedata.name(c, "")
    return name.split(" ")[0].lower() if name else f"U+{ord(c):04X}"


@functools.lru_cache(maxsize=8)
def _families(font_paths: tuple[str, ...]) -> frozenset[str]:
    import typst

    return frozenset(typst.Fonts(font_paths=list(font_paths)).families())


@functools.lru_cache(maxsize=8)
def _system_coverage(font_paths: tuple[str, ...]) -> frozenset[int]:
    """Code points of every font typst can use on this computer (plus font_paths)."""
    import typst

    files: set[str] = set()
    for info in typst.Fonts(font_paths=list(font_paths)).fonts():
        if info.path:
            files.add(str(info.path))
    return frozenset(_codepoints(sorted(files)))


def _codepoints(files: Iterable[str]) -> set[int]:
    from matplotlib import ft2font

    out: set[int] = set()
    for path in files:
        try:
            out.update(ft2font.FT2Font(path).get_charmap())
        except (OSError, RuntimeError, ValueError):
            continue
    return out
