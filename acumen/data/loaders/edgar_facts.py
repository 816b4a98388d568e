"""SEC EDGAR ``companyfacts`` JSON as annual canonical statements.

The format (``data.sec.gov/api/xbrl/companyfacts/CIK##########.json``)::

    {cik, entityName, facts: {taxonomy: {Concept: {label, units: {USD: [
        {start?, end, val, accn, fy, fp, form, filed, frame?}, ...]}}}}}

Annual statements are read from annual filings (10-K, 20-F, 40-F and their amendments):
flows are the facts spanning about a year (335–380 days), balances the instants at those
years' ends. A fact repeats in every later filing that restates it; for each period the
latest filed value wins (an amendment filed later wins over the original). Concepts map to
canonical items through ``acumen/data/edgar_concepts.csv`` (us-gaap and ifrs-full), tried in
priority order for each year. The fiscal year is the Compustat year of the period end.
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from acumen.data.schema import CORE_ITEMS, LINE_ITEM_LABELS, LINE_ITEMS
from acumen.data.statements import build_statements, fiscal_year_of, make_companies
from acumen.errors import AcumenError
from acumen.i18n import _

ANNUAL_FORMS = frozenset({"10-K", "10-K/A", "10-KT", "10-KT/A", "20-F", "20-F/A", "40-F", "40-F/A"})
#: A flow fact is annual when it spans this many days (52/53-week years included).
ANNUAL_DAYS = (335, 380)
SOURCE = "SEC EDGAR companyfacts"
#: Largest companyfacts file read (SEC's biggest filers' files are a few tens of MB).
MAX_FACTS_BYTES = 64 * 2**20
FACT_COLUMNS = ("taxonomy", "concept", "unit", "start", "end", "val", "form", "filed")
_CURRENCY_UNIT = re.compile(r"[A-Z]{3}")
SET_ASIDE = "set aside: a higher-priority concept gives the item"


@functools.cache
def concept_table() -> pd.DataFrame:
    """item, taxonomy, concept, priority (``acumen/data/edgar_concepts.csv``)."""
    with resources.files("acumen").joinpath("data/edgar_concepts.csv").open(encoding="utf-8") as f:
        return pd.read_csv(f, dtype={"item": str, "taxonomy": str, "concept": str})


def is_companyfacts(payload: object) -> bool:
    return isinstance(payload, dict) and isinstance(payload.get("facts"), dict)


def facts_frame(payload: dict) -> pd.DataFrame:
    """One row per fact of a concept the mapping knows: taxonomy, concept, unit, start, end,
    val, form, filed (the records gathered first, then one frame built from columns)."""
    wanted = concept_table()
    keys = set(zip(wanted["taxonomy"], wanted["concept"], strict=True))
    records: list[dict] = []
    labels: list[tuple[str, str, str, int]] = []  # (taxonomy, concept, unit, fact count)
    for taxonomy, concepts in payload["facts"].items():
        if not isinstance(concepts, dict):
            continue
        for concept, body in concepts.items():
            if (taxonomy, concept) not in keys or not isinstance(body, dict):
                continue
            for unit, facts in (body.get("units") or {}).items():
                if isinstance(facts, list):
                    kept = [f for f in facts if isinstance(f, dict)]
                    records.extend(kept)
                    labels.append((taxonomy, concept, str(unit), len(kept)))
    counts = [n for *_, n in labels]
    columns = {
        name: np.repeat([label[i] for label in labels], counts).astype(object)
        for i, name in enumerate(("taxonomy", "concept", "unit"))
    }
    for name in ("start", "end", "val", "form", "filed"):
        columns[name] = [r.get(name) for r in records]
    facts = pd.DataFrame(columns, columns=list(FACT_COLUMNS))
    for name in ("start", "end", "filed"):
        facts[name] = pd.to_datetime(facts[name], errors="coerce", format="%Y-%m-%d")
    facts["val"] = pd.to_numeric(facts["val"], errors="coerce").astype("float64")
    return facts.dropna(subset=["end", "val"]).reset_index(drop=True)


def annual_facts(facts: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """(annual facts, how many values later filings restated): flows spanning a year and
    balances at those years' ends, from annual forms, the latest filing per period."""
    annual = facts.loc[facts["form"].isin(ANNUAL_FORMS)].copy()
    days = (annual["end"] - annual["start"]).dt.days
    flow = annual["start"].notna()
    annual = annual.loc[~flow | days.between(*ANNUAL_DAYS)]
    ends = set(annual.loc[annual["start"].notna(), "end"])
    annual = annual.loc[annual["start"].notna() | annual["end"].isin(ends)]
    annual = annual.assign(_amended=annual["form"].str.endswith("/A").astype(int))
    annual = annual.sort_values(["filed", "_amended"], kind="stable")
    period = ["taxonomy", "concept", "unit", "start", "end"]
    restated = annual.groupby(period, dropna=False)["val"].nunique().gt(1).sum()
    latest = annual.drop_duplicates(period, keep="last").drop(columns="_amended")
    latest = latest.assign(fiscal_year=fiscal_year_of(latest["end"]))
    return latest.reset_index(drop=True), int(restated)


