"""What a template says in words of its own: the texts it gives to gettext (``_("...")``,
``{% trans %}``), those without a translation in a language, and the literal text it writes
outside them (which no catalog can translate).

A literal is a piece of the template's own text holding a word (two letters or more) once its
markup is taken away: HTML tags, entities and style blocks; Typst code (``#set ...`` lines,
``#name(...)`` calls, named arguments, strings, lengths); Markdown's table rules and marks.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

    from copkit.i18n import Language

_WORD = re.compile(r"[^\W\d_]{2,}")
_HTML = (re.compile(r"<style.*?</style>|<script.*?</script>", re.S),
         re.compile(r"<!--.*?-->", re.S), re.compile(r"<[A-Za-z!/][^>]*(?:>|$)"),
         re.compile(r"^[^<>]*>"), re.compile(r"&#?\w+;"))
_TYP = (re.compile(r"//[^\n]*"), re.compile(r"^\s*#(?:set|show|let|import)\b[^\n]*", re.M),
        re.compile(r'"(?:[^"\\]|\\.)*"'), re.compile(r"#[A-Za-z][\w.-]*"),
        re.compile(r"\b[A-Za-z][\w.]*\("),
        re.compile(r"\b[A-Za-z][\w-]*\s*:"),
        re.compile(r"\b\d+(?:\.\d+)?(?:pt|em|cm|mm|fr|%)"))
# words of Typst code left once the patterns above are gone: values of arguments
TYPST_WORDS = frozenset({"auto", "none", "left", "right", "center", "top", "bottom", "horizon",
                         "true", "false", "bold", "italic", "gray", "white", "black", "it",
                         "context", "if", "else", "for", "in", "and", "or", "not", "first",
                         "get", "page", "counter", "rgb", "luma", "block", "ttb", "ltr"})
NAMES = frozenset({"copkit"})  # names, never translated


def messages(env: jinja2.Environment, source: str) -> list[tuple[int, str]]:
    """The texts ``source`` gives to gettext (each form of a plural), with their lines."""
    found = []
    extract = env.extract_translations  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
    for line, _function, message in extract(source):
        for text in (message if isinstance(message, tuple) else (message,)):
            if isinstance(text, str):
                found.append((line, text))
    return found


def missing(texts: list[str], language: Language) -> list[str]:
    """Those of ``texts`` that ``language``'s catalog does not translate (none in English)."""
    from copkit.i18n import translations

    if language.code == "en":
        return []
    known = getattr(translations(language), "_catalog", {})
    return [t for t in texts if t not in known and (t, 0) not in known]


def literals(env: jinja2.Environment, source: str, fmt: str) -> list[tuple[int, str]]:
    """The template's own text outside gettext that holds words, with its lines (``fmt``:
    "md", "html", "typ" or "txt" says which markup to take away)."""
    from jinja2 import nodes

    found = []
    for data in env.parse(source).find_all(nodes.TemplateData):
        words = _WORD.findall(_unmarked(data.data, fmt))
        words = [w for w in words if w not in NAMES]
        if fmt == "typ":
            words = [w for w in words if w not in TYPST_WORDS]
        if words:
            found.append((data.lineno, " ".join(words)))
    return found


def _unmarked(text: str, fmt: str) -> str:
    patterns = {"html": _HTML, "typ": _TYP}.get(fmt, ())
    for pattern in patterns:
        text = pattern.sub(" ", text)
    return text
