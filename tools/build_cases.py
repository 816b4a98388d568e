"""Generate the designed teaching cases (sample_financials/cases/*.csv) from a few drivers.

Each fictional company is a small driver model, rolled forward year by year from an
opening balance sheet (end of 2018), so the statements are internally consistent:

- income statement: gross_profit = revenue − cost_of_revenue; operating_income =
  gross_profit − sga − rnd − other opex; pretax = operating_income − interest;
  net_income = pretax − tax;
- working capital from days: receivables = DSO/365 × revenue, inventory = DIO/365 × COGS,
  payables = DPO/365 × COGS;
- cash flow: OCF = net income + D&A − Δ(working capital); PP&E_t = PP&E_t−1 + capex − D&A;
  cash_t = cash_t−1 + OCF − capex − acquisitions − dividends + Δdebt (acquisitions are
  booked as goodwill in other non-current assets);
- balance sheet: retained_earnings_t = retained_earnings_t−1 + net income − dividends;
  equity = share capital + retained earnings; total_assets = total_liabilities + equity
  holds because the cash roll-forward mirrors every other balance-sheet change.

Every amount is rounded to whole thousands before it is used, so the identities hold
exactly. Run: ``python tools/build_cases.py [--out DIR]``.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

OUT_DIR = Path(__file__).resolve().parent.parent / "sample_financials" / "cases"
YEARS = (2019, 2020, 2021, 2022, 2023)
M = 1e6
SOURCE = "designed teaching case"


def k(x: float) -> float:
    """Round to whole thousands (keeps every identity exact in float64)."""
    return float(round(x / 1000.0) * 1000.0)


@dataclass(frozen=True)
class Case:
    """Drivers of one fictional company: per-year lists (2019–2023) and an opening balance."""

    id: str
    name: str
    sector: str
    industry: str
    story: str
    revenue: tuple[float, ...]  # $M
    gross_margin: tuple[float, ...]
    sga_pct: tuple[float, ...]
    rnd_pct: tuple[float, ...]
    capex: tuple[float, ...]  # $M
    dividends: tuple[float, ...]  # $M
    short_term_debt: tuple[float, ...]  # $M, year end
    long_term_debt: tuple[float, ...]  # $M, year end
    dso: tuple[float, ...]
    dio: tuple[float, ...]
    dpo: tuple[float, ...]
    interest_rate: tuple[float, ...]  # on debt at the start of the year
    acquisitions: tuple[float, ...] = (0, 0, 0, 0, 0)  # $M paid in cash, booked as goodwill
    other_opex_pct: float = 0.01
    da_pct: float = 0.04  # of revenue; included in COGS and SG&A
    tax_rate: float = 0.24
    other_ca_pct: float = 0.02  # prepaid and other current assets, of revenue
    other_cl_pct: float = 0.05  # accrued liabilities, of revenue
    opening: dict[str, float] = field(default_factory=dict)  # $M at the end of 2018
    period_end: str = "12-31"  # month-day; "01-31" ends in January of the next year


def working_capital(case: Case, i: int, revenue: float) -> dict[str, float]:
    cogs = revenue * (1 - case.gross_margin[i])
    return {
        "receivables": k(case.dso[i] / 365 * revenue),
        "inventory": k(case.dio[i] / 365 * cogs),
        "other_ca": k(case.other_ca_pct * revenue),
        "payables": k(case.dpo[i] / 365 * cogs),
        "other_cl": k(case.other_cl_pct * revenue),
    }


def net_working_capital(wc: dict[str, float]) -> float:
    return wc["receivables"] + wc["inventory"] + wc["other_ca"] - wc["payables"] - wc["other_cl"]


def simulate(case: Case) -> list[dict[str, float | str | int]]:
    """Roll the company forward from its opening balance; one dict of line items per year."""
    o = {key: k(value * M) for key, value in case.opening.items()}
    wc = working_capital(case, 0, o["revenue"])
    cash, ppe, retained = o["cash"], o["ppe"], o["retained_earnings"]
    std, ltd = o["short_term_debt"], o["long_term_debt"]
    other_nca, other_ncl = o["other_nca"], o["other_ncl"]
    assets = cash + wc["receivables"] + wc["inventory"] + wc["other_ca"] + ppe + other_nca
    liabilities = wc["payables"] + wc["other_cl"] + std + ltd + other_ncl
    share_capital = assets - liabilities - retained
    assert share_capital > 0, f"{case.id}: opening balance needs more assets"

    rows = []
    for i, year in enumerate(YEARS):
        revenue = k(case.revenue[i] * M)
        cogs = k(revenue * (1 - case.gross_margin[i]))
        gross_profit = revenue - cogs
        sga, rnd = k(case.sga_pct[i] * revenue), k(case.rnd_pct[i] * revenue)
        other_opex = k(case.other_opex_pct * revenue)
        operating_income = gross_profit - sga - rnd - other_opex
        interest = k(case.interest_rate[i] * (std + ltd))
        pretax = operating_income - interest
        tax = k(max(pretax, 0.0) * case.tax_rate)
        net_income = pretax - tax
        da = k(case.da_pct * revenue)

        new_wc = working_capital(case, i, revenue)
        ocf = net_income + da - (net_working_capital(new_wc) - net_working_capital(wc))
        capex, dividends = k(case.capex[i] * M), k(case.dividends[i] * M)
        new_std, new_ltd = k(case.short_term_debt[i] * M), k(case.long_term_debt[i] * M)
        acquisition = k(case.acquisitions[i] * M)
        cash = cash + ocf - capex - acquisition - dividends + (new_std + new_ltd - std - ltd)
        assert cash > 0, f"{case.id} {year}: cash ran out; borrow more"
        ppe = ppe + capex - da
        other_nca = other_nca + acquisition
        retained = retained + net_income - dividends
        wc, std, ltd = new_wc, new_std, new_ltd

        current_assets = cash + wc["receivables"] + wc["inventory"] + wc["other_ca"]
        current_liabilities = wc["payables"] + wc["other_cl"] + std
        total_liabilities = current_liabilities + ltd + other_ncl
        equity = share_capital + retained
        end_year = year + 1 if case.period_end.startswith("01") else year
        rows.append(
            {
                "company": case.id,
                "fiscal_year": year,
                "period_end": f"{end_year}-{case.period_end}",
                "revenue": revenue,
                "cost_of_revenue": cogs,
                "gross_profit": gross_profit,
                "sga": sga,
                "rnd": rnd,
                "operating_income": operating_income,
                "interest_expense": interest,
                "pretax_income": pretax,
                "income_tax": tax,
                "net_income": net_income,
                "depreciation_amortization": da,
                "cash": cash,
                "receivables": wc["receivables"],
                "inventory": wc["inventory"],
                "current_assets": current_assets,
                "total_assets": current_assets + ppe + other_nca,
                "payables": wc["payables"],
                "current_liabilities": current_liabilities,
                "short_term_debt": std,
                "long_term_debt": ltd,
                "total_liabilities": total_liabilities,
                "equity": equity,
                "retained_earnings": retained,
                "operating_cash_flow": ocf,
                "capital_expenditure": capex,
                "dividends_paid": dividends,
            }
        )
    return rows


CASES: tuple[Case, ...] = (
    Case(
        "HHP",
        "Harbor Home Products",
        "Consumer Staples",
        "Household Products",
        "Short of cash after a plant overhaul: gives up a product line and some share in 2023.",
        revenue=(2400, 2480, 2520, 2460, 2180),
        gross_margin=(0.38, 0.375, 0.37, 0.355, 0.345),
        sga_pct=(0.22, 0.225, 0.23, 0.235, 0.245),
        rnd_pct=(0.02, 0.02, 0.02, 0.018, 0.015),
        capex=(110, 150, 230, 290, 300),
        dividends=(80, 90, 100, 100, 40),
        short_term_debt=(60, 80, 110, 150, 190),
        long_term_debt=(520, 540, 560, 580, 590),
        dso=(42, 43, 45, 47, 50),
        dio=(60, 61, 62, 62, 60),
        dpo=(55, 56, 58, 62, 68),
        interest_rate=(0.05, 0.05, 0.05, 0.055, 0.06),
        da_pct=0.035,
        other_cl_pct=0.09,
        opening={
            "revenue": 2350,
            "cash": 50,
            "ppe": 820,
            "other_nca": 260,
            "other_ncl": 120,
            "retained_earnings": 420,
            "short_term_debt": 60,
            "long_term_debt": 500,
        },
    ),
    Case(
        "SEHW",
        "Southeast Hardware Co.",
        "Consumer Discretionary",
        "Home Improvement Retail",
        "Over-ordered after the 2020 boom; stock builds up, then price cuts in 2023.",
        revenue=(3000, 3450, 3600, 3520, 3400),
        gross_margin=(0.34, 0.345, 0.345, 0.34, 0.315),
        sga_pct=(0.25, 0.245, 0.245, 0.25, 0.255),
        rnd_pct=(0.0, 0.0, 0.0, 0.0, 0.0),
        capex=(90, 100, 110, 100, 70),
        dividends=(40, 45, 50, 50, 50),
        short_term_debt=(50, 50, 60, 90, 160),
        long_term_debt=(400, 400, 400, 420, 450),
        dso=(6, 6, 6, 6, 6),
        dio=(72, 70, 78, 98, 128),
        dpo=(40, 40, 40, 41, 42),
        interest_rate=(0.045, 0.045, 0.045, 0.05, 0.055),
        da_pct=0.025,
        opening={
            "revenue": 2900,
            "cash": 220,
            "ppe": 700,
            "other_nca": 180,
            "other_ncl": 150,
            "retained_earnings": 520,
            "short_term_debt": 50,
            "long_term_debt": 400,
        },
        period_end="01-31",
    ),
    Case(
        "ALFA",
        "Alpha Brands",
        "Consumer Staples",
        "Household Products",
        "Growing fast on new products and heavy advertising, funded by its own cash.",
        revenue=(2000, 2300, 2700, 3200, 3820),
        gross_margin=(0.54, 0.55, 0.555, 0.56, 0.565),
        sga_pct=(0.30, 0.295, 0.29, 0.285, 0.28),
        rnd_pct=(0.065, 0.065, 0.065, 0.06, 0.06),
        capex=(90, 110, 130, 160, 190),
        dividends=(40, 45, 50, 60, 70),
        short_term_debt=(0, 0, 0, 0, 0),
        long_term_debt=(200, 200, 200, 200, 200),
        dso=(38, 38, 38, 38, 38),
        dio=(55, 55, 54, 54, 54),
        dpo=(50, 50, 50, 50, 50),
        interest_rate=(0.04, 0.04, 0.04, 0.04, 0.04),
        opening={
            "revenue": 1800,
            "cash": 600,
            "ppe": 500,
            "other_nca": 300,
            "other_ncl": 100,
            "retained_earnings": 900,
            "short_term_debt": 0,
            "long_term_debt": 200,
        },
    ),
    Case(
        "CEDR",
        "Cedar Home Care",
        "Consumer Staples",
        "Household Products",
        "A steady mid-size brand: flat sales, margins held by price rises, cash paid out.",
        revenue=(1500, 1540, 1560, 1580, 1600),
        gross_margin=(0.44, 0.44, 0.435, 0.43, 0.435),
        sga_pct=(0.26, 0.26, 0.26, 0.255, 0.255),
        rnd_pct=(0.025, 0.025, 0.025, 0.025, 0.025),
        capex=(55, 60, 60, 65, 65),
        dividends=(70, 72, 75, 78, 80),
        short_term_debt=(20, 20, 20, 20, 20),
        long_term_debt=(300, 300, 300, 300, 300),
        dso=(40, 40, 41, 41, 41),
        dio=(58, 58, 59, 60, 60),
        dpo=(52, 52, 52, 53, 53),
        interest_rate=(0.045, 0.045, 0.045, 0.05, 0.05),
        opening={
            "revenue": 1480,
            "cash": 180,
            "ppe": 420,
            "other_nca": 200,
            "other_ncl": 80,
            "retained_earnings": 500,
            "short_term_debt": 20,
            "long_term_debt": 300,
        },
    ),
    Case(
        "PINE",
        "Pinecrest Consumer",
        "Consumer Staples",
        "Household Products",
        "The price leader: thin margins, big volumes, stretched suppliers.",
        revenue=(3200, 3350, 3500, 3650, 3800),
        gross_margin=(0.30, 0.30, 0.295, 0.29, 0.29),
        sga_pct=(0.19, 0.19, 0.19, 0.185, 0.185),
        rnd_pct=(0.008, 0.008, 0.008, 0.008, 0.008),
        capex=(120, 130, 140, 150, 160),
        dividends=(50, 55, 60, 60, 65),
        short_term_debt=(80, 90, 100, 110, 120),
        long_term_debt=(700, 720, 740, 760, 780),
        dso=(35, 35, 34, 34, 33),
        dio=(48, 48, 47, 47, 46),
        dpo=(70, 72, 74, 76, 78),
        interest_rate=(0.05, 0.05, 0.05, 0.055, 0.055),
        opening={
            "revenue": 3100,
            "cash": 150,
            "ppe": 1100,
            "other_nca": 300,
            "other_ncl": 150,
            "retained_earnings": 600,
            "short_term_debt": 80,
            "long_term_debt": 680,
        },
    ),
    Case(
        "BLUE",
        "Bluewater Essentials",
        "Consumer Staples",
        "Household Products",
        "A private-label maker growing on retailers' own brands, at retailers' terms.",
        revenue=(900, 980, 1080, 1200, 1330),
        gross_margin=(0.27, 0.27, 0.265, 0.26, 0.26),
        sga_pct=(0.14, 0.14, 0.14, 0.14, 0.14),
        rnd_pct=(0.005, 0.005, 0.005, 0.005, 0.005),
        capex=(40, 45, 55, 60, 70),
        dividends=(10, 10, 12, 12, 14),
        short_term_debt=(30, 35, 45, 55, 65),
        long_term_debt=(200, 210, 230, 250, 270),
        dso=(58, 60, 62, 64, 66),
        dio=(50, 51, 52, 53, 54),
        dpo=(40, 40, 40, 40, 40),
        interest_rate=(0.055, 0.055, 0.055, 0.06, 0.065),
        opening={
            "revenue": 860,
            "cash": 60,
            "ppe": 300,
            "other_nca": 60,
            "other_ncl": 40,
            "retained_earnings": 150,
            "short_term_debt": 30,
            "long_term_debt": 190,
        },
    ),
    Case(
        "CPKG",
        "Coastal Packaging",
        "Materials",
        "Paper Packaging",
        "Harbor's packaging supplier: waits ever longer for Harbor's payments.",
        revenue=(640, 660, 690, 700, 680),
        gross_margin=(0.24, 0.24, 0.235, 0.23, 0.225),
        sga_pct=(0.11, 0.11, 0.11, 0.11, 0.115),
        rnd_pct=(0.01, 0.01, 0.01, 0.01, 0.01),
        capex=(35, 35, 40, 40, 30),
        dividends=(15, 15, 15, 15, 10),
        short_term_debt=(20, 20, 25, 35, 50),
        long_term_debt=(150, 150, 150, 150, 150),
        dso=(45, 47, 50, 56, 66),
        dio=(40, 40, 41, 41, 42),
        dpo=(38, 38, 38, 38, 38),
        interest_rate=(0.05, 0.05, 0.05, 0.055, 0.06),
        opening={
            "revenue": 620,
            "cash": 50,
            "ppe": 280,
            "other_nca": 40,
            "other_ncl": 30,
            "retained_earnings": 120,
            "short_term_debt": 20,
            "long_term_debt": 150,
        },
    ),
    Case(
        "KEYF",
        "Keystone Fabrication",
        "Industrials",
        "Industrial Machinery",
        "Bought a rival with debt in 2021; higher rates and a soft market squeeze interest cover.",
        revenue=(1200, 1150, 1480, 1520, 1470),
        gross_margin=(0.27, 0.26, 0.26, 0.25, 0.235),
        sga_pct=(0.13, 0.13, 0.135, 0.14, 0.14),
        rnd_pct=(0.02, 0.02, 0.02, 0.02, 0.02),
        capex=(70, 60, 90, 80, 70),
        dividends=(50, 50, 50, 50, 40),
        short_term_debt=(20, 20, 50, 60, 70),
        long_term_debt=(300, 300, 1050, 1030, 1000),
        dso=(55, 57, 58, 60, 62),
        dio=(75, 76, 78, 80, 82),
        dpo=(45, 45, 46, 47, 48),
        interest_rate=(0.05, 0.05, 0.05, 0.065, 0.08),
        acquisitions=(0, 0, 1050, 0, 0),
        other_opex_pct=0.005,
        da_pct=0.10,
        opening={
            "revenue": 1180,
            "cash": 60,
            "ppe": 650,
            "other_nca": 900,
            "other_ncl": 80,
            "retained_earnings": 450,
            "short_term_debt": 20,
            "long_term_debt": 300,
        },
    ),
    Case(
        "SMTF",
        "Summit Foods",
        "Consumer Staples",
        "Packaged Foods & Meats",
        "Grain, oil and packaging costs jump in 2023 faster than prices can follow.",
        revenue=(4000, 4100, 4200, 4400, 4520),
        gross_margin=(0.33, 0.332, 0.328, 0.318, 0.275),
        sga_pct=(0.19, 0.19, 0.19, 0.19, 0.185),
        rnd_pct=(0.01, 0.01, 0.01, 0.01, 0.01),
        capex=(120, 125, 130, 135, 130),
        dividends=(250, 260, 270, 280, 280),
        short_term_debt=(100, 100, 100, 110, 120),
        long_term_debt=(900, 900, 900, 900, 900),
        dso=(30, 30, 30, 31, 31),
        dio=(50, 50, 51, 52, 52),
        dpo=(45, 45, 45, 46, 46),
        interest_rate=(0.045, 0.045, 0.045, 0.05, 0.055),
        opening={
            "revenue": 3900,
            "cash": 250,
            "ppe": 1600,
            "other_nca": 900,
            "other_ncl": 300,
            "retained_earnings": 1500,
            "short_term_debt": 100,
            "long_term_debt": 900,
        },
    ),
    Case(
        "NWDV",
        "Northwind Devices",
        "Information Technology",
        "Technology Hardware, Storage & Peripherals",
        "Revenue grows 25% a year; a new factory pushes free cash flow below zero.",
        revenue=(800, 1000, 1250, 1560, 1950),
        gross_margin=(0.40, 0.41, 0.41, 0.415, 0.415),
        sga_pct=(0.17, 0.165, 0.16, 0.155, 0.15),
        rnd_pct=(0.12, 0.12, 0.115, 0.11, 0.11),
        capex=(60, 90, 200, 330, 420),
        dividends=(0, 0, 0, 0, 0),
        short_term_debt=(0, 0, 0, 20, 40),
        long_term_debt=(150, 150, 300, 400, 450),
        dso=(55, 55, 55, 55, 55),
        dio=(60, 60, 60, 60, 60),
        dpo=(50, 50, 50, 50, 50),
        interest_rate=(0.05, 0.05, 0.05, 0.055, 0.06),
        da_pct=0.05,
        opening={
            "revenue": 650,
            "cash": 900,
            "ppe": 250,
            "other_nca": 100,
            "other_ncl": 40,
            "retained_earnings": 150,
            "short_term_debt": 0,
            "long_term_debt": 150,
        },
    ),
)


def companies_table() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "id": c.id,
                "name": c.name,
                "ticker": c.id,
                "currency": "USD",
                "sector": c.sector,
                "industry": c.industry,
                "source": SOURCE,
                "as_of": f"{2024 if c.period_end.startswith('01') else 2023}-{c.period_end}",
            }
            for c in CASES
        ]
    )


def statements_table() -> pd.DataFrame:
    return pd.DataFrame([row for case in CASES for row in simulate(case)])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    statements_table().to_csv(args.out / "statements.csv", index=False, float_format="%.0f")
    companies_table().to_csv(args.out / "companies.csv", index=False)
    print(f"wrote {len(CASES)} cases to {args.out}")


if __name__ == "__main__":
    main()
