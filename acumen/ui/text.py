"""Safe text for Streamlit: user-supplied strings are shown as text, never as HTML or LaTeX."""

from __future__ import annotations

import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|$<>~=:&])")


def md_escape(text: object) -> str:
    """Escape Markdown (and ``$`` LaTeX) so Streamlit shows ``text`` literally."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text)).replace("\n", "  \n")
