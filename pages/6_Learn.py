"""Learn: each driver taught with the selected client's own numbers plugged into the formulas,
R = M × V with two companies that reach the same ROA by different paths, and cash versus profit."""

import pandas as pd
import streamlit as st

from acumen.formatting import format_value, possessive
from acumen.i18n import N_, _
from acumen.reports.figures import trend_figure
from acumen.teaching.examples import cash_growth_example, same_roa_pair
from acumen.teaching.lessons import load_lessons
from acumen.teaching.worked import fill, identity_lines, worked_formula, year_label
from acumen.ui.render import chart, rmv_tree, table, title
from acumen.ui.sidebar import page_setup
from acumen.ui.text import md_escape
from acumen.ui.universe import peer_universe

view = page_setup(N_("Learn"))
title(_("Learn the five drivers"), view)
latest_label = year_label(view, view.latest_year)
st.caption(
    _(
        "Every formula below uses this client's reported figures for {year}. "
        "Pick another client in the sidebar to see its numbers."
    ).format(year=latest_label)
)
#: The same-ROA table's headers (keys: its columns).
PAIR_COLUMNS = {
    "company": N_("company"),
    "fiscal_year": N_("Fiscal year"),
    "margin": N_("net margin (M)"),
    "turnover": N_("asset turnover (V)"),
    "roa": N_("ROA (R)"),
    "path": N_("path"),
}


def paragraph(heading: str, text: str) -> None:
    st.markdown(f"**{heading}**  \n{md_escape(fill(text, view))}")


def formulas(metrics: tuple[str, ...]) -> None:
    heading = _("The formulas with {possessive} numbers ({year})").format(
        possessive=md_escape(possessive(view.name)), year=latest_label
    )
    st.markdown(f"**{heading}**")
    lines = [f"- {md_escape(worked_formula(view, metric).text)}" for metric in metrics]
    st.markdown("\n".join(lines))


def charts(lesson) -> None:
    columns = st.columns(len(lesson.chart))
    for column, metric in zip(columns, lesson.chart, strict=True):
        with column:
            series = {view.name: view.metrics[metric].droplevel(0)}
            chart(
                trend_figure(series, metric, currency=view.currency),
                key=f"learn_{lesson.id}_{metric}",
            )


def rmv_extras(lesson) -> None:
    left, right = st.columns([3, 2])
    with left:
        st.markdown("\n".join(f"- {md_escape(line)}" for line in identity_lines(view)))
        paragraph(_("Same return, different paths"), lesson.section("paths"))
        pair = same_roa_pair(universe=peer_universe())
        if pair is not None:
            rows = [
                {
                    "company": p.name,
                    "fiscal_year": p.fiscal_label,
                    "margin": format_value(p.net_margin, "pct"),
                    "turnover": format_value(p.asset_turnover, "x"),
                    "roa": format_value(p.roa, "pct"),
                    "path": path,
                }
                for p, path in (
                    (pair.margin_path, _("high M, low V")),
                    (pair.velocity_path, _("low M, high V")),
                )
            ]
            headers = {key: _(header) for key, header in PAIR_COLUMNS.items()}
            table(pd.DataFrame(rows).rename(columns=headers))
            st.caption(
                _(
                    "Picked automatically from the bundled NYSE universe: the widest contrast in "
                    "asset turnover among companies whose ROA is within 1 point in the same fiscal "
                    "year."
                )
            )
    with right:
        rmv_tree(view, key="learn_rmv_tree")


def cash_extras(lesson) -> None:
    paragraph(_("The story"), lesson.section("story"))
    example = cash_growth_example(view)
    heading = _("Worked example with {possessive} cycle").format(
        possessive=md_escape(possessive(view.name))
    )
    st.markdown(f"**{heading}**")
    if example is None:
        st.info(_("No cash conversion cycle or DSO can be computed from this client's figures."))
    else:
        st.markdown("\n".join(f"- {md_escape(line)}" for line in example.lines()))


lessons = load_lessons()
tabs = st.tabs([lesson.short_title for lesson in lessons])
for tab, lesson in zip(tabs, lessons, strict=True):
    with tab:
        st.subheader(lesson.title)
        st.markdown(md_escape(fill(lesson.summary, view)))
        if lesson.kind == "rmv":
            rmv_extras(lesson)
        formulas(lesson.metrics)
        if lesson.kind == "cash_vs_profit":
            cash_extras(lesson)
        first, second, third = st.columns(3)
        with first:
            paragraph(_("Why it matters to the client"), lesson.why_it_matters)
        with second:
            paragraph(_("What a seller can influence"), lesson.seller_influence)
        with third:
            paragraph(_("A common misreading"), lesson.misreading)
        charts(lesson)
