"""Jinja rendering of reports and newsletters, in Markdown, HTML and Typst source.

`render(cop_root, kind, fmt, context)` renders `<kind>.<fmt>.j2`, looked up first in the CoP's
own `templates/<kind>/` folder (so a community can override any template by name), then in the
templates shipped with copkit. The environment is sandboxed (a CoP's templates come from a
shared folder), `StrictUndefined` (a misspelt name is an error, never an empty string) and
autoescapes HTML. Record text goes through a filter for its format: `md` escapes Markdown,
`typ` escapes Typst markup, so text from a record never becomes markup.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from copkit.errors import CopkitError
from copkit.text import printable

if TYPE_CHECKING:
    import jinja2

KINDS = ("report", "newsletter")
FORMATS = ("md", "html", "typ")

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&!])")
_MD_LEADING = re.compile(r"^(\s*)(?:([-+=])|(\d+)([.)])(?=\s|$))")
_TYP_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
_SPACES = re.compile(r"\s+")


def md(value: object) -> str:
    """Record text made safe for inline Markdown (GitHub-flavoured), tables included.

    Line breaks become spaces (a line break would end a table row or start a block), the
    Markdown specials are backslash-escaped, and a leading `-`, `+`, `=` or `1.` is escaped so
    it never starts a list or a heading.
    """
    text = _SPACES.sub(" ", _text(value)).strip()
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LEADING.sub(_md_leading, text)


def _md_leading(m: re.Match[str]) -> str:
    # `\-` for a list or heading marker; `1\.` for a numbered list (a digit is not escapable)
    if m.group(2):
        return m.group(1) + "\\" + m.group(2)
    return m.group(1) + m.group(3) + "\\" + m.group(4)


def typ(value: object) -> str:
    """Record text made safe for Typst markup: every ASCII punctuation character escaped.

    In Typst markup a backslash before any character makes it literal, so `#`, `$`, `*`, `_`,
    `@`, `<`, `[`, `/`, `=`, `-`, `+`, digits-with-a-dot... all stay text. Line breaks become
    spaces.
    """
    text = _SPACES.sub(" ", _text(value)).strip()
    return _TYP_SPECIAL.sub(r"\\\1", text)


def _text(value: object) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def arrow(figure: Any) -> str:
    """The arrow of a figure against the previous period: ↑, ↓, = or '' (no comparison)."""
    return str(getattr(figure, "arrow", "") or "")


def pct(value: object, digits: int = 0) -> str:
    """A share (0.42) as a percentage ('42%'); None is 'no data'."""
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return "no data"
    return f"{value * 100:.{digits}f}%"


def _environment(search: list[Path]) -> jinja2.Environment:
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader([str(p) for p in search]),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"),
                                            default_for_string=False, default=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(md=md, typ=typ, arrow=arrow, pct=pct)
    return env


def search_path(cop_root: Path | None, kind: str) -> list[Path]:
    """Folders searched for `kind`'s templates, the CoP's own first."""
    from copkit.resources import templates_dir

    out = []
    if cop_root is not None:
        own = cop_root / "templates" / kind
        if own.is_dir():
            out.append(own)
    out.append(templates_dir() / kind)
    return out


def template_file(cop_root: Path | None, kind: str, fmt: str) -> Path:
    """The template file `render` would use (the CoP's own one if it has it)."""
    name = f"{kind}.{fmt}.j2"
    for folder in search_path(cop_root, kind):
        if (folder / name).is_file():
            return folder / name
    raise CopkitError(f"no template {kind}/{name}",
                      hint="reinstall copkit: its templates folder is incomplete")


def render(cop_root: Path | None, kind: str, fmt: str, context: dict[str, Any]) -> str:
    """Render `<kind>.<fmt>.j2` with `context`; template problems become CopkitError."""
    import jinja2

    if kind not in KINDS:
        raise ValueError(f"unknown template kind {kind!r}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown template format {fmt!r}")
    search = search_path(cop_root, kind)
    env = _environment(search)
    name = f"{kind}.{fmt}.j2"
    template_file(cop_root, kind, fmt)  # clear error when the file is missing everywhere
    try:
        template = env.get_template(name)
        text = template.render(**context)
    except jinja2.TemplateSyntaxError as e:
        raise CopkitError(f"template error: {e.message}",
                          hint=_hint(e.filename, cop_root, kind),
                          location=_where(e.filename, e.lineno, cop_root)) from None
    except jinja2.TemplateNotFound as e:
        raise CopkitError(f"template {e.name} not found (included from {name})",
                          hint=_hint(None, cop_root, kind)) from None
    except jinja2.TemplateError as e:
        filename, line = _template_line(e)
        raise CopkitError(f"template error: {e.message or e}",
                          hint=_hint(filename, cop_root, kind),
                          location=_where(filename, line, cop_root)) from None
    # record text was escaped in the context; this is for the template's own text (a CoP's
    # template holding ESC or U+202E prints it escaped, as everything else)
    text = printable(text, multiline=True)
    if fmt == "md" and not text.endswith("\n"):
        text += "\n"
    return text


def _where(filename: str | None, line: int | None, cop_root: Path | None) -> str | None:
    if not filename:
        return None
    path = Path(filename)
    if cop_root is not None:
        try:
            path = path.resolve().relative_to(cop_root.resolve())
        except ValueError:
            pass
    return f"{path.as_posix()}:{line}" if line else path.as_posix()


def _hint(filename: str | None, cop_root: Path | None, kind: str) -> str:
    own = cop_root is not None and filename is not None and \
        Path(filename).resolve().is_relative_to((cop_root / "templates").resolve())
    if own:
        return (f"fix this template of your CoP's templates/{kind}/ folder, or delete it to "
                "use copkit's own (copy the shipped one as a starting point)")
    return "this is a copkit bug: please report it with the command you ran"


def _template_line(error: Exception) -> tuple[str | None, int | None]:
    """The template file and line a rendering error happened at, from the traceback."""
    tb = error.__traceback__
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            # jinja rewrites the traceback: its frames carry the template's own line numbers
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
