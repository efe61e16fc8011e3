"""Email: the newsletter as a `.eml` file to open in a mail program and send
(`copkit.output.eml`): plain text (the Markdown rendering) and HTML with inline CSS, any
chart embedded by Content-ID, addressed to nobody."""

from __future__ import annotations

from copkit.output.formats.base import Document, Files, Format, with_charts


def files(doc: Document) -> tuple[Files, list[str]]:
    from markupsafe import Markup

    from copkit.output import render
    from copkit.output.eml import message

    text = render.render(doc.root, doc.kind, "md", with_charts(doc.context,
                                                               lambda c: {"file": None}))
    html = render.render(doc.root, doc.kind, "html", with_charts(
        doc.context, lambda c: {"svg": Markup(f'<img src="cid:chart-{c["name"]}" '
                                              f'alt="{c["title"]}">')}))
    images = {f"chart-{name}": (svg.encode("utf-8"), "svg+xml")
              for name, svg in doc.svgs.items()}
    subject = str(doc.context.get("title") or doc.context.get("cop", {}).get("name", ""))
    return [(doc.out, message(subject, text, html, images))], []


FORMAT = Format("email", files)
