"""The stakeholder map as a picture: attitude across, power up, one marker per role."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from acumen.display_text import plotly_text
from acumen.i18n import _
from acumen.plan.labels import choice_label, driver_name
from acumen.plan.model import Plan
from acumen.plan.schema import CHOICES

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
        hover = [plotly_text(_hover(p)) for p in members]
        figure.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="markers+text",
                name=choice_label(role),
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
    attitude_names = [choice_label(a) for a in ATTITUDE_X]
    power_names = [choice_label(p) for p in POWER_Y]
    figure.update_layout(
        xaxis={
            "title": _("Attitude to you"),
            "tickvals": list(ATTITUDE_X.values()),
            "ticktext": attitude_names,
            "range": [-0.6, len(ATTITUDE_X) - 0.4],
            "zeroline": False,
        },
        yaxis={
            "title": _("Power in the decision"),
            "tickvals": list(POWER_Y.values()),
            "ticktext": power_names,
            "range": [-0.6, len(POWER_Y) - 0.4],
            "zeroline": False,
        },
        height=420,
        margin={"t": 30, "b": 40},
        legend={"title": _("Role (larger: pays; thick ring: future leader)")},
    )
    return figure


def _hover(person: dict) -> str:
    """ "Name, title · pays · future leader · owns margin" (the parts that apply)."""
    if person["title"]:
        text = _("{name}, {title}").format(name=person["name"], title=person["title"])
    else:
        text = person["name"]
    if person["pays"]:
        text += _(" · pays")
    if person["future_leader"]:
        text += _(" · future leader")
    if person["owns_driver"]:
        text += _(" · owns {driver}").format(driver=driver_name(person["owns_driver"]))
    return text
