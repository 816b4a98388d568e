"""The common mistakes of each kind of metric, as quiz specs (distractors and fairness).

Each :class:`Mistake` gives the number a participant gets by making it, from the figures the
question gives (:class:`Given`); ``g.answer`` is the right answer.
"""

from __future__ import annotations

import math

from acumen.analysis.metric_spec import Given, Mistake, QuizSpec
from acumen.data.schema import LINE_ITEM_LABELS as LABEL
from acumen.i18n import N_

PERCENT_OFF = N_("a percentage off by 100×")
RATIO_OFF = N_("a ratio off by 100×")
INVERTED = N_("the inverted ratio")


def _times_100(g: Given) -> float:
    return g.answer * 100


def _positive(*names: str):
    """Fair when every named line item at t is positive."""
    return lambda g: all(g.item(n) > 0 for n in names)


def margin_quiz(numerator: str, others: tuple[str, str]) -> QuizSpec:
    """numerator / revenue."""
    label = LABEL[numerator]

    def share(name: str):
        return lambda g: g.item(name) / g.item("revenue")

    return QuizSpec(
        (
            Mistake(PERCENT_OFF, _times_100),
            Mistake(
                f"{INVERTED} (revenue / {label})", lambda g: g.item("revenue") / g.item(numerator)
            ),
            *(Mistake(f"using {LABEL[o]} instead of {label}", share(o)) for o in others),
            Mistake(
                f"subtracting from 100% (the cost share, not the {label} share)",
                lambda g: 1 - g.answer,
            ),
            Mistake(PERCENT_OFF, lambda g: g.answer / 100),
        ),
        fair=_positive("revenue"),
    )


def turnover_quiz(flow: str, balance: str, *extra: Mistake) -> QuizSpec:
    """flow / avg balance."""
    label = LABEL[balance]
    return QuizSpec(
        (
            Mistake(f"ending instead of average {label}", lambda g: g.item(flow) / g.item(balance)),
            *extra,
            Mistake(INVERTED, lambda g: g.avg(balance) / g.item(flow)),
            Mistake(
                f"last year's {label} instead of the average",
                lambda g: g.item(flow) / g.prior(balance),
            ),
            Mistake(RATIO_OFF, _times_100),
        ),
        fair=lambda g: g.avg(balance) > 0 and g.item(flow) > 0 and g.item(balance) > 0,
    )


def days_quiz(balance: str, base: str, wrong: str) -> QuizSpec:
    """avg balance / base × 365."""
    balance_label, base_label = LABEL[balance], LABEL[base]
    return QuizSpec(
        (
            Mistake(N_("forgetting × 365"), lambda g: g.avg(balance) / g.item(base)),
            Mistake(
                f"ending instead of average {balance_label}",
                lambda g: g.item(balance) / g.item(base) * 365,
            ),
            Mistake(
                f"{LABEL[wrong]} instead of {base_label}",
                lambda g: g.avg(balance) / g.item(wrong) * 365 if g.item(wrong) > 0 else math.nan,
            ),
            Mistake(INVERTED, lambda g: g.item(base) / g.avg(balance) * 365),
            Mistake(
                f"the turnover ({base_label} / {balance_label}) instead of days",
                lambda g: g.item(base) / g.avg(balance),
            ),
        ),
        fair=lambda g: g.item(base) > 0 and g.avg(balance) > 0,
    )


def return_quiz(balance: str, other: Mistake, fair) -> QuizSpec:
    """net_income / avg balance; ``other`` is the slip to the other return metric."""
    return QuizSpec(
        (
            Mistake(
                f"ending instead of average {LABEL[balance]}",
                lambda g: g.item("net_income") / g.item(balance),
            ),
            other,
            Mistake(PERCENT_OFF, _times_100),
            Mistake(INVERTED, lambda g: g.avg(balance) / g.item("net_income")),
        ),
        fair=lambda g: g.avg(balance) > 0 and fair(g),
    )


