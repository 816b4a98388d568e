"""Names vulture reports as unused in ``acumen/`` that stay, each with why.

Read by ``tests/test_dead_code.py`` (vulture over ``acumen``, ``app.py`` and ``pages`` at
60% confidence). A name here is used where vulture does not look, or is kept on purpose;
a new unused name fails the test: remove it, or add it here with its reason.
"""
# ruff: noqa: B018, F821
# mypy: ignore-errors

# --- data layer (acumen/data): kept on purpose
parse_year  # file_years: the year-only reading of a cell, the loader's documented contract (tests)
load_files  # files: the several-files entry point, used by bench/load_bench.py and the tests
precomputed_ratios  # nyse: the dataset's own ratios, the oracle tests/test_metrics.py checks against

# --- other layers: still unused while their owners restructure (#11); to be removed or justified
METRIC_NAMES  # unused variable (acumen/analysis/catalog.py:29)
diagnose_all  # unused function (acumen/analysis/diagnosis.py:183)
_.missing_when  # unused property (acumen/analysis/metric_spec.py:150)
peer_medians  # unused function (acumen/analysis/peer_groups.py:87)
BY_ID  # unused variable (acumen/analysis/rules.py:320)
tuned  # unused function (acumen/analysis/rules.py:323)
PIOTROSKI_LABELS  # unused variable (acumen/analysis/scores.py:34)
zone_of  # unused function (acumen/analysis/scores.py:248)
role_table  # unused function (acumen/analysis/universe.py:118)
end_text  # unused function (acumen/analysis/universe.py:246)
common_year  # unused variable (acumen/analysis/value_chain.py:85)
_.showwarning  # unused attribute (acumen/cli/main.py:295)
money_zh  # unused function (acumen/formatting_zh.py:66)
fiscal_label_dated_zh  # unused function (acumen/formatting_zh.py:105)
use_language  # unused function (acumen/i18n.py:90)
N_  # unused function (acumen/i18n.py:140)
extract_terms  # unused function (acumen/i18n.py:161)
comment_tags  # unused variable (acumen/i18n.py:161)
keywords  # unused variable (acumen/i18n.py:161)
cjk_font_path  # unused function (acumen/i18n.py:169)
read_safe_csv  # unused function (acumen/reports/export.py:50)
answer_key_csv  # unused variable (acumen/room/materials.py:54)
_pragmas  # unused function (acumen/store/database.py:46)
_.attach_files  # unused method (acumen/store/plans.py:105)
load_lesson  # unused function (acumen/teaching/lessons.py:137)
_.roa_gap  # unused property (acumen/teaching/lessons.py:363)
_.remembered  # unused method (acumen/teaching/quiz/data.py:156)
