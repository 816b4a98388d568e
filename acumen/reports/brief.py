"""The meeting brief: a goal summary table (one row per goal) and a printable one-page HTML.

Columns of the goal summary, in order: company, ticker, fiscal_year (the data's Compustat
key), fiscal_label (the year as the company names it, ``FY2016``), rank, driver, goal,
evidence, trade_off, seller_angle, questions, owner, notes.
"""

from __future__ import annotations

import pandas as pd

from acumen.analysis.catalog import BY_NAME, HEADLINE
from acumen.analysis.client import ClientView, client_view
from acumen.analysis.universe import PeerUniverse
from acumen.display_text import html_text
from acumen.formatting import fiscal_label_dated, fiscal_labels

GOAL_COLUMNS = (
    "company",
    "ticker",
    "fiscal_year",
    "fiscal_label",
    "rank",
    "driver",
    "goal",
    "evidence",
    "trade_off",
    "seller_angle",
    "questions",
    "owner",
    "notes",
)
QUESTION_SEPARATOR = " • "


def goal_summary_from(view: ClientView, diagnosis) -> pd.DataFrame:
    """Goal rows from a diagnosis: its ranked findings, or what is healthy when none fire."""
    base = {
        "company": view.name,
        "ticker": view.ticker or view.company,
        "fiscal_year": diagnosis.fiscal_year,
        "fiscal_label": diagnosis.fiscal_label,
        "owner": "",
        "notes": "",
    }
    rows = [
        {
            **base,
            "rank": rank,
            "driver": finding.driver,
            "goal": finding.priority,
            "evidence": "; ".join(e.text for e in finding.evidence),
            "trade_off": finding.trade_off,
            "seller_angle": finding.seller_angle,
            "questions": QUESTION_SEPARATOR.join(finding.questions),
        }
        for rank, finding in enumerate(diagnosis.findings, start=1)
    ]
    if diagnosis.incomplete:
        rows.insert(
            0,
            {
                **base,
                "rank": 0,
                "driver": "data",
                "goal": "Complete the figures before concluding anything",
                "evidence": diagnosis.incomplete,
                "trade_off": "Metrics that need the missing items are n/a.",
                "seller_angle": "Ask the client (or its filings) for the full statements.",
                "questions": "Can you share the full income statement and balance sheet?",
            },
        )
    elif not rows:
        rows.append(
            {
                **base,
                "rank": 1,
                "driver": "return",
                "goal": f"Sustain what works: {diagnosis.healthy[0]}",
                "evidence": "; ".join(diagnosis.healthy),
                "trade_off": "No trade-off rule fires for the latest year.",
                "seller_angle": QUESTION_SEPARATOR.join(diagnosis.talking_points),
                "questions": "What would you invest in next, and what must the payback be?",
            }
        )
    return pd.DataFrame(rows, columns=list(GOAL_COLUMNS))


def goal_summary(
    statements: pd.DataFrame, company: str, universe: PeerUniverse | None = None
) -> pd.DataFrame:
    """The prefilled goal summary of ``company`` (diagnosed from ``statements`` against the
    peer ``universe``, passed in by the caller)."""
    from acumen.analysis.diagnosis import diagnose

    return goal_summary_from(
        client_view(statements, company), diagnose(statements, company, universe=universe)
    )


_cell = html_text  # every dynamic string in the brief


def _period_end(view: ClientView) -> object:
    ends = view.statements.attrs.get("period_end")
    key = (view.company, view.latest_year)
    return ends.get(key) if ends is not None and key in ends.index else None


def brief_html(view: ClientView, diagnosis, goals: pd.DataFrame) -> str:
    """A printable one-page brief: key numbers, priorities, questions and the goal summary.

    Every dynamic string is HTML-escaped.
    """
    years = view.years[-2:]
    labels = fiscal_labels(view.statements, view.company)
    number_rows = "".join(
        f"<tr><td>{_cell(driver.capitalize())}</td><td>{_cell(BY_NAME[metric].label)}</td>"
        + "".join(f"<td>{_cell(view.display(metric, year))}</td>" for year in years)
        + "</tr>"
        for driver, metric in HEADLINE.items()
    )
    extra_metrics = (
        "gross_margin",
        "operating_margin",
        "roe",
        "cash_conversion_cycle",
        "current_ratio",
        "cash_runway_months",
        "interest_coverage",
        "net_debt_to_ebitda",
    )
    number_rows += "".join(
        f"<tr><td>{_cell(BY_NAME[m].driver.capitalize())}</td><td>{_cell(BY_NAME[m].label)}</td>"
        + "".join(f"<td>{_cell(view.display(m, year))}</td>" for year in years)
        + "</tr>"
        for m in extra_metrics
    )
    goal_rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{_cell(row[c])}</td>"
            for c in ("rank", "driver", "goal", "evidence", "owner", "notes")
        )
        + "</tr>"
        for _, row in goals.iterrows()
    )
    questions = [
        q
        for qs in goals["questions"].fillna("")
        for q in str(qs).split(QUESTION_SEPARATOR)
        if q.strip()
    ]
    question_items = "".join(f"<li>{_cell(q)}</li>" for q in questions)
    talking = "".join(f"<li>{_cell(t)}</li>" for t in diagnosis.talking_points)
    healthy = "".join(f"<li>{_cell(h)}</li>" for h in diagnosis.healthy)
    if diagnosis.incomplete:
        healthy = f"<li><strong>{_cell(diagnosis.incomplete)}</strong></li>"
    year_heads = "".join(f"<th>{_cell(labels[y])}</th>" for y in years)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Meeting brief · {_cell(view.name)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1.5cm; font-size: 10.5pt; color: #222; }}
h1 {{ font-size: 17pt; margin: 0; }} h2 {{ font-size: 12pt; margin: 14px 0 4px; border-bottom: 1px solid #ccc; }}
table {{ border-collapse: collapse; width: 100%; }} td, th {{ border: 1px solid #ddd; padding: 3px 5px; text-align: left; vertical-align: top; }}
th {{ background: #f3f3f3; }} .meta {{ color: #666; }} ul {{ margin: 4px 0 4px 18px; padding: 0; }}
@media print {{ body {{ margin: 1cm; }} }}
</style></head><body>
<h1>Meeting brief: {_cell(view.name)}</h1>
<p class="meta">{_cell(view.ticker or view.company)} · {_cell(fiscal_label_dated(view.latest_year, _period_end(view)))} · {_cell(view.currency)} · source: {_cell(view.source)}</p>
<h2>Key numbers</h2>
<table><tr><th>Driver</th><th>Metric</th>{year_heads}</tr>{number_rows}</table>
<h2>Priorities and goals</h2>
<table><tr><th>#</th><th>Driver</th><th>Goal</th><th>Evidence</th><th>Owner</th><th>Notes</th></tr>{goal_rows}</table>
<h2>Questions to ask</h2><ul>{question_items}</ul>
<h2>Talking points</h2><ul>{talking}</ul>
<h2>{"Incomplete data" if diagnosis.incomplete else "What is healthy"}</h2><ul>{healthy}</ul>
</body></html>
"""
