"""The workshop's printable handout: each case's key statements, the questions without
answers and, on a new page, the answer key (:func:`acumen.reports.html.html_page`)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from acumen.data.statements import companies_of
from acumen.display_text import html_text
from acumen.formatting import format_money
from acumen.reports.html import html_page, items
from acumen.teaching.quiz import Question

#: Key statements shown in the handout (line item, label).
HANDOUT_ITEMS: tuple[tuple[str, str], ...] = (
    ("revenue", "Revenue"),
    ("cost_of_revenue", "Cost of revenue"),
    ("gross_profit", "Gross profit"),
    ("operating_income", "Operating income"),
    ("net_income", "Net income"),
    ("receivables", "Receivables"),
    ("inventory", "Inventory"),
    ("payables", "Payables"),
    ("total_assets", "Total assets"),
    ("equity", "Equity"),
    ("operating_cash_flow", "Operating cash flow"),
    ("capital_expenditure", "Capital expenditure"),
)


#: The handout's rules beside the one stylesheet: right-aligned figures, lettered choices,
#: a question never split across pages, the answer key on a page of its own.
HANDOUT_STYLE = (
    "td.n{text-align:right}ol.choices{list-style:upper-alpha}"
    ".q{margin-bottom:1.2em;break-inside:avoid}"
    "#answer-key{break-before:page;page-break-before:always}"
)


def key_statements(statements: pd.DataFrame, company: str, currency: str) -> str:
    """The company's key statements (:data:`HANDOUT_ITEMS`) for its last two fiscal years."""
    own = statements.loc[company]
    years = [int(y) for y in own.index][-2:]
    rows = "".join(
        f"<tr><td>{html_text(label)}</td>"
        + "".join(
            f'<td class="n">{html_text(format_money(float(own.at[y, name]), currency))}</td>'
            for y in years
        )
        + "</tr>"
        for name, label in HANDOUT_ITEMS
    )
    head = items("th", ["Line item", *(f"FY{y}" for y in years)])
    return f"<table><tr>{head}</tr>{rows}</table>"


def handout_html(
    statements: pd.DataFrame, questions: Sequence[Question], title: str = "Business acumen workshop"
) -> str:
    """A printable handout: each case's key statements, the questions without answers and,
    on a new page, the answer key. Every dynamic string is HTML-escaped."""
    meta = companies_of(statements)
    parts = [
        f"<h1>{html_text(title)}</h1>",
        '<section id="cases"><h2>The cases: key statements</h2>',
    ]
    for company in meta.index:
        row = meta.loc[company]
        name = str(row.get("name") or company)
        currency = str(row.get("currency") or "USD")
        sector = str(row.get("sector") or "")
        parts.append(f"<h3>{html_text(name)} ({html_text(company)})</h3>")
        if sector and sector != "nan":
            parts.append(f"<p>{html_text(sector)} · {html_text(currency)}</p>")
        parts.append(key_statements(statements, company, currency))
    parts.append('</section><section id="questions"><h2>Questions</h2>')
    parts += [
        f'<div class="q"><p><b>{number}.</b> {html_text(question.question)}</p>'
        f'<ol class="choices">{items("li", question.choices)}</ol></div>'
        for number, question in enumerate(questions, start=1)
    ]
    parts.append('</section><section id="answer-key"><h2>Answer key</h2><ol>')
    parts += [
        f"<li><b>{html_text(q.answer)}: {html_text(q.correct_choice)}</b><br>"
        f"{html_text(q.explanation)}</li>"
        for q in questions
    ]
    parts.append("</ol></section>")
    return html_page(title, "\n".join(parts), extra_style=HANDOUT_STYLE, lang="en")
