"""The one-page meeting brief with the account plan: real PDFs checked by extracting their text."""

from __future__ import annotations

import io
import os

import pypdf
import pytest

from acumen.cli.main import peer_universe
from acumen.cli.plan import write_meeting_brief
from acumen.data.samples import load_sample
from acumen.errors import AcumenError
from acumen.plan.document import Document, Section
from acumen.plan.model import plan_to_json
from acumen.reports import pdf as pdf_module
from acumen.reports.html import document_html
from tests.test_plan import sample_plan

NEED_FONTS = os.environ.get("ACUMEN_REQUIRE_BROWSER") == "1"  # CI installs the fonts too
CONFIDENTIAL_NOTE = "Wants the rival's offer; do not repeat"


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture(scope="module")
def briefs(tmp_path_factory) -> dict[str, str]:
    if pdf_module.cjk_font() is None:
        if NEED_FONTS:
            pytest.fail("no CJK font: .ci/run installs fonts-droid-fallback")
        pytest.skip("no CJK font installed (fonts-droid-fallback)")
    folder = tmp_path_factory.mktemp("briefs")
    plan_file = folder / "plan.json"
    plan_file.write_text(plan_to_json(sample_plan()), encoding="utf-8")
    statements = load_sample("HHP")
    universe = peer_universe()
    texts = {}
    for kind in ("internal", "external"):
        out = folder / f"{kind}.pdf"
        written = write_meeting_brief(
            statements,
            universe,
            plan_file=str(plan_file),
            pdf=str(out),
            html=str(folder / f"{kind}.html"),
            external=kind == "external",
        )
        assert written == [str(out), str(folder / f"{kind}.html")]
        assert out.read_bytes().startswith(b"%PDF-")
        texts[kind] = pdf_text(out.read_bytes())
        texts[kind + "_html"] = (folder / f"{kind}.html").read_text(encoding="utf-8")
    return texts


def test_internal_pdf_holds_the_chinese_name_and_the_confidential_note(briefs) -> None:
    text = briefs["internal"]
    assert "王芳" in text
    assert CONFIDENTIAL_NOTE in text
    assert "top priority: cash" in text


def test_external_pdf_keeps_the_name_and_leaves_out_the_note(briefs) -> None:
    text = briefs["external"]
    assert "王芳" in text
    assert "do not repeat" not in text and "Ken Blake" not in text
    assert "top priority: cash" in text
    assert "external version" in text
    assert "not engaged" not in text  # the seller's gap analysis stays internal


def test_html_versions_agree_and_escape(briefs) -> None:
    assert "王芳" in briefs["internal_html"] and "do not repeat" in briefs["internal_html"]
    assert "do not repeat" not in briefs["external_html"]


def test_user_text_is_escaped_in_html() -> None:
    document = Document("<b>x</b>", "s", (Section("h", bullets=("<img src=x>",)),))
    html = document_html(document)
    assert "<img" not in html and "&lt;img src=x&gt;" in html


def test_chinese_text_without_a_cjk_font_is_refused_clearly(monkeypatch) -> None:
    monkeypatch.setattr(pdf_module, "cjk_font_path", lambda: None)
    monkeypatch.delenv(pdf_module.CJK_FONT_ENV, raising=False)
    document = Document("Brief", "s", (Section("Stakeholders", bullets=("王芳",)),))
    if pdf_module._font(pdf_module.FONT_ENV, pdf_module.LATIN_FONTS) is None:
        pytest.skip("no Latin font either")
    with pytest.raises(AcumenError, match="no CJK font is installed"):
        pdf_module.document_pdf(document)
    latin = Document("Brief", "s", (Section("Stakeholders", bullets=("Ken Blake",)),))
    assert "Ken Blake" in pdf_text(pdf_module.document_pdf(latin))


def test_cli_writes_the_external_pdf_with_the_plan(briefs, tmp_path) -> None:
    import subprocess
    import sys
    from pathlib import Path

    plan_file = tmp_path / "plan.json"
    plan_file.write_text(plan_to_json(sample_plan()), encoding="utf-8")
    out = tmp_path / "brief.pdf"
    command = [
        sys.executable,
        "-m",
        "acumen",
        "brief",
        "sample:HHP",
        "--plan",
        str(plan_file),
        "--pdf",
        str(out),
        "--external",
    ]
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(command, capture_output=True, text=True, cwd=root, timeout=180)
    assert result.returncode == 0, result.stderr
    text = pdf_text(out.read_bytes())
    assert "王芳" in text and "do not repeat" not in text and "top priority: cash" in text
    bad = plan_file.read_text(encoding="utf-8").replace('"decision_maker"', '"boss"')
    plan_file.write_text(bad, encoding="utf-8")
    refused = subprocess.run(command, capture_output=True, text=True, cwd=root, timeout=180)
    assert refused.returncode == 2 and "stakeholders[0].role" in refused.stderr
