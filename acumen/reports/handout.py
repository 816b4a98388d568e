"""The workshop's printable handout: each case's key statements, the questions without
answers and, on a new page, the answer key (:func:`acumen.reports.html.html_page`)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from acumen.data.statements import Statements
from acumen.display_text import html_text
from acumen.formatting import fiscal_label, format_money
from acumen.i18n import N_, _
from acumen.reports.html import html_page, items, lang_attribute
from acumen.teaching.quiz import Question

#: Key statements shown in the handout (line item, label).
HANDOUT_ITEMS: tuple[tuple[str, str], ...] = (
    ("revenue", N_("Revenue")),
    ("cost_of_revenue", N_("Cost of revenue")),
    ("gross_profit", N_("Gross profit")),
    ("operating_income", N_("Operating income")),
    ("net_income", N_("Net income")),
    ("receivables", N_("Receivables")),
    ("inventory", N_("Inventory")),
    ("payables", N_("Payables")),
    ("total_assets", N_("Total assets")),
    ("equity", N_("Equity")),
    ("operating_cash_flow", N_("Operating cash flow")),
    ("capital_expenditure", N_("Capital expenditure")),
)


#: The handout's rules beside the one stylesheet: right-aligned figures, lettered choices,
#: a question never split across pages, the answer key on a page of its own.
HANDOUT_STYLE = (
    "td.n{text-align:right}ol.choices{list-style:upper-alpha}"
    ".q{margin-bottom:1.2em;break-inside:avoid}"
    "#answer-key{break-before:page;page-break-before:always}"
)


def key_statements(statements: Statements, company: str, currency: str) -> str:
    """The company's key statements (:data:`HANDOUT_ITEMS`) for its last two fiscal years."""
    own = statements.table.loc[company]
    years = [int(y) for y in own.index][-2:]
    rows = "".join(
        f"<tr><td>{html_text(_(label))}</td>"
        + "".join(
            f'<td class="n">{html_text(format_money(float(own.at[y, name]), currency))}</td>'
            for y in years
        )
        + "</tr>"
        for name, label in HANDOUT_ITEMS
    )
    head = items("th", [_("Line item"), *(fiscal_label(y) for y in years)])
    return f"<table><tr>{head}</tr>{rows}</table>"


def handout_html(
    statements: pd.DataFrame, questions: Sequence[Question], title: str | None = None
) -> str:
    """A printable handout: each case's key statements, the questions without answers and,
    on a new page, the answer key, in the active language (``title`` defaults to "Business
    acumen workshop"). Every dynamic string is HTML-escaped."""
    title = _("Business acumen workshop") if title is None else title
    cases, asked, key = _("The cases: key statements"), _("Questions"), _("Answer key")
    meta = statements.companies
    parts = [
        f"<h1>{html_text(title)}</h1>",
        f'<section id="cases"><h2>{html_text(cases)}</h2>',
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
    parts.append(f'</section><section id="questions"><h2>{html_text(asked)}</h2>')
    parts += [
        f'<div class="q"><p><b>{number}.</b> {html_text(question.question)}</p>'
        f'<ol class="choices">{items("li", question.choices)}</ol></div>'
        for number, question in enumerate(questions, start=1)
    ]
    parts.append(f'</section><section id="answer-key"><h2>{html_text(key)}</h2><ol>')
    parts += [
        f"<li><b>{html_text(q.answer)}: {html_text(q.correct_choice)}</b><br>"
        f"{html_text(q.explanation)}</li>"
        for q in questions
    ]
    parts.append("</ol></section>")
    return html_page(title, "\n".join(parts), extra_style=HANDOUT_STYLE, lang=lang_attribute())
