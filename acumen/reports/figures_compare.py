"""Plotly figures for the comparison pages (peers, value chain, what-if); no Streamlit.

Category axes carry names or labels as strings; no value shown is ever ±inf.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from acumen.display_text import plotly_text
from acumen.formatting import fiscal_label, format_value
from acumen.i18n import N_, _
from acumen.reports.figures import (
    CLIENT_COLOUR,
    PALETTE,
    PEER_COLOUR,
    iso_roa_curve,
    trend_figure,
    with_fonts,
)

ISO_ROA_LEVELS: tuple[float, ...] = (0.02, 0.05, 0.10, 0.20)
#: The two traces of the margin × velocity chart (the legend shows them translated).
CLIENT_TRACE = N_("client")
PEER_TRACE = N_("peers")


def _company_points(
    points: pd.DataFrame, name: str, *, size: int, colour: str, font: dict, **marker: object
) -> go.Scatter:
    """Labelled markers at (asset turnover, net margin), one per company, with ROA on hover."""
    return go.Scatter(
        x=points["asset_turnover"],
        y=points["net_margin"],
        mode="markers+text",
        name=_(name),
        text=[plotly_text(n) for n in points["name"]],
        textposition="top center",
        textfont=font,
        marker={"size": size, "color": colour, **marker},
        hovertext=_hover(points),
        hoverinfo="text",
    )


def _hover(points: pd.DataFrame) -> list[str]:
    template = _(
        "<b>{name}</b><br>{year}<br>Net margin {margin}<br>Asset turnover {turnover}<br>ROA {roa}"
    )
    return [
        template.format(
            name=plotly_text(name),
            year=fiscal_label(int(year)),
            margin=format_value(m, "pct"),
            turnover=format_value(t, "x"),
            roa=format_value(r, "pct"),
        )
        for name, year, m, t, r in zip(
            points["name"],
            points["fiscal_year"],
            points["net_margin"],
            points["asset_turnover"],
            points["roa"],
            strict=True,
        )
    ]


def margin_velocity_figure(
    points: pd.DataFrame, client: str, levels: Sequence[float] = ISO_ROA_LEVELS, height: int = 480
) -> go.Figure:
    """Net margin (y) against asset turnover (x), one point per company (index: company id;
    columns name, fiscal_year, asset_turnover, net_margin, roa). The client is the trace named
    ``client`` (red, bigger); dashed iso-ROA curves show margin = ROA / turnover."""
    valid = points.dropna(subset=["asset_turnover", "net_margin"])
    x_max = float(max(valid["asset_turnover"].max() if len(valid) else 1.0, 0.5)) * 1.15
    margins = valid["net_margin"] if len(valid) else pd.Series([0.0, 0.1])
    y_low = float(min(margins.min(), 0.0))
    y_high = float(max(margins.max(), 0.05))
    pad = (y_high - y_low) * 0.12
    turnover = np.linspace(x_max / 200, x_max, 200)
    figure = go.Figure()
    for level in levels:
        margin = iso_roa_curve(level, turnover)
        shown = margin <= y_high + pad
        figure.add_trace(
            go.Scatter(
                x=turnover[shown],
                y=margin[shown],
                mode="lines",
                name=_("ROA {level}").format(level=f"{level:.0%}"),
                line={"color": "#bbbbbb", "dash": "dash", "width": 1},
                hovertemplate=_("ROA {level}: margin {margin} × turnover {turnover}").format(
                    level=f"{level:.0%}", margin="%{y:.1%}", turnover="%{x:.2f}"
                )
                + "<extra></extra>",
                showlegend=False,
            )
        )
        if shown.any():
            at_end = margin[-1] <= y_high + pad
            spot = len(turnover) - 1 if at_end else int(np.flatnonzero(shown)[0])
            figure.add_annotation(
                x=float(turnover[spot]),
                y=float(margin[spot]),
                text=_("ROA {level}").format(level=f"{level:.0%}"),
                showarrow=False,
                font={"size": 10, "color": "#888"},
                xanchor="right" if at_end else "left",
                yanchor="bottom",
            )
    peers = valid.drop(index=[client], errors="ignore")
    figure.add_trace(
        _company_points(peers, PEER_TRACE, size=11, colour=PEER_COLOUR, font={"size": 10})
    )
    own = valid.loc[valid.index == client]
    client_marker = {"line": {"color": "white", "width": 1.5}}
    font = {"size": 12, "color": CLIENT_COLOUR}
    figure.add_trace(
        _company_points(
            own, CLIENT_TRACE, size=18, colour=CLIENT_COLOUR, font=font, **client_marker
        )
    )
    figure.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "y": -0.15},
        title=_("Margin × velocity = ROA"),
    )
    figure.update_xaxes(title=_("Asset turnover (velocity)"), range=[0, x_max], ticksuffix="×")
    figure.update_yaxes(title=_("Net margin"), range=[y_low - pad, y_high + pad], tickformat=".0%")
    return with_fonts(figure)


def peer_trend_figure(
    values: pd.DataFrame,
    metric: str,
    companies: Sequence[str],
    names: dict[str, str],
    client: str,
    currency: str = "USD",
) -> go.Figure:
    """``metric`` over fiscal years for the client (highlighted) and each peer; the year axis
    is sorted, since peers may cover different windows."""
    column = values[metric]
    series = {
        names.get(c, c): column.xs(c, level=0)
        for c in companies
        if c in column.index.get_level_values(0)
    }
    figure = trend_figure(
        series, metric, currency=currency, highlight=names.get(client, client), height=360
    )
    figure.update_xaxes(categoryorder="category ascending")
    return figure


def _grouped_bars(
    values: pd.DataFrame,
    metrics: tuple[tuple[str, str], ...],
    *,
    unit: str,
    title: str,
    first_colour: int,
    height: int,
) -> go.Figure:
    """One bar group per link (chain order; index company, column ``name``), one bar per metric."""
    names = [plotly_text(n) for n in values["name"]]
    figure = go.Figure()
    for position, (metric, label) in enumerate(metrics):
        series = values[metric].astype("float64")
        figure.add_trace(
            go.Bar(
                x=names,
                y=series.where(np.isfinite(series)),
                name=_(label),
                marker_color=PALETTE[position + first_colour],
                text=[format_value(v, unit) for v in series],
                textposition="outside",
            )
        )
    figure.update_layout(
        barmode="group",
        height=height,
        title=_(title),
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "y": -0.2},
    )
    figure.update_xaxes(type="category")
    figure.update_yaxes(**({"tickformat": ".0%"} if unit == "pct" else {"ticksuffix": _(" d")}))
    return with_fonts(figure)


def chain_margin_figure(values: pd.DataFrame, height: int = 320) -> go.Figure:
    """Gross and operating margin by link."""
    metrics = (("gross_margin", N_("Gross margin")), ("operating_margin", N_("Operating margin")))
    title = N_("Where the margin is made")
    return _grouped_bars(values, metrics, unit="pct", title=title, first_colour=0, height=height)


def chain_days_figure(values: pd.DataFrame, height: int = 320) -> go.Figure:
    """DSO, DIO, DPO and the cash conversion cycle by link."""
    metrics = (
        ("dso", N_("DSO")),
        ("dio", N_("DIO")),
        ("dpo", N_("DPO")),
        ("cash_conversion_cycle", N_("Cash cycle")),
    )
    return _grouped_bars(
        values,
        metrics,
        unit="days",
        title=N_("Days of cash along the chain"),
        first_colour=2,
        height=height,
    )


def roa_waterfall(roa_before: float, bridge: pd.DataFrame, height: int = 360) -> go.Figure:
    """ROA before, one relative step per bridge row (``step``, ``contribution``), ROA after."""
    steps = bridge["contribution"].astype("float64").fillna(0.0)
    after = roa_before + float(steps.sum())
    labels = [_("ROA before"), *bridge["step"].astype(str), _("ROA after")]
    values = [roa_before, *steps.tolist(), after]
    figure = go.Figure(
        go.Waterfall(
            x=labels,
            y=[v if np.isfinite(v) else 0.0 for v in values],
            measure=["absolute", *["relative"] * len(steps), "total"],
            text=[f"{roa_before * 100:.2f}%"]
            + [
                ("+" if v > 0 else "") + _("{points} pts").format(points=f"{v * 100:.2f}")
                if abs(v) >= 5e-5
                else ""
                for v in steps
            ]
            + [f"{after * 100:.2f}%"],
            textposition="outside",
            increasing={"marker": {"color": "#2ca02c"}},
            decreasing={"marker": {"color": CLIENT_COLOUR}},
            totals={"marker": {"color": "#1f77b4"}},
            connector={"line": {"color": "#999"}},
        )
    )
    figure.update_layout(
        height=height,
        title=_("ROA bridge"),
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        showlegend=False,
    )
    figure.update_xaxes(type="category")
    levels = np.array([roa_before, *(roa_before + steps.cumsum()).tolist()])
    levels = levels[np.isfinite(levels)]
    if len(levels):
        low, high = float(levels.min()), float(levels.max())
        pad = max((high - low) * 0.6, abs(high) * 0.05, 0.002)
        figure.update_yaxes(range=[low - pad, high + pad])
    figure.update_yaxes(tickformat=".2%")
    return with_fonts(figure)
