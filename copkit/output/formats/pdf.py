"""PDF: the document's Typst source (`<kind>.typ.j2`) compiled by `copkit.output.pdf`, each
chart embedded as an SVG image (`chart-<name>.svg`)."""

from __future__ import annotations

from copkit.output.formats.base import Document, Files, Format, with_charts


def image(chart: str) -> str:
    """The file name the Typst source gives a chart's image."""
    return f"chart-{chart}.svg"


def files(doc: Document) -> tuple[Files, list[str]]:
    from copkit.output import pdf, render

    context = with_charts(doc.context, lambda c: {"file": image(c["name"])})
    source = render.render(doc.root, doc.kind, "typ", context)
    data, warnings = pdf.compile_pdf(
        source, images={image(n): s.encode("utf-8") for n, s in doc.svgs.items()},
        font=doc.font)
    return [(doc.out, data)], warnings


FORMAT = Format("pdf", files)
