"""One client's numbers, ready for a page: its statements, metrics and display tables."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from acumen.analysis.catalog import BY_NAME, CATALOG, DRIVERS, HEADLINE, driver_label
from acumen.analysis.metrics import MetricResult, compute_metrics_with_reasons
from acumen.data.statements import Statements
from acumen.formatting import format_change, format_na, format_value
from acumen.i18n import N_, _, catalog, current_language


@dataclass(frozen=True)
class ClientView:
    """One company's statements and metrics (all its years, ascending)."""

    company: str
    name: str
    ticker: str
    currency: str
    source: str
    as_of: str
    statements: Statements
    result: MetricResult

    @property
    def metrics(self) -> pd.DataFrame:
        return self.result.values

    @property
    def years(self) -> list[int]:
        return [int(y) for y in self.statements.index.get_level_values(1)]

    @property
    def latest_year(self) -> int:
        return self.years[-1]

    def value(self, metric: str, year: int | None = None) -> float:
        return float(self.metrics.at[(self.company, year or self.latest_year), metric])

    def reason(self, metric: str, year: int | None = None) -> str:
        return self.result.reason(self.company, year or self.latest_year, metric)

    def display(self, metric: str, year: int | None = None) -> str:
        """Formatted value, or "n/a — reason"."""
        value = self.value(metric, year)
        if np.isnan(value):
            return format_na(self.reason(metric, year))
        return format_value(value, BY_NAME[metric].unit, self.currency)

    def item(self, line_item: str, year: int | None = None) -> float:
        return float(self.statements.table.at[(self.company, year or self.latest_year), line_item])


def client_view(statements: pd.DataFrame, company: str) -> ClientView:
    """The view of ``company`` within ``statements`` (metrics over its own years)."""
    own = statements.select([company])
    meta = statements.companies.loc[company]

    def text(field: str, default: str = "") -> str:
        value = meta.get(field)
        return (
            default
            if value is None or (isinstance(value, float) and np.isnan(value))
            else str(value)
        )

    return ClientView(
        company=company,
        name=text("name", company),
        ticker=text("ticker"),
        currency=text("currency", "USD") or "USD",
        source=text("source"),
        as_of=text("as_of"),
        statements=own,
        result=compute_metrics_with_reasons(own),
    )


#: Headline metric -> its short name on a driver tile (English, shown through ``_()``).
SHORT_LABELS = {
    "net_margin": N_("net margin"),
    "free_cash_flow": N_("free cash flow"),
    "roa": N_("ROA"),
    "asset_turnover": N_("asset turns"),
    "revenue_growth": N_("revenue"),
}


@dataclass(frozen=True)
class DriverTile:
    driver: str
    metric: str
    label: str
    value: str
    delta: str | None
    help: str


def driver_tiles(view: ClientView) -> list[DriverTile]:
    """The five drivers' headline metrics for the latest year, with year-on-year change."""
    tiles = []
    years = view.years
    for driver in DRIVERS:
        metric = HEADLINE[driver]
        info = BY_NAME[metric]
        delta = None
        if len(years) > 1 and years[-2] == years[-1] - 1:
            change = view.value(metric) - view.value(metric, years[-2])
            delta = None if np.isnan(change) else format_change(change, info.unit, view.currency)
        tiles.append(
            DriverTile(
                driver=driver,
                metric=metric,
                label=_("{driver} · {metric}").format(
                    driver=driver_label(driver), metric=_(SHORT_LABELS[metric])
                ),
                value=view.display(metric),
                delta=delta,
                help=_("{label} = {formula} (fiscal {year})").format(
                    label=_(info.label), formula=info.formula, year=view.latest_year
                ),
            )
        )
    return tiles


def metrics_display_table(view: ClientView) -> pd.DataFrame:
    """Rows: metrics (driver, label); columns: fiscal years; cells: value or "n/a — reason"
    (the driver and metric headers and names in the active language; in English the driver
    is its key, as always shown)."""
    rows = []
    english = current_language() == "en"
    for info in CATALOG:
        driver = info.driver if english else driver_label(info.driver)
        row = {_("driver"): driver, _("metric"): _(info.label)}
        for year in view.years:
            row[str(year)] = view.display(info.name, year)
        rows.append(row)
    return pd.DataFrame(rows)


def line_item_label(item: str) -> str:
    """A line item's label (``cash``) in the active language, read with the context "line
    item" first (the balance, not the driver)."""
    from acumen.data.schema import LINE_ITEM_LABELS

    label = LINE_ITEM_LABELS[item]
    text = catalog(current_language()).pgettext("line item", label)
    return _(label) if text == label else text


def statements_display_table(view: ClientView) -> pd.DataFrame:
    """The client's line items by year, formatted in its currency."""
    from acumen.formatting import format_money

    frame = view.statements.table.droplevel(0).T
    table = pd.DataFrame({_("line item"): [line_item_label(i) for i in frame.index]})
    for year in frame.columns:
        table[str(year)] = [format_money(v, view.currency) for v in frame[year]]
    return table
