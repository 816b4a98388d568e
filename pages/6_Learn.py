"""Learn: each driver taught with the selected client's own numbers plugged into the formulas,
R = M × V with two companies that reach the same ROA by different paths, and cash versus profit."""

import pandas as pd
import streamlit as st

from acumen.formatting import format_value
from acumen.reports.figures import trend_figure
from acumen.teaching.lessons import (
    cash_growth_example,
    fill,
    identity_lines,
    load_lessons,
    possessive,
    same_roa_pair,
    worked_formula,
    year_label,
)
from acumen.ui.render import chart, rmv_tree, table, title
from acumen.ui.sidebar import page_setup
from acumen.ui.text import md_escape
from acumen.ui.universe import peer_universe

view = page_setup("Learn")
title("Learn the five drivers", view)
latest_label = year_label(view, view.latest_year)
st.caption(
    f"Every formula below uses this client's reported figures for {latest_label}. "
    "Pick another client in the sidebar to see its numbers."
)


def paragraph(heading: str, text: str) -> None:
    st.markdown(f"**{heading}**  \n{md_escape(fill(text, view))}")


def formulas(metrics: tuple[str, ...]) -> None:
    st.markdown(
        f"**The formulas with {md_escape(possessive(view.name))} numbers ({latest_label})**"
    )
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
        paragraph("Same return, different paths", lesson.section("paths"))
        pair = same_roa_pair(universe=peer_universe())
        if pair is not None:
            rows = [
                {
                    "company": p.name,
                    "Fiscal year": p.fiscal_label,
                    "net margin (M)": format_value(p.net_margin, "pct"),
                    "asset turnover (V)": format_value(p.asset_turnover, "x"),
                    "ROA (R)": format_value(p.roa, "pct"),
                    "path": path,
                }
                for p, path in (
                    (pair.margin_path, "high M, low V"),
                    (pair.velocity_path, "low M, high V"),
                )
            ]
            table(pd.DataFrame(rows))
            st.caption(
                "Picked automatically from the bundled NYSE universe: the widest contrast in asset "
                "turnover among companies whose ROA is within 1 point in the same fiscal year."
            )
    with right:
        rmv_tree(view, key="learn_rmv_tree")


def cash_extras(lesson) -> None:
    paragraph("The story", lesson.section("story"))
    example = cash_growth_example(view)
    st.markdown(f"**Worked example with {md_escape(possessive(view.name))} cycle**")
    if example is None:
        st.info("No cash conversion cycle or DSO can be computed from this client's figures.")
    else:
        st.markdown("\n".join(f"- {md_escape(line)}" for line in example.lines()))


lessons = load_lessons()
tabs = st.tabs([lesson.title.split(":")[0] for lesson in lessons])
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
            paragraph("Why it matters to the client", lesson.why_it_matters)
        with second:
            paragraph("What a seller can influence", lesson.seller_influence)
        with third:
            paragraph("A common misreading", lesson.misreading)
        charts(lesson)
