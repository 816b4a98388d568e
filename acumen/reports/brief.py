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
from acumen.i18n import N_, _, current_language
from acumen.reports.export import to_safe_csv
from acumen.reports.html import html_page, items, lang_attribute, table_html
from acumen.reports.labels import driver_label, metric_label

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
#: The goal summary's columns as a CSV header shows them: the keys in English (the file reads
#: back as it always did), their translations in another language (公司, 目标…).
GOAL_HEADERS: dict[str, str] = {
    "company": N_("company"),
    "ticker": N_("ticker"),
    "fiscal_year": N_("fiscal_year"),
    "fiscal_label": N_("fiscal_label"),
    "rank": N_("rank"),
    "driver": N_("driver"),
    "goal": N_("goal"),
    "evidence": N_("evidence"),
    "trade_off": N_("trade_off"),
    "seller_angle": N_("seller_angle"),
    "questions": N_("questions"),
    "owner": N_("owner"),
    "notes": N_("notes"),
}


def goal_headers() -> dict[str, str]:
    """Column key -> the header in the active language (the keys themselves in English)."""
    return {key: _(label) for key, label in GOAL_HEADERS.items()}


def goal_summary_csv(goals: pd.DataFrame) -> bytes:
    """The goal summary as the CSV a person downloads (UTF-8 with BOM, so Excel reads the
    Chinese): the :data:`GOAL_COLUMNS` in order, headed in the active language; in Chinese
    the driver column names the driver (现金流量), not its key."""
    table = goals[list(GOAL_COLUMNS)]
    if current_language() != "en":
        table = table.assign(driver=table["driver"].map(lambda d: driver_label(str(d))))
    return to_safe_csv(table, headers=goal_headers())


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
                "goal": _("Complete the figures before concluding anything"),
                "evidence": diagnosis.incomplete,
                "trade_off": _("Metrics that need the missing items are n/a."),
                "seller_angle": _("Ask the client (or its filings) for the full statements."),
                "questions": _("Can you share the full income statement and balance sheet?"),
            },
        )
    elif not rows:
        rows.append(
            {
                **base,
                "rank": 1,
                "driver": "return",
                "goal": _("Sustain what works: {healthy}").format(healthy=diagnosis.healthy[0]),
                "evidence": "; ".join(diagnosis.healthy),
                "trade_off": _("No trade-off rule fires for the latest year."),
                "seller_angle": QUESTION_SEPARATOR.join(diagnosis.talking_points),
                "questions": _("What would you invest in next, and what must the payback be?"),
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


#: Metrics shown under the five headline ones in the brief's key numbers.
EXTRA_METRICS = (
    "gross_margin",
    "operating_margin",
    "roe",
    "cash_conversion_cycle",
    "current_ratio",
    "cash_runway_months",
    "interest_coverage",
    "net_debt_to_ebitda",
)
#: The goal summary's columns in the brief's table, and their headers.
BRIEF_GOAL_COLUMNS = ("rank", "driver", "goal", "evidence", "owner", "notes")
BRIEF_GOAL_HEADERS = ("#", N_("Driver"), N_("Goal"), N_("Evidence"), N_("Owner"), N_("Notes"))


def _period_end(view: ClientView) -> object:
    ends = view.statements.period_end
    key = (view.company, view.latest_year)
    return ends.get(key) if ends is not None and key in ends.index else None


def brief_html(view: ClientView, diagnosis, goals: pd.DataFrame) -> str:
    """A printable one-page brief: key numbers, priorities, questions and the goal summary
    (:func:`acumen.reports.html.html_page`; every dynamic string escaped), in the active
    language (``<html lang="zh-CN">`` in Chinese)."""
    years = view.years[-2:]
    labels = fiscal_labels(view.statements, view.company)
    metrics = [*HEADLINE.values(), *EXTRA_METRICS]
    numbers = [
        [driver_label(BY_NAME[m].driver), metric_label(m), *(view.display(m, y) for y in years)]
        for m in metrics
    ]
    shown = goals[list(BRIEF_GOAL_COLUMNS)]
    if current_language() != "en":
        shown = shown.assign(driver=shown["driver"].map(lambda d: driver_label(str(d))))
    goal_rows = shown.itertuples(index=False, name=None)
    questions = [
        q
        for qs in goals["questions"].fillna("")
        for q in str(qs).split(QUESTION_SEPARATOR)
        if q.strip()
    ]
    healthy = items("li", diagnosis.healthy)
    if diagnosis.incomplete:
        healthy = f"<li><strong>{html_text(diagnosis.incomplete)}</strong></li>"
    meta = (
        view.ticker or view.company,
        fiscal_label_dated(view.latest_year, _period_end(view)),
        view.currency,
        _("source: {source}").format(source=view.source),
    )
    last = _("Incomplete data") if diagnosis.incomplete else _("What is healthy")
    heading = _("Meeting brief: {name}").format(name=view.name)
    key_numbers, priorities = _("Key numbers"), _("Priorities and goals")
    to_ask, talking = _("Questions to ask"), _("Talking points")
    body = (
        f"<h1>{html_text(heading)}</h1>"
        f"<p class=sub>{html_text(' · '.join(str(m) for m in meta))}</p>"
        f"<h2>{html_text(key_numbers)}</h2>"
        + table_html([_("Driver"), _("Metric"), *(labels[y] for y in years)], numbers)
        + f"<h2>{html_text(priorities)}</h2>"
        + table_html([_(h) for h in BRIEF_GOAL_HEADERS], goal_rows)
        + f"<h2>{html_text(to_ask)}</h2><ul>{items('li', questions)}</ul>"
        + f"<h2>{html_text(talking)}</h2>"
        + f"<ul>{items('li', diagnosis.talking_points)}</ul>"
        + f"<h2>{html_text(last)}</h2><ul>{healthy}</ul>"
    )
    title = _("Meeting brief · {name}").format(name=view.name)
    return html_page(title, body, lang=lang_attribute())
