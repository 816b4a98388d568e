"""Years named as the company names them (#10 f): the Compustat ``fiscal_year`` is the
alignment key; every sentence, table and brief says FY<year the period ends in>."""

from __future__ import annotations

import pandas as pd

from acumen.analysis.client import client_view
from acumen.analysis.diagnosis import diagnose
from acumen.analysis.whatif import whatif
from acumen.analysis.whatif_scenario import Levers
from acumen.analysis.whatif_text import goal_row
from acumen.data.samples import load_sample
from acumen.formatting import fiscal_label, fiscal_label_dated, fiscal_labels
from acumen.reports.brief import brief_html
from acumen.teaching.examples import cash_growth_example
from acumen.ui.findings import evidence_table


def test_one_function_names_a_fiscal_year():
    # Walmart's year ended 2016-01-31 is Compustat fiscal 2015 and Walmart's FY2016.
    assert fiscal_label(2015, pd.Timestamp("2016-01-31")) == "FY2016"
    # A 52/53-week year ending 2016-01-02 is also FY2016 by its end.
    assert fiscal_label(2015, "2016-01-02") == "FY2016"
    assert fiscal_label(2023, pd.Timestamp("2023-12-31")) == "FY2023"
    assert fiscal_label(2023) == fiscal_label(2023, pd.NaT) == "FY2023"  # end unknown
    assert fiscal_label_dated(2015, "2016-01-31") == "FY2016 (ended 2016-01-31)"


def test_walmart_is_named_fy2016_everywhere_a_sentence_names_its_year():
    """Issue #10: Walmart's year ended 31 Jan 2016 showed as "fiscal 2015"."""
    statements = load_sample("WMT")
    assert statements.index[-1] == ("WMT", 2015)  # the data keeps the Compustat key
    assert fiscal_labels(statements, "WMT")[2015] == "FY2016"
    diagnosis = diagnose(statements, "WMT")
    assert diagnosis.fiscal_year == 2015 and diagnosis.fiscal_label == "FY2016"
    texts = [f.trade_off for f in diagnosis.findings] + list(diagnosis.healthy)
    texts += [e.text for f in diagnosis.findings for e in f.evidence]
    joined = " ".join(texts)
    assert "FY2016" in joined and "2015" not in joined.replace("FY2015", "")
    assert "FY2015" not in " ".join(f.trade_off for f in diagnosis.findings)
    for finding in diagnosis.findings:
        assert set(evidence_table(finding, "USD")["Fiscal year"]) == {"FY2016"}
    view = client_view(statements, "WMT")
    assert cash_growth_example(view).lines()[0].startswith("Revenue changed −0.8% in FY2016")
    html = brief_html(
        view,
        diagnosis,
        pd.DataFrame(columns=["rank", "driver", "goal", "evidence", "owner", "notes", "questions"]),
    )
    assert "FY2016 (ended 2016-01-31)" in html and "<th>FY2016</th>" in html
    result = whatif(statements, "WMT", Levers(dio_days=-5))
    assert result.fiscal_label == "FY2016"
    assert goal_row(result, "x")["evidence"].startswith("What-if on FY2016:")


def test_trend_chart_names_the_years_like_the_client():
    from acumen.reports.figures import trend_figure

    statements = load_sample("WMT")
    view = client_view(statements, "WMT")
    series = {view.name: view.metrics["roa"].droplevel(0)}
    figure = trend_figure(series, "roa", year_labels=fiscal_labels(statements, "WMT"))
    # Fiscal 2012-2015 (years to January 2013-2016).
    assert list(figure.data[0].x) == ["FY2013", "FY2014", "FY2015", "FY2016"]


def test_goal_summary_exports_both_the_key_and_the_label():
    from acumen.reports.brief import GOAL_COLUMNS, goal_summary

    assert GOAL_COLUMNS[2:4] == ("fiscal_year", "fiscal_label")
    goals = goal_summary(load_sample("WMT"), "WMT")
    assert set(goals["fiscal_year"]) == {2015} and set(goals["fiscal_label"]) == {"FY2016"}
    row = goal_row(whatif(load_sample("WMT"), "WMT", Levers(dio_days=-5)), "x")
    assert (row["fiscal_year"], row["fiscal_label"]) == (2015, "FY2016")