ROA_QUIZ = return_quiz(
    "total_assets",
    Mistake(
        N_("net margin (revenue instead of assets)"),
        lambda g: g.item("net_income") / g.item("revenue") if g.item("revenue") > 0 else math.nan,
    ),
    lambda g: not math.isnan(g.item("revenue")),
)
ROE_QUIZ = return_quiz(
    "equity",
    Mistake(
        N_("assets instead of equity (that is ROA)"),
        lambda g: (
            g.item("net_income") / g.avg("total_assets") if g.avg("total_assets") > 0 else math.nan
        ),
    ),
    _positive("equity"),
)
CURRENT_QUIZ = QuizSpec(
    (
        Mistake(
            N_("subtracting inventory (that is the quick ratio)"),
            lambda g: (
                (g.item("current_assets") - g.item("inventory")) / g.item("current_liabilities")
            ),
        ),
        Mistake(
            N_("total instead of current liabilities"),
            lambda g: (
                g.item("current_assets") / g.item("total_liabilities")
                if g.item("total_liabilities") > 0
                else math.nan
            ),
        ),
        Mistake(INVERTED, lambda g: g.item("current_liabilities") / g.item("current_assets")),
        Mistake(RATIO_OFF, _times_100),
    ),
    fair=_positive("current_assets", "current_liabilities"),
)
QUICK_QUIZ = QuizSpec(
    (
        Mistake(
            N_("forgetting to subtract inventory (that is the current ratio)"),
            lambda g: g.item("current_assets") / g.item("current_liabilities"),
        ),
        Mistake(
            N_("adding inventory instead of subtracting it"),
            lambda g: (
                (g.item("current_assets") + g.item("inventory")) / g.item("current_liabilities")
            ),
        ),
        Mistake(
            INVERTED,
            lambda g: (
                g.item("current_liabilities") / (g.item("current_assets") - g.item("inventory"))
            ),
        ),
        Mistake(RATIO_OFF, _times_100),
    ),
    fair=lambda g: (
        g.item("current_liabilities") > 0
        and g.item("inventory") > 0
        and g.item("current_assets") - g.item("inventory") > 0
    ),
)
COVERAGE_QUIZ = QuizSpec(
    (
        Mistake(
            N_("net income instead of operating income"),
            lambda g: g.item("net_income") / g.item("interest_expense"),
        ),
        Mistake(INVERTED, lambda g: g.item("interest_expense") / g.item("operating_income")),
        Mistake(RATIO_OFF, _times_100),
    ),
    fair=_positive("interest_expense", "operating_income"),
)
FCF_MARGIN_QUIZ = QuizSpec(
    (
        Mistake(
            N_("forgetting to subtract capex"),
            lambda g: g.item("operating_cash_flow") / g.item("revenue"),
        ),
        Mistake(
            N_("adding capex instead of subtracting it"),
            lambda g: (
                (g.item("operating_cash_flow") + g.item("capital_expenditure")) / g.item("revenue")
            ),
        ),
        Mistake(PERCENT_OFF, _times_100),
        Mistake(
            INVERTED,
            lambda g: (
                g.item("revenue") / (g.item("operating_cash_flow") - g.item("capital_expenditure"))
            ),
        ),
    ),
    fair=_positive("revenue"),
)
FCF_QUIZ = QuizSpec(
    (
        Mistake(
            N_("adding capex instead of subtracting it"),
            lambda g: g.item("operating_cash_flow") + g.item("capital_expenditure"),
        ),
        Mistake(
            N_("net income instead of operating cash flow"),
            lambda g: g.item("net_income") - g.item("capital_expenditure"),
        ),
        Mistake(
            N_("subtracting the wrong way round"),
            lambda g: g.item("capital_expenditure") - g.item("operating_cash_flow"),
        ),
        Mistake(N_("forgetting capex"), lambda g: g.item("operating_cash_flow")),
    ),
    fair=_positive("capital_expenditure"),
    bait=("net_income",),
)
GROWTH_QUIZ = QuizSpec(
    (
        Mistake(
            N_("dividing by this year's revenue instead of last year's"),
            lambda g: (g.item("revenue") - g.prior("revenue")) / g.item("revenue"),
        ),
        Mistake(
            N_("the ratio of the two years instead of the change"),
            lambda g: g.item("revenue") / g.prior("revenue"),
        ),
        Mistake(PERCENT_OFF, _times_100),
        Mistake(N_("subtracting the wrong way round"), lambda g: -g.answer),
    ),
    fair=lambda g: g.prior("revenue") > 0 and g.item("revenue") > 0,
)
CYCLE_QUIZ = QuizSpec(
    (
        Mistake(
            N_("adding DPO instead of subtracting it"),
            lambda g: g.metric("dso") + g.metric("dio") + g.metric("dpo"),
        ),
        Mistake(N_("forgetting DSO"), lambda g: g.metric("dio") - g.metric("dpo")),
        Mistake(N_("forgetting DPO"), lambda g: g.metric("dso") + g.metric("dio")),
        Mistake(
            N_("subtracting the wrong way round"),
            lambda g: g.metric("dpo") - g.metric("dso") - g.metric("dio"),
        ),
    ),
)