def currency_of(annual: pd.DataFrame) -> str | None:
    money = annual.loc[annual["unit"].str.fullmatch(_CURRENCY_UNIT.pattern)]
    return money["unit"].value_counts().idxmax() if len(money) else None


def statements_from_companyfacts(
    payload: dict,
    *,
    source: str,
    ticker: str | None = None,
    as_of: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(canonical statements, mapping of concept -> item) from a companyfacts payload."""
    if not is_companyfacts(payload):
        raise AcumenError(
            _("not an SEC companyfacts file (no 'facts' object)"),
            source=source,
            fix=_(
                "Download it from data.sec.gov/api/xbrl/companyfacts/CIK##########.json, "
                "or upload the statements as CSV or Excel."
            ),
        )
    name = " ".join(str(payload.get("entityName") or ticker or source).split())
    annual, restated = annual_facts(facts_frame(payload))
    currency = currency_of(annual)
    if currency is None:
        raise AcumenError(
            _("the companyfacts file holds no annual figures (10-K, 20-F or 40-F) in a currency"),
            source=source,
            fix=_("Use a company that files annual reports with SEC, or upload its statements."),
        )
    annual = annual.loc[annual["unit"] == currency]
    ranked, first = _ranked_concepts(annual)
    used = ranked.loc[first]
    table = used.pivot(index="fiscal_year", columns="item", values="val")
    ends = used.groupby("fiscal_year")["end"].max()
    notes = derive_liabilities(table)
    notes += _check_operations_cash(table, used)
    table = table.reindex(columns=list(LINE_ITEMS))
    cik = str(payload.get("cik", "")).strip()
    company_id = ticker or (f"CIK{int(cik)}" if cik.isdigit() else name)
    records = table.assign(company=company_id, period_end=ends.reindex(table.index)).reset_index()
    filed = annual["filed"].max()
    companies = make_companies(
        [
            {
                "id": company_id,
                "name": name,
                "ticker": ticker,
                "currency": currency,
                "source": f"{SOURCE} (CIK {cik or '?'})",
                "as_of": as_of or (_filed_up_to(filed) if pd.notna(filed) else None),
            }
        ]
    )
    missing = [i for i in LINE_ITEMS if table[i].isna().all()]
    notes = [_annual_note(source, sorted(table.index), currency, restated), *notes]
    notes += [_missing_note(missing)] if missing else []
    canonical = ranked["item"].isin(LINE_ITEMS).to_numpy()
    mapping = _mapping(ranked.loc[canonical], first[canonical], source, currency)
    statements = build_statements(records, companies, source=source, warnings=notes).replace(
        incomplete={company_id: [i for i in CORE_ITEMS if i in missing]}, mapping=mapping
    )
    return statements, mapping


def _ranked_concepts(annual: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """(the facts of mapped concepts, latest per fiscal year, item and concept, in priority
    order; a mask of the one used per fiscal year and item: the highest priority)."""
    ranked = annual.merge(concept_table(), on=["taxonomy", "concept"])
    ranked = ranked.sort_values(["fiscal_year", "item", "priority", "end"], kind="stable")
    ranked = ranked.drop_duplicates(["fiscal_year", "item", "taxonomy", "concept"], keep="last")
    return ranked, ~ranked.duplicated(["fiscal_year", "item"], keep="first")


def _filed_up_to(filed: pd.Timestamp) -> str:
    return _("filed up to {date}").format(date=f"{filed:%Y-%m-%d}")


def _annual_note(source: str, years: list, currency: str, restated: int) -> str:
    """The first note of annual statements from companyfacts: which filings, years, currency."""
    values = dict(source=source, first=years[0], last=years[-1], currency=currency)
    if restated:
        return _(
            "{source}: annual figures from 10-K/20-F/40-F filings, fiscal {first}–{last}, "
            "in {currency}; for each period the latest filing wins "
            "({restated} value(s) restated by a later filing)."
        ).format(restated=restated, **values)
    return _(
        "{source}: annual figures from 10-K/20-F/40-F filings, fiscal {first}–{last}, "
        "in {currency}; for each period the latest filing wins."
    ).format(**values)


def _missing_note(missing: list[str]) -> str:
    return _("Not in the filings' tagged facts: {items}; metrics that need them are n/a.").format(
        items=", ".join(_(LINE_ITEM_LABELS[i]) for i in missing)
    )


def derive_liabilities(table: pd.DataFrame) -> list[str]:
    """Total liabilities = liabilities and equity − equity including minority interests,
    for years the filer tags no ``Liabilities`` (common under us-gaap)."""
    for item in ("total_liabilities", "liabilities_and_equity", "total_equity"):
        if item not in table.columns:
            table[item] = np.nan
    derived = table["liabilities_and_equity"] - table["total_equity"]
    fill = table["total_liabilities"].isna() & derived.notna()
    table.loc[fill, "total_liabilities"] = derived[fill]
    if not fill.any():
        return []
    years = ", ".join(str(y) for y in table.index[fill][:6])
    return [
        _(
            "Total liabilities for fiscal {years} = liabilities and equity − total equity "
            "(the filer tags no total liabilities)."
        ).format(years=years)
    ]


#: A subtotal that IFRS filers may tag for the whole operating cash flow, or for the cash
#: generated before interest and tax paid: read only where the cash-flow statement adds up.
OPERATIONS_SUBTOTAL = ("ifrs-full", "CashFlowsFromUsedInOperations")
#: Tolerance of the check operating + investing + financing (+ FX) = change in cash.
CASH_CHECK_TOLERANCE = 0.005


def _check_operations_cash(table: pd.DataFrame, used: pd.DataFrame) -> list[str]:
    """Keep operating cash flow read from ``CashFlowsFromUsedInOperations`` only in years
    where operating + investing + financing (with or without the FX effect) equals the
    change in cash within 0.5% of the operating flow; elsewhere it is n/a, with a note."""
    ocf = used.loc[used["item"] == "operating_cash_flow"]
    subtotal = ocf.loc[
        (ocf["taxonomy"] == OPERATIONS_SUBTOTAL[0]) & (ocf["concept"] == OPERATIONS_SUBTOTAL[1]),
        "fiscal_year",
    ]
    if subtotal.empty:
        return []
    flows = table.reindex(
        columns=[
            "operating_cash_flow",
            "investing_cash_flow",
            "financing_cash_flow",
            "cash_change",
            "fx_effect",
        ]
    ).loc[subtotal]
    total = flows[["operating_cash_flow", "investing_cash_flow", "financing_cash_flow"]].sum(
        axis=1, min_count=3
    )
    bound = CASH_CHECK_TOLERANCE * flows["operating_cash_flow"].abs() + 1
    gap = (total - flows["cash_change"]).abs()
    gap_fx = (total + flows["fx_effect"].fillna(0) - flows["cash_change"]).abs()
    adds_up = (gap <= bound) | (gap_fx <= bound)
    kept = flows.index[adds_up].tolist()
    refused = flows.index[~adds_up].tolist()
    table.loc[refused, "operating_cash_flow"] = np.nan
    notes = []
    if kept:
        notes.append(
            _(
                "Operating cash flow for fiscal {years} from "
                "CashFlowsFromUsedInOperations: with investing and financing flows it adds up "
                "to the change in cash, so it is the whole operating cash flow."
            ).format(years=", ".join(map(str, kept)))
        )
    if refused:
        notes.append(
            _(
                "Operating cash flow for fiscal {years} is n/a: the "
                "filer tags only CashFlowsFromUsedInOperations, which does not add up to the "
                "change in cash (it may be before interest and tax paid)."
            ).format(years=", ".join(map(str, refused)))
        )
    return notes


def _mapping(ranked: pd.DataFrame, first: pd.Series, source: str, currency: str) -> pd.DataFrame:
    """One row per concept read: file, sheet, row, label (taxonomy:concept), item, status."""
    frame = ranked.assign(used=first.to_numpy(), label=ranked["taxonomy"] + ":" + ranked["concept"])
    grouped = frame.groupby(["label", "item"], sort=False)
    rows = grouped.agg(
        used=("used", "any"), first=("fiscal_year", "min"), last=("fiscal_year", "max")
    ).reset_index()
    return pd.DataFrame(
        {
            "file": source,
            "sheet": "",
            "row": None,
            "label": rows["label"],
            "item": rows["item"],
            "status": np.where(rows["used"], "used", SET_ASIDE),
            "unit": "units",
            "currency": currency,
            "note": "fiscal " + rows["first"].astype(str) + "–" + rows["last"].astype(str),
        }
    )


def read_companyfacts(data: bytes | str | Path, source: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Statements and mapping of a companyfacts JSON file (path, bytes or text)."""
    return statements_from_companyfacts(read_payload(data, source), source=source)


def read_payload(data: bytes | str | Path, source: str) -> dict:
    """The parsed JSON of a companyfacts file (size-checked before it is read)."""
    path = (
        Path(data)
        if isinstance(data, Path) or (isinstance(data, str) and "{" not in data)
        else None
    )
    if path is not None and not path.is_file():
        raise AcumenError(
            _("file not found"), source=source, fix=_("Check the path and the file name.")
        )
    size = path.stat().st_size if path is not None else len(data)
    if size > MAX_FACTS_BYTES:
        raise AcumenError(
            _("the file is larger than the {limit} MB limit for companyfacts ({size} MB)").format(
                limit=MAX_FACTS_BYTES // 2**20, size=f"{size / 2**20:.1f}"
            ),
            source=source,
            fix=_("Fetch it with edgar:TICKER, or upload the statements as CSV or Excel."),
        )
    try:
        payload = json.loads(path.read_bytes() if path is not None else data)
    except (OSError, ValueError) as error:
        raise AcumenError(
            _("cannot read the file as JSON ({error})").format(error=str(error)[:120]),
            source=source,
            fix=_(
                "Upload the companyfacts .json file exactly as SEC serves it, or a CSV/Excel file."
            ),
        ) from error
    return payload
