"""A real PDF of a brief document (fpdf2), with embedded fonts that draw Latin and Chinese.

Fonts are TrueType files from Debian's packages (``fonts-dejavu-core`` for Latin,
``fonts-droid-fallback`` for CJK; ``.ci/run`` installs both), or the files named by
``ACUMEN_PDF_FONT`` / ``ACUMEN_PDF_CJK_FONT``; the CJK font is otherwise the one
:func:`acumen.i18n.cjk_font_path` finds (``ACUMEN_CJK_FONT``, the Debian paths, ``fc-list``). Only the glyphs used are embedded. A text
with Chinese characters and no CJK font is refused with how to install one, never drawn as
empty boxes.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from acumen.errors import AcumenError
from acumen.i18n import N_, _, cjk_font_path
from acumen.plan.document import Document

FONT_ENV = "ACUMEN_PDF_FONT"
CJK_FONT_ENV = "ACUMEN_PDF_CJK_FONT"
#: Candidate font files, first found wins (Debian paths).
LATIN_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]")
INSTALL_HINT = N_(
    "Install Debian's fonts-dejavu-core and fonts-droid-fallback (apt-get install …)."
)
INSTALL_OR_HTML = N_(
    "Install Debian's fonts-dejavu-core and fonts-droid-fallback (apt-get install …). "
    "Or download the printable HTML instead."
)


def _font(env: str, candidates: tuple[str, ...]) -> Path | None:
    configured = os.environ.get(env, "").strip()
    for path in ([configured] if configured else []) + list(candidates):
        if path and Path(path).is_file():
            return Path(path)
    return None


def cjk_font() -> Path | None:
    """The CJK font file: ``$ACUMEN_PDF_CJK_FONT``, else :func:`acumen.i18n.cjk_font_path`."""
    return _font(CJK_FONT_ENV, ()) or cjk_font_path()


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def _font_error(document: Document) -> AcumenError | None:
    if _font(FONT_ENV, LATIN_FONTS) is None:
        return AcumenError(
            _("no Unicode font found for the PDF"), source="PDF", fix=_(INSTALL_HINT)
        )
    if cjk_font() is None and has_cjk(document.text()):
        return AcumenError(
            _("the brief holds Chinese or Japanese text and no CJK font is installed"),
            source="PDF",
            fix=_(INSTALL_OR_HTML),
        )
    return None


def pdf_problem(document: Document) -> str | None:
    """Why ``document`` can't be drawn as a PDF here (a missing font), or None."""
    error = _font_error(document)
    return None if error is None else error.message


def document_pdf(document: Document) -> bytes:
    """``document`` as PDF bytes (A4, one column; long briefs flow onto more pages)."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    error = _font_error(document)
    if error is not None:
        raise error
    latin = _font(FONT_ENV, LATIN_FONTS)
    cjk = cjk_font()
    pdf = FPDF(format="A4")
    pdf.set_margins(14, 12, 14)
    pdf.set_auto_page_break(True, margin=12)
    for style in ("", "B"):
        pdf.add_font("body", style, str(latin))
        if cjk is not None:
            pdf.add_font("cjk", style, str(cjk))
    if cjk is not None:
        pdf.set_fallback_fonts(["cjk"])
    pdf.set_title(document.title)
    pdf.add_page()
    width = pdf.epw

    def line(text: str, size: float, style: str = "", height: float = 5.0) -> None:
        pdf.set_font("body", style, size)
        pdf.multi_cell(width, height, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    line(document.title, 15, "B", 7)
    line(document.subtitle, 9, "", 5)
    for section in document.sections:
        pdf.ln(1.5)
        line(section.heading, 11.5, "B", 6)
        for paragraph in section.paragraphs:
            line(paragraph, 9)
        for bullet in section.bullets:
            line(f"• {bullet}", 9)
        if section.table:
            pdf.set_font("body", "", 8)
            count = len(section.table[0])
            widths = tuple([2] * (count - 1) + [5])  # the last column (notes) widest
            with pdf.table(text_align="LEFT", line_height=4.2, col_widths=widths) as table:
                for row_values in section.table:
                    row = table.row()
                    for value in row_values:
                        row.cell(value)
    return bytes(pdf.output())
