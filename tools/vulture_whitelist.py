"""Names vulture reports as unused in ``acumen/`` that stay, each with why.

Read by ``tests/test_dead_code.py`` (vulture over ``acumen``, ``app.py`` and ``pages`` at
60% confidence). A name here is used where vulture does not look (tests, bench, tools, a
framework calling it), or is kept on purpose; a new unused name fails the test: remove it,
or add it here with its reason. Each entry names its module.
"""
# ruff: noqa: B018, F821
# mypy: ignore-errors

# --- used by a framework, not by a call vulture sees
_.showwarning  # cli/main.py: assigned to warnings.showwarning (the CLI's warning hook)
extract_terms  # i18n.py: Babel's extractor for terms.csv, named in babel.cfg
comment_tags  # i18n.py: extract_terms's parameter, in the signature Babel calls
keywords  # i18n.py: extract_terms's parameter, in the signature Babel calls
UNIT_WORDS  # data/loaders/file_meta.py: N_() marks of the unit names (msgids for the catalog)
_pragmas  # store/database.py: SQLAlchemy "connect" listener, registered by its decorator
answer_key_csv  # room/materials.py: RoomMaterials field, read by name in ui/room_screens.py

# --- used by tests, bench or tools only (a documented entry point or the tests' oracle)
parse_year  # data/loaders/file_years.py: the year-only reading of a cell (tests/test_file_loader.py)
load_files  # data/loaders/files.py: several-files entry point (bench/load_bench.py, tests/test_real_files.py)
precomputed_ratios  # data/loaders/nyse.py: the dataset's own ratios, oracle of tests/test_metrics.py
METRIC_NAMES  # analysis/catalog.py: every metric's name (tests/test_cli.py, tests/test_metrics.py)
diagnose_all  # analysis/diagnosis.py: every company at once (bench/metrics_bench.py, tests/test_diagnosis.py)
_.missing_when  # analysis/metric_spec.py: a spec's "n/a when" text (tools/definitions.py writes docs/definitions.md)
peer_medians  # analysis/peer_groups.py: the peers' medians (tests/test_diagnosis.py)
BY_ID  # analysis/rules.py: rule id -> rule (tests/test_diagnosis.py)
tuned  # analysis/rules.py: a rule with other thresholds (tests/test_diagnosis.py; PRODUCT.md's tunable rules)
zone_of  # analysis/scores.py: a score's zone (tests/test_scores.py)
role_table  # analysis/universe.py: companies -> value-chain role (tests/test_caches.py)
common_year  # analysis/value_chain.py: ChainTable field, the chain's shared year (tests/test_value_chain.py)
read_safe_csv  # reports/export.py: reads back to_safe_csv's output (tests/test_export.py, test_room_materials.py, AppTests)
_.attach_files  # store/plans.py: keep uploads with a plan, owner-checked (tests/test_plan.py); not yet offered by pages/10
load_lesson  # teaching/lessons.py: one lesson by id (tests/test_teaching.py)
_.remembered  # teaching/quiz/data.py: the shared memo's keys (tests/test_quiz.py checks no client figures are kept)

# --- no caller left: for the module's owner to remove (outside this change's folders)
end_text  # analysis/universe.py: "ended 2016-01-31"; analysis is being edited for #15
