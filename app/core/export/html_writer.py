"""HTML: one standalone UTF-8 page with a small stylesheet that reads well on screen and paper.

Every paragraph, heading, quote and list item carries dir="auto", so right-to-left paragraphs
(Arabic, Hebrew) read the right way round next to left-to-right ones. Text and attributes are
escaped; links keep only web, mail and relative targets (a `javascript:` link in a draft must
not become live in a page handed to someone else).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from itertools import groupby

from app.core.export.model import Block, BlockKind, ExportDocument, Run, list_steps
from app.core.export.options import ExportOptions

_SAFE_LINK = re.compile(r"(?i)(?:https?:|mailto:|ftp:|#|/|\./|\.\./|[^:/?#]+(?:[/?#]|$))")
_FONT_NAME = re.compile(r"[^\w \-.']")

_STYLESHEET = """\
@page {{ size: {page}; margin: {margin}; }}
html {{ background: #fff; }}
body {{ font-family: {font}; font-size: {size}pt; line-height: 1.6; color: #1f2328;
  max-width: 40em; margin: 3em auto; padding: 0 1.25em; overflow-wrap: break-word; }}
h1, h2, h3, h4, h5, h6 {{ line-height: 1.25; margin: 1.6em 0 0.6em; }}
h1 {{ font-size: 2em; }} h2 {{ font-size: 1.5em; }} h3 {{ font-size: 1.25em; }}
h4, h5, h6 {{ font-size: 1em; }}
p, ul, ol, blockquote {{ margin: 0 0 1em; }}
li > ul, li > ol {{ margin: 0.25em 0 0.25em; }}
blockquote {{ margin-left: 0; padding: 0 1em; border-left: 0.25em solid #d0d7de;
  color: #4d5560; }}
hr {{ border: 0; border-top: 1px solid #c8ced6; margin: 2em 0; }}
code {{ font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace;
  font-size: 0.9em; background: #f3f4f6; padding: 0.1em 0.3em; border-radius: 3px; }}
a {{ color: #0b5cad; }}
.new-page {{ break-before: page; }}
@media print {{ body {{ max-width: none; margin: 0; padding: 0; }} }}
"""


def render_html(document: ExportDocument, options: ExportOptions) -> str:
    title = options.title or options.document_name or "Untitled"
    head = [
        "<!DOCTYPE html>",
        "<html>",
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_text(title)}</title>",
    ]
    if options.author:
        head.append(f'<meta name="author" content="{_attribute(options.author)}">')
    head.append('<meta name="generator" content="Humanize">')
    head.append("<style>\n" + stylesheet(options) + "</style>")
    body = "\n".join(_body(document.blocks))
    return "\n".join([*head, "</head>", "<body>", body, "</body>", "</html>", ""])


def stylesheet(options: ExportOptions) -> str:
    family = _FONT_NAME.sub("", options.font_family).strip()
    font = f'"{family}", Georgia, serif' if family else "Georgia, serif"
    margin = "25mm" if options.page_size == "A4" else "1in"
    return _STYLESHEET.format(page=options.page_size, margin=margin, font=font,
                              size=options.font_size)


def _body(blocks: Sequence[Block]) -> Iterator[str]:
    open_lists: list[str] = []  # closing tags of the open lists, innermost last
    quote: list[str] = []
    for block, step in list_steps(blocks):
        if block.kind is not BlockKind.QUOTE and quote:
            yield '<blockquote dir="auto">\n' + "\n".join(quote) + "\n</blockquote>"
            quote.clear()
        if step is None:
            while open_lists:
                yield "</li>" + open_lists.pop()
        page = ' class="new-page"' if block.new_page else ""
        if block.kind is BlockKind.HEADING:
            level = min(max(block.level, 1), 6)
            yield f'<h{level} dir="auto"{page}>{_runs(block.runs)}</h{level}>'
        elif block.kind is BlockKind.PARAGRAPH:
            yield f'<p dir="auto"{page}>{_runs(block.runs)}</p>'
        elif block.kind is BlockKind.QUOTE:
            quote.append(f"<p>{_runs(block.runs)}</p>")
        elif block.kind is BlockKind.RULE:
            yield "<hr>"
        elif step is not None:
            closing = []
            for _ in range(step.close):
                closing.append("</li>" + open_lists.pop())
            if not step.opens:
                closing.append("</li>")
            if step.opens:
                tag = "ol" if block.ordered else "ul"
                start = f' start="{block.number}"' if block.ordered and block.number != 1 else ""
                closing.append(f"<{tag}{start}>")
                open_lists.append(f"</{tag}>")
            yield "".join(closing) + f'<li dir="auto">{_runs(block.runs)}'
    if quote:
        yield '<blockquote dir="auto">\n' + "\n".join(quote) + "\n</blockquote>"
    while open_lists:
        yield "</li>" + open_lists.pop()


def _runs(runs: Sequence[Run]) -> str:
    parts = []
    for link, group in groupby(runs, key=lambda run: run.link):
        inner = "".join(_run(run) for run in group)
        if link and _SAFE_LINK.match(link):
            parts.append(f'<a href="{_attribute(link)}">{inner}</a>')
        else:
            parts.append(inner)
    return "".join(parts)


def _run(run: Run) -> str:
    text = _text(run.text).replace("\n", "<br>\n")
    if run.code:
        text = f"<code>{text}</code>"
    if run.italic:
        text = f"<em>{text}</em>"
    if run.bold:
        text = f"<strong>{text}</strong>"
    return text


def _text(text: str) -> str:
    return html.escape(text, quote=False)


def _attribute(text: str) -> str:
    return html.escape(text, quote=True)
