"""Customer's customer: value-chain days and cash on a hand-built chain and on DD → PG → WMT."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from acumen.analysis.chain_narrative import narrative
from acumen.analysis.chain_output import chain_display, pairs_display
from acumen.analysis.metrics import compute_metrics_with_reasons
from acumen.analysis.universe import data_notes_in, unsound_companies
from acumen.analysis.value_chain import PRESETS, available_presets, chain_table
from acumen.data.samples import SAMPLE_DIR, case_ids, load_many
from acumen.data.statements import build_statements, make_companies
from acumen.formatting import format_money, format_value
from acumen.reports.figures_compare import chain_days_figure, chain_margin_figure

# revenue 3650 and cost of revenue 1825 make DSO = receivables / 10, DIO = inventory / 5, DPO = payables / 5.
LINKS = {
    "SUP": ("Supplier Inc", 300.0, 200.0, 100.0),  # DSO 30, DIO 40, DPO 20, CCC 50, tied 400
    "MID": ("Maker Co", 250.0, 300.0, 225.0),  # DSO 25, DIO 60, DPO 45, CCC 40, tied 325
    "END": ("Retail Stores", 50.0, 225.0, 300.0),  # DSO 5, DIO 45, DPO 60, CCC −10, tied −25
}


def hand_built_chain() -> pd.DataFrame:
    records = pd.DataFrame(
        [
            {
                "company": company,
                "fiscal_year": 2023,
                "revenue": 3650.0,
                "cost_of_revenue": 1825.0,
                "gross_profit": 1825.0,
                "operating_income": 365.0 * (n + 1),
                "net_income": 200.0,
                "receivables": receivables,
                "inventory": inventory,
                "payables": payables,
                "total_assets": 3000.0,
                "equity": 1500.0,
                "total_liabilities": 1500.0,
                "operating_cash_flow": 300.0,
                "capital_expenditure": 100.0,
            }
            for n, (company, (_, receivables, inventory, payables)) in enumerate(LINKS.items())
        ]
    )
    companies = make_companies(
        [{"id": c, "name": v[0], "currency": "USD"} for c, v in LINKS.items()]
    )
    return build_statements(records, companies)


def test_days_and_cash_tied_on_a_hand_built_chain():
    table = chain_table(hand_built_chain(), ["SUP", "MID", "END"])
    values = table.values
    assert table.common_year == 2023
    np.testing.assert_allclose(values["dso"], [30, 25, 5])
    np.testing.assert_allclose(values["dio"], [40, 60, 45])
    np.testing.assert_allclose(values["dpo"], [20, 45, 60])
    np.testing.assert_allclose(values["cash_conversion_cycle"], [50, 40, -10])
    np.testing.assert_allclose(values["working_capital_tied"], [400, 325, -25])
    # working capital tied = avg receivables + avg inventory − avg payables
    np.testing.assert_allclose(
        values["working_capital_tied"],
        values["avg_receivables"] + values["avg_inventory"] - values["avg_payables"],
    )
    pairs = table.pairs
    assert list(pairs["supplier"]) == ["SUP", "MID"] and list(pairs["customer"]) == ["MID", "END"]
    np.testing.assert_allclose(pairs["customer_dpo"], [45, 60])
    np.testing.assert_allclose(pairs["supplier_dso"], [30, 25])
    np.testing.assert_allclose(pairs["terms_gap_days"], [15, 35])


def test_hand_built_narrative_uses_the_numbers():
    table = chain_table(hand_built_chain(), ["SUP", "MID", "END"])
    text = narrative(table, client="SUP")
    joined = " ".join(text)
    assert "Maker Co's DPO of 45 days against Supplier Inc's DSO of 30 days" in joined
    assert "holds its suppliers' money 15 days longer" in joined
    assert "Supplier Inc ties up 50 days of cash" in joined and "$400" in joined
    assert "Retail Stores' cash conversion cycle is −10 days" in joined
    assert "The margin is made at Retail Stores" in joined
    assert text[-1].startswith("The pressure travels Retail Stores → Maker Co → Supplier Inc")
    display = pairs_display(table)
    assert list(display["DPO − DSO"]) == ["15 days", "35 days"]


def test_a_chain_needs_two_to_four_different_companies():
    statements = hand_built_chain()
    with pytest.raises(ValueError):
        chain_table(statements, ["SUP"])
    with pytest.raises(ValueError):
        chain_table(statements, ["SUP", "SUP"])


def test_presets_wait_for_their_companies():
    labels = [p.label for p in available_presets({"DD", "KMB", "WMT"})]
    assert labels == ["DuPont → Kimberly-Clark → Walmart"]
    assert len(available_presets({"DD", "KMB", "WMT", "HHP", "SEHW"})) == 2
    assert len(available_presets({"DD", "KMB", "WMT", "HHP", "SEHW", "CPKG"})) == len(PRESETS) == 3


def test_no_preset_uses_a_company_whose_rows_are_flagged():
    """The dataset's PG rows are not Procter & Gamble's: no default chain is built on them."""
    unsound = unsound_companies(data_notes_in(SAMPLE_DIR))
    assert "PG" in unsound
    assert all(not set(p.companies) & unsound for p in PRESETS)


def test_a_flagged_link_carries_its_note_in_every_sentence_that_uses_it():
    chain = ["DD", "PG", "WMT"]
    statements = load_many(chain)
    table = chain_table(statements, chain, notes=data_notes_in(SAMPLE_DIR))
    assert table.data_notes == {
        "PG": "the dataset's PG rows are not Procter & Gamble's own figures"
    }
    text = narrative(table, client="WMT")
    naming = [line for line in text if "Procter & Gamble" in line]
    assert len(naming) >= 3  # the two pairs, its own cycle and the margin line
    assert all("data note on Procter & Gamble" in line for line in naming)
    assert not any("data note" in line for line in text if "Procter & Gamble" not in line)
    assert list(chain_display(table)["Data note"])[1].startswith("the dataset's PG rows")


def test_dupont_pg_walmart_with_real_numbers():
    chain = ["DD", "PG", "WMT"]
    statements = load_many(chain)
    metrics = compute_metrics_with_reasons(statements)
    table = chain_table(statements, chain, metrics)
    assert table.common_year == 2015  # Walmart's latest is fiscal 2015 (year to January 2016)
    text = narrative(table, client="PG")
    joined = " ".join(text)
    assert not re.search(r"\b(nan|inf|n/a)\b", joined.lower())
    wmt_dpo = metrics.values.at[("WMT", 2015), "dpo"]
    pg_dso = metrics.values.at[("PG", 2015), "dso"]
    assert f"Wal-Mart Stores' DPO of {format_value(wmt_dpo, 'days')}" in joined
    assert f"Procter & Gamble's DSO of {format_value(pg_dso, 'days')}" in joined
    wmt_tied = table.values.at["WMT", "working_capital_tied"]
    assert wmt_tied < 0 and format_money(-wmt_tied) in joined
    cogs = statements.table.at[("WMT", 2015), "cost_of_revenue"]
    assert format_money(10 / 365 * cogs) in joined
    assert len(text) >= 6
    display = chain_display(table)
    # Named as each company names its year: Walmart's year to January 2016 is FY2016.
    assert list(display["Fiscal year"]) == ["FY2015", "FY2015", "FY2016"]
    assert not display.apply(lambda col: col.str.contains("nan|inf")).any().any()


@pytest.mark.skipif(not {"HHP", "SEHW"} <= set(case_ids()), reason="designed cases not bundled")
def test_harbor_to_southeast_hardware():
    statements = load_many(["HHP", "SEHW"])
    table = chain_table(statements, ["HHP", "SEHW"])
    text = narrative(table, client="HHP")
    assert any("Southeast Hardware Co.'s DPO" in line for line in text)
    assert text[-1].startswith("Harbor Home Products feels it directly")


def test_chain_figures():
    table = chain_table(hand_built_chain(), ["SUP", "MID", "END"])
    margins = chain_margin_figure(table.values)
    assert [t.name for t in margins.data] == ["Gross margin", "Operating margin"]
    assert list(margins.data[0].x) == ["Supplier Inc", "Maker Co", "Retail Stores"]
    np.testing.assert_allclose(margins.data[1].y, [0.1, 0.2, 0.3])
    days = chain_days_figure(table.values)
    np.testing.assert_allclose(days.data[3].y, [50, 40, -10])


def test_chain_report_carries_years_roles_and_notes():
    import json

    from acumen.analysis.chain_output import chain_report

    chain = ["DD", "PG", "WMT"]
    statements = load_many(chain)
    table = chain_table(statements, chain, notes=data_notes_in(SAMPLE_DIR))
    report = chain_report(statements, table, client="WMT")
    json.dumps(report, allow_nan=False)
    links = {link["ticker"]: link for link in report["links"]}
    assert links["WMT"]["fiscal_label"] == "FY2016" and links["WMT"]["fiscal_year"] == 2015
    assert links["WMT"]["role"] == "retailer" and links["DD"]["role"] == "supplier"
    assert links["PG"]["data_notes"] and not links["DD"]["data_notes"]
    assert len(report["pairs"]) == 2 and report["narrative"]


def test_each_link_keeps_its_own_currency():
    from acumen.analysis.chain_narrative import narrative
    from acumen.analysis.chain_output import chain_display
    from acumen.analysis.metrics import compute_metrics_with_reasons
    from acumen.analysis.value_chain import chain_table
    from acumen.data.samples import load_many

    statements = load_many(["WALMEX", "WMT"])
    table = chain_table(statements, ["WALMEX", "WMT"], compute_metrics_with_reasons(statements))
    assert table.currencies == {"WALMEX": "MXN", "WMT": "USD"}
    assert "never converted" in table.note
    walmex = next(s for s in narrative(table) if s.startswith("Walmart de México's cash"))
    assert "MXN" in walmex and "$" not in walmex
    shown = chain_display(table).set_index("link")["Cash tied in working capital"]
    assert "MXN" in shown.iloc[0] and shown.iloc[1].startswith(("$", "−$"))
