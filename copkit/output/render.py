"""Jinja rendering of reports and newsletters, in Markdown, HTML and Typst source.

`render(cop_root, kind, fmt, context)` renders `<kind>.<fmt>.j2`, looked up first in the CoP's
own `templates/<kind>/` folder (so a community can override any template by name), then in the
templates shipped with copkit. The environment is sandboxed (a CoP's templates come from a
shared folder), `StrictUndefined` (a misspelt name is an error, never an empty string) and
autoescapes HTML. Record text goes through a filter for its format: `md` escapes Markdown,
`typ` escapes Typst markup, so text from a record never becomes markup.

A CoP's template is someone else's code, so the sandbox also bounds what it may do: it may
include, import or extend only templates of the CoP's `templates/<kind>/` folder or copkit's
own (not `/etc/passwd`, `../x`, nor a link leading out of the CoP folder); one `range()`
counts up to MAX_RANGE items and all of them together MAX_LOOP_ITEMS; `*`, `**` and the
numbers given to filters make no value larger than MAX_VALUE (and `lipsum` is gone); the
text written stops at MAX_OUTPUT characters and the rendering at MAX_SECONDS. Every template
problem, these included, is a CopkitError located at the template's `file:line`. (Widths in
`format` and `%` are not bounded: up to the memory they take, the output bound stops them.)
"""

from __future__ import annotations

import functools
import os
import re
import time
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from copkit.errors import CopkitError
from copkit.text import printable

if TYPE_CHECKING:
    from copkit.i18n import Language

KINDS = ("report", "newsletter", "site", "portfolio")
FORMATS = ("md", "html", "typ")

# What one rendering of a template may do (see the module notes).
MAX_RANGE = 100_000  # items of one range(), as jinja2.sandbox.MAX_RANGE
MAX_LOOP_ITEMS = 10_000_000  # items of every range() of the rendering together
MAX_VALUE = 1_000_000  # items of a text or list made by `*`, digits of a number made by `**`
MAX_OUTPUT = 50_000_000  # characters written
MAX_SECONDS = 30.0
OUTSIDE = "templates may only include templates in the CoP's templates/ folder or copkit's own"

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&!])")
_MD_LEADING = re.compile(r"^(\s*)(?:([-+=])|(\d+)([.)])(?=\s|$))")
_TYP_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
# white space and line breaks, not the no-break spaces a language puts in ("12\u202f300",
# "preuves\u202f:" in French): they stay
_SPACES = re.compile(r"[^\S\u00a0\u2007\u202f]+")


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
    """A share (0.42) as a percentage ('42%'); None is 'no data'. (In a template, ``pct`` is
    the language's ``percent``: '42 %' in French.)"""
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return "no data"
    return f"{value * 100:.{digits}f}%"


def _environment(search: list[Path], roots: list[Path], language: Language) -> Any:
    import jinja2

    from copkit import i18n
    from copkit.output.compiled import compiled

    env = _sandbox_class()(
        loader=_loader_class()([str(p) for p in search], roots),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"),
                                            default_for_string=False, default=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        bytecode_cache=compiled(),
    )
    env.compiled_for = f"{language.code}|{language.locale}"  # see compiled()
    i18n.install(env, language)  # _(), {% trans %}, date, number, percent, currency
    env.filters.update(md=md, typ=typ, arrow=arrow, pct=env.filters["percent"])
    env.filters = {name: _bounded_filter(name, f) if name != "format" else f
                   for name, f in env.filters.items()}
    env.globals["range"] = env.bounded_range
    del env.globals["lipsum"]  # paragraphs by the million, in one call no bound can stop
    return env


