"""The stakeholder map as a picture: attitude across, power up, one marker per role."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from acumen.display_text import plotly_text
from acumen.plan.model import Plan
from acumen.plan.schema import CHOICE_LABELS, CHOICES

#: Marker symbol per decision role; a filled ring marks who pays, a star a future leader.
ROLE_SYMBOLS = {
    "decision_maker": "diamond",
    "information_sharer": "circle",
    "influencer": "square",
    "blocker": "x",
}
ATTITUDE_X = {a: i for i, a in enumerate(reversed(CHOICES["attitude"]))}  # opponent left
POWER_Y = {p: i for i, p in enumerate(reversed(CHOICES["power"]))}  # low at the bottom


def stakeholder_map_figure(plan: Plan) -> go.Figure:
    """Power (low → high) against attitude (opponent → supporter); people in the same cell
    are spread around its centre so none hides another."""
    figure = go.Figure()
    people = plan["stakeholders"]
    cells: dict[tuple[int, int], int] = {}
    for role, symbol in ROLE_SYMBOLS.items():
        members = [p for p in people if p["role"] == role]
        if not members:
            continue
        xs, ys = [], []
        for person in members:
            cell = (ATTITUDE_X[person["attitude"]], POWER_Y[person["power"]])
            rank = cells.get(cell, 0)
            cells[cell] = rank + 1
            angle = rank * 2.4  # golden-angle spiral
            radius = 0.0 if rank == 0 else 0.12 + 0.04 * rank
            xs.append(cell[0] + radius * np.cos(angle))
            ys.append(cell[1] + radius * np.sin(angle))
        names = [plotly_text(p["name"]) for p in members]
        hover = [
            plotly_text(f"{p['name']}, {p['title']}" if p["title"] else p["name"])
            + (" · pays" if p["pays"] else "")
            + (" · future leader" if p["future_leader"] else "")
            + (f" · owns {p['owns_driver']}" if p["owns_driver"] else "")
            for p in members
        ]
        figure.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="markers+text",
                name=CHOICE_LABELS[role],
                text=names,
                textposition="top center",
                hovertext=hover,
                hoverinfo="text",
                marker={
                    "symbol": symbol,
                    "size": [18 if p["pays"] else 13 for p in members],
                    "line": {"width": [3 if p["future_leader"] else 1 for p in members]},
                },
            )
        )
    attitude_names = [CHOICE_LABELS[a] for a in ATTITUDE_X]
    power_names = [CHOICE_LABELS[p] for p in POWER_Y]
    figure.update_layout(
        xaxis={
            "title": "Attitude to you",
            "tickvals": list(ATTITUDE_X.values()),
            "ticktext": attitude_names,
            "range": [-0.6, len(ATTITUDE_X) - 0.4],
            "zeroline": False,
        },
        yaxis={
            "title": "Power in the decision",
            "tickvals": list(POWER_Y.values()),
            "ticktext": power_names,
            "range": [-0.6, len(POWER_Y) - 0.4],
            "zeroline": False,
        },
        height=420,
        margin={"t": 30, "b": 40},
        legend={"title": "Role (larger: pays; thick ring: future leader)"},
    )
    return figure
