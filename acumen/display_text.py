"""One way to put user text on screen per kind of output (no Streamlit here).

Company names, tickers, team names, goal cells and file names are user text. Each kind of
output has one escaper, and every place that shows user text uses it:

- :func:`markdown_text` for Streamlit Markdown (``st.markdown``, captions, alerts, widget
  labels, radio options): no link, image, emphasis, heading, list, LaTeX or emoji code, and no
  GFM autolink (a bare ``http://…``, ``www.…`` or ``name@host`` stays text);
- :func:`plotly_text` for any string Plotly draws (trace and axis names, titles, tick labels,
  marker text, hover text, annotations): no ``<a>``, ``<b>``, ``<span style>`` or MathJax;
- :func:`html_text` for the HTML exports (meeting brief, workshop handout).
"""

from __future__ import annotations

import html
import re

#: U+2060 WORD JOINER: invisible, and it breaks GFM's autolink literals (``://``, ``www.``,
#: ``@``), which survive backslash escapes because they are found in the rendered text.
WORD_JOINER = "\u2060"

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|$<>~=:&])")
_AUTOLINK_STARTS = re.compile(r"(?i)(://|www(?=\.)|@)")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")


def _text(value: object) -> str:
    return "" if value is None else str(value)


def break_autolinks(text: str) -> str:
    """``text`` with a word joiner inside every ``://``, after ``www`` and before ``@``."""

    def joined(match: re.Match[str]) -> str:
        found = match.group(0)
        if found == "://":
            return f":{WORD_JOINER}//"
        if found == "@":
            return f"{WORD_JOINER}@"
        return f"{found}{WORD_JOINER}"

    return _AUTOLINK_STARTS.sub(joined, text)


def markdown_text(value: object) -> str:
    """``value`` as literal text in Streamlit Markdown: every Markdown, LaTeX (``$``),
    emoji/colour (``:…:``) and HTML character backslash-escaped, autolinks broken, each
    line break a hard break."""
    text = _LINE_BREAKS.sub("\n", break_autolinks(_text(value)))
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text).replace("\n", "  \n")


def plotly_text(value: object) -> str:
    """``value`` as literal text in any Plotly string: ``&``, ``<``, ``>`` as the entities
    Plotly decodes, and ``$`` as ``&#36;`` so a MathJax-enabled page draws no TeX."""
    text = _text(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("$", "&#36;")


def html_text(value: object) -> str:
    """``value`` as literal text in an HTML export (quotes escaped too; None and NaN blank)."""
    if isinstance(value, float) and value != value:
        return ""
    return html.escape(_text(value), quote=True)