def _bounded_filter(name: str, function: Any) -> Any:
    """``function`` refusing a number above MAX_VALUE among its arguments (not the value it
    filters): ``center(10**9)``, ``indent``, ``wordwrap`` or ``slice`` would make a value, or
    loop, that large in one call. (``format`` takes numbers from the records: not bounded.)"""
    skip = 2 if getattr(function, "jinja_pass_arg", None) is not None else 1

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        for arg in (*args[skip:], *kwargs.values()):
            if isinstance(arg, int) and abs(arg) > MAX_VALUE:
                raise _limit(f"the filter {name} was given {arg:,} here; a template gives a "
                             f"filter numbers up to {MAX_VALUE:,}")
        return function(*args, **kwargs)

    return bounded


class _Budget:
    """What is left of one rendering's allowance: loop items, and time (looked at every 1,024
    steps; a step is an attribute read, a call, an operator or a loop item)."""

    def __init__(self) -> None:
        self.deadline = time.monotonic() + MAX_SECONDS
        self.items = MAX_LOOP_ITEMS
        self.steps = 0

    def step(self) -> None:
        self.steps += 1
        if not self.steps & 1023 and time.monotonic() > self.deadline:
            raise self.out_of_time()

    def out_of_time(self) -> Exception:
        return _limit(f"the template has run for {MAX_SECONDS:g} seconds, too long to finish "
                      "(a loop that does not end?)")

    def count(self) -> None:
        self.items -= 1
        if self.items < 0:
            raise _limit(f"the loops of the template have counted {MAX_LOOP_ITEMS:,} items in "
                         "all, too many to finish (a range() inside another?)")
        self.step()


def _limit(message: str) -> Exception:
    from jinja2 import TemplateRuntimeError

    return TemplateRuntimeError(message)


class _CountedRange:
    """A template's range(): each item it gives counts against the rendering's budget."""

    __slots__ = ("_budget", "_range")

    def __init__(self, numbers: range, budget: _Budget) -> None:
        self._range = numbers
        self._budget = budget

    def __iter__(self) -> Iterator[int]:
        count = self._budget.count
        for n in self._range:
            count()
            yield n

    def __reversed__(self) -> Iterator[int]:
        return iter(_CountedRange(self._range[::-1], self._budget))

    def __len__(self) -> int:
        return len(self._range)

    def __getitem__(self, index: Any) -> Any:
        return self._range[index]

    def __contains__(self, value: object) -> bool:
        return value in self._range

    def __repr__(self) -> str:
        return repr(self._range)


@functools.cache
def _sandbox_class() -> Any:
    import operator

    from jinja2.sandbox import SandboxedEnvironment

    class Sandbox(SandboxedEnvironment):
        """jinja2's sandbox with copkit's bounds on loops, values and time."""

        intercepted_binops = frozenset({"*", "**"})

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.budget = _Budget()

        def bounded_range(self, *args: int) -> _CountedRange:
            numbers = range(*args)
            try:
                size = f"{len(numbers):,}"
                too_long = len(numbers) > MAX_RANGE
            except OverflowError:  # more than sys.maxsize
                size, too_long = f"more than {MAX_RANGE:,}", True
            if too_long:
                raise _limit(f"range() would count {size} items here; a template's range() "
                             f"counts up to {MAX_RANGE:,}")
            return _CountedRange(numbers, self.budget)

        def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
            self.budget.step()
            if op == "*":
                for seq, times in ((left, right), (right, left)):
                    if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and \
                            len(seq) * times > MAX_VALUE:
                        what = "a text of" if isinstance(seq, str) else "a list of"
                        unit = "characters" if isinstance(seq, str) else "items"
                        raise _limit(f"'*' would make {what} {len(seq) * times:,} {unit} "
                                     f"here; a template makes them up to {MAX_VALUE:,}")
                return operator.mul(left, right)
            if isinstance(left, int) and isinstance(right, int) and right > 0 and \
                    abs(left) > 1 and right * abs(left).bit_length() > MAX_VALUE * 10 // 3:
                raise _limit(f"'**' would make a number of more than {MAX_VALUE:,} digits "
                             "here, too large to compute")
            return operator.pow(left, right)

        def getattr(self, obj: Any, attribute: str) -> Any:
            self.budget.step()
            return super().getattr(obj, attribute)

        def getitem(self, obj: Any, argument: Any) -> Any:
            self.budget.step()
            return super().getitem(obj, argument)

        def call(__self, __context: Any, __obj: Any, *args: Any,
                 **kwargs: Any) -> Any:
            __self.budget.step()
            return super().call(__context, __obj, *args, **kwargs)

    return Sandbox


