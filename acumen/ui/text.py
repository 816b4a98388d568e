"""Safe text for Streamlit: user-supplied strings are shown as text, never as HTML or LaTeX.

The escaper itself is :func:`acumen.display_text.markdown_text` (one definition); this name is
what the pages import.
"""

from __future__ import annotations

from acumen.display_text import markdown_text as md_escape

__all__ = ["md_escape"]
