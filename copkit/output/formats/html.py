"""HTML: one self-contained web page, each chart inline as SVG."""

from __future__ import annotations

from copkit.output.formats.base import Document, Files, Format, with_charts


def files(doc: Document) -> tuple[Files, list[str]]:
    from markupsafe import Markup

    from copkit.output import render
    from copkit.output.charts import inline

    context = with_charts(doc.context, lambda c: {"svg": Markup(inline(doc.svgs[c["name"]]))})
    return [(doc.out, render.render(doc.root, doc.kind, "html", context))], []


FORMAT = Format("html", files)