@functools.cache
def _loader_class() -> Any:
    import jinja2

    class Loader(jinja2.FileSystemLoader):
        """Finds a template by name in the search folders, as jinja2's own loader does, but
        refuses a name leading outside them (`/etc/passwd`, `../x`, `C:/x`) and a file that is
        a link to outside ``roots`` (the CoP folder, copkit's templates)."""

        def __init__(self, search: list[str], roots: list[Path]) -> None:
            super().__init__(search)
            self.roots = [os.path.realpath(r) for r in roots]

        def get_source(self, environment: Any, template: str) -> Any:
            pieces = template.replace("\\", "/").split("/")
            if template.startswith(("/", "\\")) or ".." in pieces or ":" in pieces[0]:
                raise _limit(f"'{template}' is outside the template folders: {OUTSIDE}")
            source, filename, uptodate = super().get_source(environment, template)
            real = os.path.realpath(filename)
            if not any(os.path.commonpath([real, root]) == root for root in self.roots):
                raise _limit(f"'{template}' is a link to a file outside the CoP folder: "
                             f"{OUTSIDE}")
            return source, filename, uptodate

    return Loader


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


def render(cop_root: Path | None, kind: str, fmt: str, context: dict[str, Any],
           lang: Language | str | None = None) -> str:
    """Render `<kind>.<fmt>.j2` with `context` in the language `lang` (default: the
    context's ``lang``, an IETF tag; English without one); template problems become
    CopkitError."""
    from copkit import i18n

    if fmt not in FORMATS:
        raise ValueError(f"unknown template format {fmt!r}")
    language = lang if isinstance(lang, i18n.Language) else \
        i18n.resolve(lang or context.get("lang"), strict=False)
    env = environment(cop_root, kind, language)
    top = template_file(cop_root, kind, fmt)  # clear error when the file is missing everywhere
    text = render_page(env, cop_root, kind, f"{kind}.{fmt}.j2", context, top)
    if fmt == "md" and not text.endswith("\n"):
        text += "\n"
    return text


def environment(cop_root: Path | None, kind: str, lang: Language | str | None) -> Any:
    """The sandboxed environment of `kind`'s templates in `lang`: one for a document of many
    pages (the site), each page rendered by `render_page`."""
    from copkit import i18n
    from copkit.resources import templates_dir

    if kind not in KINDS:
        raise ValueError(f"unknown template kind {kind!r}")
    search = search_path(cop_root, kind)
    roots = [templates_dir(), *([cop_root] if cop_root is not None else [])]
    language = lang if isinstance(lang, i18n.Language) else i18n.resolve(lang, strict=False)
    return _environment(search, roots, language)


def render_page(env: Any, cop_root: Path | None, kind: str, name: str,
                context: dict[str, Any], top: Path | None = None) -> str:
    """Render the template `name` of `env` (from `environment`) with `context`, within the
    bounds of one rendering; template problems become CopkitError located in the template."""
    import jinja2

    env.budget = _Budget()
    try:
        template = env.get_template(name)
        text = _bounded(template.generate(**context), env.budget)
    except jinja2.TemplateSyntaxError as e:
        raise CopkitError(f"template error: {e.message}",
                          hint=_hint(e.filename, cop_root, kind),
                          location=_where(e.filename, e.lineno, cop_root)) from None
    except (jinja2.TemplateError, RecursionError, ArithmeticError, LookupError, TypeError,
            ValueError, OSError) as e:
        if isinstance(e, OSError) and not isinstance(e, jinja2.TemplateError):
            raise  # a file that cannot be read: copkit.errors.FileError names it
        filename, line = _template_line(e)
        if filename is None:
            if not isinstance(e, jinja2.TemplateError):
                raise  # not raised by a template's code: a bug
            # the template itself, refused before its first line ran
            filename = str(top or search_path(cop_root, kind)[-1] / name)
        raise CopkitError(f"template error: {_message(e, kind)}",
                          hint=_hint(filename, cop_root, kind),
                          location=_where(filename, line, cop_root)) from None
    # record text was escaped in the context; this is for the template's own text (a CoP's
    # template holding ESC or U+202E prints it escaped, as everything else)
    return printable(text, multiline=True)


