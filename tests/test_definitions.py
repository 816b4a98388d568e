"""docs/definitions.md is generated from the MetricSpecs and the rules, and says the same as
docs/PRODUCT.md's binding metric table."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from acumen.analysis.metric_specs import SPEC, SPECS

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("definitions", ROOT / "tools" / "definitions.py")
definitions = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(definitions)  # type: ignore[union-attr]


def test_definitions_md_is_what_the_generator_writes() -> None:
    written = (ROOT / "docs" / "definitions.md").read_text(encoding="utf-8")
    assert written == definitions.render(), "run `python tools/definitions.py` and commit"


def test_every_metric_and_rule_is_in_the_document() -> None:
    text = definitions.render()
    for spec in SPECS:
        assert f"| `{spec.name}` | {spec.label} |" in text
    assert "`runway_months` = 12" in text and "(X_t + X_t−1) / 2" in text


def test_the_specs_agree_with_the_product_brief() -> None:
    """Every row of PRODUCT.md's metric tables names a spec whose formula it starts with."""
    brief = (ROOT / "docs" / "PRODUCT.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| ([a-z_]+) \| (.+?) \|$", brief, flags=re.MULTILINE)
    checked = 0
    for name, formula in rows:
        if name in SPEC and "growth" not in name and name != "revenue_cagr":
            assert formula.startswith(SPEC[name].formula.split(" when ")[0]), (name, formula)
            checked += 1
    assert checked >= 20
