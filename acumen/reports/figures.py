"""Plotly figure builders (no Streamlit): testable with ``fig.data[0].x``.

Years are shown as categories (strings) so the axis never reads "2,023.5". Titles, axis
labels and legends are in the active language, and every figure's font family includes CJK
fonts (:data:`FONT_FAMILY`), so the browser draws Chinese names and labels, never boxes.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from acumen.analysis.catalog import BY_NAME
from acumen.display_text import plotly_text
from acumen.formatting import format_value
from acumen.i18n import N_, _
from acumen.reports.labels import metric_label

CLIENT_COLOUR = "#d62728"
PEER_COLOUR = "#7f7f7f"
#: The figures' fonts: Latin first, then the CJK fonts Debian and other systems ship.
FONT_FAMILY = "DejaVu Sans, Droid Sans Fallback, Noto Sans CJK SC, Microsoft YaHei, sans-serif"
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")


def _axis_format(unit: str) -> dict:
    return {
        "pct": {"tickformat": ".1%"},
        "x": {"ticksuffix": "×"},
        "days": {"ticksuffix": _(" d")},
    }.get(unit, {})


def with_fonts(figure: go.Figure) -> go.Figure:
    """``figure`` with :data:`FONT_FAMILY` as its font (titles, axes, legend, text)."""
    figure.update_layout(font_family=FONT_FAMILY)
    return figure


def trend_figure(
    series: dict[str, pd.Series],
    metric: str,
    *,
    currency: str = "USD",
    highlight: str | None = None,
    height: int = 260,
    year_labels: Mapping[int, str] | None = None,
) -> go.Figure:
    """Lines of ``metric`` over fiscal years, one per named series (index: fiscal year); the
    names are user text, drawn literally."""
    info = BY_NAME[metric]
    labels = dict(year_labels or {})
    figure = go.Figure()
    for position, (name, values) in enumerate(series.items()):
        valid = values.dropna()
        is_client = highlight is None or name == highlight
        colour = CLIENT_COLOUR if name == highlight else PALETTE[position % len(PALETTE)]
        figure.add_trace(
            go.Scatter(
                x=[labels.get(int(y), str(int(y))) for y in valid.index],
                y=valid.to_numpy(dtype="float64"),
                name=plotly_text(name),
                mode="lines+markers",
                line={
                    "color": colour,
                    "width": 3 if is_client else 1.5,
                    "dash": "solid" if is_client else "dot",
                },
                text=[format_value(v, info.unit, currency) for v in valid],
                hovertemplate="%{fullData.name}<br>"
                + ("%{x}" if labels else _("FY{year}").format(year="%{x}"))
                + ": %{text}<extra></extra>",
            )
        )
    figure.update_layout(
        title=metric_label(metric),
        height=height,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "y": -0.2},
        showlegend=len(series) > 1,
    )
    figure.update_xaxes(type="category", title=None)
    figure.update_yaxes(title=None, **_axis_format(info.unit))
    return with_fonts(figure)


def rmv_tree_figure(
    net_margin: float, asset_turnover: float, roa: float, equity_multiplier: float, roe: float
) -> go.Figure:
    """The R = M × V tree: ROE ← ROA × equity multiplier; ROA ← net margin × asset turnover."""
    nodes = {
        N_("ROE"): (0.5, 0.85, format_value(roe, "pct")),
        N_("ROA (R)"): (0.3, 0.5, format_value(roa, "pct")),
        N_("Equity multiplier"): (0.72, 0.5, format_value(equity_multiplier, "x")),
        N_("Net margin (M)"): (0.15, 0.13, format_value(net_margin, "pct")),
        N_("Asset turnover (V)"): (0.45, 0.13, format_value(asset_turnover, "x")),
    }
    edges = [
        ("ROE", "ROA (R)"),
        ("ROE", "Equity multiplier"),
        ("ROA (R)", "Net margin (M)"),
        ("ROA (R)", "Asset turnover (V)"),
    ]
    figure = go.Figure()
    for parent, child in edges:
        (x0, y0, *_end0), (x1, y1, *_end1) = nodes[parent], nodes[child]
        figure.add_trace(
            go.Scatter(
                x=[x0, x1],
                y=[y0, y1],
                mode="lines",
                line={"color": "#999"},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    figure.add_trace(
        go.Scatter(
            x=[x for x, *_rest in nodes.values()],
            y=[spot[1] for spot in nodes.values()],
            mode="markers+text",
            marker={
                "size": 74,
                "color": ["#dbe9f6", "#f7d4d4", "#e9e0f3", "#d7efd7", "#ffe6cc"],
                "line": {"color": "#888", "width": 1},
            },
            text=[f"<b>{_(name)}</b><br>{value}" for name, (*_xy, value) in nodes.items()],
            textposition="middle center",
            hoverinfo="skip",
            showlegend=False,
        )
    )
    figure.add_annotation(x=0.3, y=0.31, text="×", showarrow=False, font={"size": 22})
    figure.add_annotation(x=0.51, y=0.68, text="×", showarrow=False, font={"size": 22})
    figure.update_layout(
        height=340,
        font={"size": 13},
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        plot_bgcolor="rgba(0,0,0,0)",
    )
    figure.update_xaxes(visible=False, range=[0, 0.9])
    figure.update_yaxes(visible=False, range=[0, 1])
    return with_fonts(figure)


def iso_roa_curve(roa: float, turnover: np.ndarray) -> np.ndarray:
    """Net margin that gives ``roa`` at each asset turnover: margin = ROA / turnover."""
    turnover = np.asarray(turnover, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(turnover > 0, roa / turnover, np.nan)