def untranslated(cop_root: Path | None, kind: str, fmt: str,
                 lang: Language | str | None) -> list[str]:
    """Warnings for the CoP's own template of `kind` in `fmt` (if it has one): texts it gives
    to gettext that copkit's catalog does not translate into `lang`, and text written outside
    gettext; both are shown as written (in English, mostly). None for copkit's own templates
    (a test keeps them translated) or in English."""
    from copkit import i18n
    from copkit.i18n import templates as words

    language = lang if isinstance(lang, i18n.Language) else i18n.resolve(lang, strict=False)
    if cop_root is None or language.code == "en" or fmt not in FORMATS:
        return []
    path = template_file(cop_root, kind, fmt)
    if not path.is_relative_to(cop_root / "templates"):
        return []
    import jinja2

    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    source = path.read_text(encoding="utf-8", errors="replace")
    try:
        lacking = words.missing([t for _, t in words.messages(env, source)], language)
        literal = words.literals(env, source, fmt)
    except jinja2.TemplateSyntaxError:
        return []  # render() reports it, located
    shown = _where(str(path), None, cop_root)
    name = i18n.NAMES[language.code]
    out = []
    if lacking:
        out.append(f"{shown}: {len(lacking)} text(s) have no {name} translation in copkit's "
                   f"catalog and are shown as written (first: \"{printable(lacking[0][:60])}\")")
    if literal:
        out.append(f"{shown}: text outside {{% trans %}} or _() is shown as written, not in "
                   f"{name} (line {literal[0][0]}: \"{printable(literal[0][1][:60])}\")")
    return out


def _bounded(chunks: Generator[str, None, None], budget: _Budget) -> str:
    """The text a template writes, stopped at MAX_OUTPUT characters or MAX_SECONDS. The error
    is thrown into the template's generator, so it is located at the line writing."""
    out: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT:
            chunks.throw(_limit(f"the template has written {MAX_OUTPUT // 1_000_000} MB, too "
                                "much to finish (a loop that does not end?)"))
        if time.monotonic() > budget.deadline:
            chunks.throw(budget.out_of_time())
        out.append(chunk)
    return "".join(out)


def _message(error: BaseException, kind: str) -> str:
    import jinja2

    if isinstance(error, jinja2.TemplateNotFound):
        return (f"there is no template '{error.name}' in the CoP's templates/{kind}/ folder "
                "or copkit's own")
    if isinstance(error, RecursionError):
        return ("templates or macros include or call one another without end (too deeply "
                "nested)")
    if isinstance(error, jinja2.TemplateError):
        return error.message or str(error)
    return str(error) or type(error).__name__


def _where(filename: str | None, line: int | None, cop_root: Path | None) -> str | None:
    if not filename:
        return None
    path = Path(filename)
    if cop_root is not None:
        try:
            path = _unlinked(path).relative_to(cop_root.resolve())
        except ValueError:
            pass
    return f"{path.as_posix()}:{line}" if line else path.as_posix()


def _unlinked(path: Path) -> Path:
    """``path`` absolute, with its folders' links resolved but not the file's own (a template
    that is a link is named as the file found in the templates folder)."""
    return path.parent.resolve() / path.name


def _hint(filename: str | None, cop_root: Path | None, kind: str) -> str:
    own = cop_root is not None and filename is not None and \
        _unlinked(Path(filename)).is_relative_to((cop_root / "templates").resolve())
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
