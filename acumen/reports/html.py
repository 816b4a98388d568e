"""The HTML exports' one page template and stylesheet, and the brief document's renderer.

Every export (the meeting brief with the plan, the goal-summary brief, the workshop handout)
is :func:`html_page` around its body; every dynamic string in a body goes through
:func:`acumen.display_text.html_text`, the one HTML escaper.
"""

from __future__ import annotations

from acumen.display_text import html_text
from acumen.i18n import current_language
from acumen.plan.document import Document

#: The language -> the ``<html lang>`` of an export (BCP 47).
HTML_LANGS: dict[str, str] = {"en": "en", "zh": "zh-CN"}

#: The one stylesheet: a printable page in DejaVu (Latin) with a CJK fallback.
STYLE = (
    "body{font-family:'DejaVu Sans','Noto Sans CJK SC','Droid Sans Fallback',sans-serif;"
    "font-size:11px;margin:18px;max-width:760px}h1{font-size:18px;margin:0}"
    ".sub{color:#555;margin:2px 0 8px}h2{font-size:13px;margin:10px 0 4px}"
    "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:2px 4px;"
    "text-align:left;vertical-align:top}ul{margin:0;padding-left:18px}"
    "@media print{body{margin:0}}"
)


def lang_attribute() -> str:
    """The ``lang`` of an export in the active language: ``en`` or ``zh-CN``."""
    return HTML_LANGS.get(current_language(), "en")


def html_page(title: str, body: str, *, extra_style: str = "", lang: str = "") -> str:
    """A whole HTML page: ``title`` (escaped here), :data:`STYLE` then ``extra_style``, and
    ``body`` (already escaped HTML)."""
    opening = f"<html lang='{html_text(lang)}'>" if lang else "<html>"
    return (
        f"<!doctype html>{opening}<head><meta charset='utf-8'><title>{html_text(title)}"
        f"</title><style>{STYLE}{extra_style}</style></head><body>{body}</body></html>"
    )


def items(tag: str, values: object) -> str:
    """``<tag>value</tag>`` for each value, escaped (``tag`` is ``li``, ``td`` or ``th``)."""
    return "".join(f"<{tag}>{html_text(v)}</{tag}>" for v in values)


def table_html(head: object, rows: object) -> str:
    """A table: one header row of ``head``, then one row per sequence in ``rows``."""
    lines = "".join(f"<tr>{items('td', row)}</tr>" for row in rows)
    return f"<table><tr>{items('th', head)}</tr>{lines}</table>"


def document_html(document: Document) -> str:
    """A printable one-page HTML of ``document`` (every string escaped)."""
    body = [f"<h1>{html_text(document.title)}</h1><p class=sub>{html_text(document.subtitle)}</p>"]
    for section in document.sections:
        body.append(f"<h2>{html_text(section.heading)}</h2>")
        body += [f"<p>{html_text(p)}</p>" for p in section.paragraphs]
        if section.bullets:
            body.append(f"<ul>{items('li', section.bullets)}</ul>")
        if section.table:
            head, *rows = section.table
            body.append(table_html(head, rows))
    lang = "" if current_language() == "en" else lang_attribute()  # English as it always was
    return html_page(document.title, "".join(body), lang=lang)
