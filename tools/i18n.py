"""Catalog chores for ``make i18n`` (run from the repository root).

- ``python tools/i18n.py terms``: copy the glossary (``acumen/locale/terms.csv``, the one
  table of the source's terms) into the Chinese catalog, so ``_("Margin")`` reads 利润率.
- ``python tools/i18n.py parts``: copy the translations of every per-area catalog
  (``acumen/locale/zh_CN/LC_MESSAGES/parts/*.po``) into the main catalog, then delete the
  parts: one catalog for translators.
- ``python tools/i18n.py compile``: the ``.mo`` from the ``.po`` (Babel's ``write_mo``). Not
  ``pybabel compile``: its ``%``-format check misreads "1% of price" in a ``{}``-format msgid;
  ``tests/test_i18n.py`` checks the ``{placeholders}`` instead.
- ``python tools/i18n.py coverage``: how many msgids the catalog has and how many are
  translated; and, per module, the user-facing string literals not yet wrapped in ``_()``
  (Streamlit calls in the app, ``print``/``help=`` in the CLI).
"""

from __future__ import annotations

import ast
import csv
import sys
from collections import Counter
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "acumen" / "locale"
POT = LOCALE / "acumen.pot"
PO = LOCALE / "zh_CN" / "LC_MESSAGES" / "acumen.po"
TERMS = LOCALE / "terms.csv"

#: Streamlit calls whose first argument (or ``label=``) is text a user reads.
ST_TEXT_CALLS = frozenset(
    {
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "write",
        "text",
        "button",
        "radio",
        "selectbox",
        "multiselect",
        "text_input",
        "text_area",
        "number_input",
        "checkbox",
        "toggle",
        "slider",
        "select_slider",
        "download_button",
        "segmented_control",
        "pills",
        "expander",
        "popover",
        "tabs",
        "error",
        "warning",
        "info",
        "success",
        "toast",
        "metric",
        "spinner",
        "file_uploader",
        "form_submit_button",
        "link_button",
        "page_link",
        "date_input",
        "set_page_config",
    }
)
#: Where user-facing literals are counted: the app's edge (pages, ui) and the CLI's.
SCANNED = ("app.py", "pages", "acumen/ui", "acumen/cli")


def read_catalog(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def copy_terms(po_path: Path = PO, terms_path: Path = TERMS) -> int:
    """Set each glossary term's Chinese in the catalog (the table wins); returns how many."""
    catalog = read_catalog(po_path)
    with terms_path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        message = catalog.get(row["en"])
        if message is None:
            message = catalog.add(row["en"])
        message.string = row["zh"]
        message.flags.discard("fuzzy")
    with po_path.open("wb") as handle:
        write_po(handle, catalog, width=100)
    return len(rows)


def merge_parts(po_path: Path = PO) -> int:
    """Copy each part's translated msgids into ``po_path`` (adding those the POT doesn't have
    yet is left to ``pybabel update``); delete the merged parts. Returns the count copied."""
    parts = sorted((po_path.parent / "parts").glob("*.po"))
    catalog = read_catalog(po_path)
    copied, kept = 0, []
    for part in parts:
        unknown = 0
        for message in read_catalog(part):
            if not (message.id and message.string):
                continue
            if message.id in catalog:
                catalog[message.id].string = message.string
                catalog[message.id].flags.discard("fuzzy")
                copied += 1
            else:
                unknown += 1
        if unknown:
            kept.append(f"{part.name}: {unknown} msgids not in the template (not wrapped?)")
        else:
            part.unlink()
            part.with_suffix(".mo").unlink(missing_ok=True)
    with po_path.open("wb") as handle:
        write_po(handle, catalog, width=100)
    for line in kept:
        print(f"kept part {line}", file=sys.stderr)
    return copied


def translated_share(pot_path: Path = POT, po_path: Path = PO) -> tuple[int, int]:
    """(msgids in the template, of them translated in the Chinese catalog and not fuzzy)."""
    template, catalog = read_catalog(pot_path), read_catalog(po_path)
    ids = [m.id for m in template if m.id]
    done = 0
    for msgid in ids:
        message = catalog.get(msgid)
        strings = message.string if message is not None else ""
        strings = strings if isinstance(strings, tuple | list) else (strings,)
        if message is not None and "fuzzy" not in message.flags and all(strings):
            done += 1
    return len(ids), done


def _is_text(node: ast.AST) -> bool:
    """A literal a person reads: a str constant or f-string with a letter in it."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return any(ch.isalpha() for ch in node.value)
    if isinstance(node, ast.JoinedStr):
        return any(_is_text(part) for part in node.values)
    return False


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def unwrapped_literals(path: Path) -> list[int]:
    """Line numbers of user-facing string literals in ``path`` not wrapped in ``_()``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    cli = "acumen/cli" in path.as_posix()
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        texts: list[ast.AST] = []
        if cli:
            if name == "print" or name == "AcumenError":
                texts = node.args[:1]
            texts += [k.value for k in node.keywords if k.arg in ("help", "description", "fix")]
        elif name in ST_TEXT_CALLS:
            texts = node.args[:1] + [k.value for k in node.keywords if k.arg in ("label", "help")]
            if name == "tabs" and node.args and isinstance(node.args[0], ast.List):
                texts = list(node.args[0].elts)
        lines += [t.lineno for t in texts if _is_text(t)]
    return sorted(lines)


def scanned_files(root: Path = ROOT) -> list[Path]:
    files: list[Path] = []
    for place in SCANNED:
        target = root / place
        files += [target] if target.is_file() else sorted(target.rglob("*.py"))
    return files


def unwrapped_by_module(root: Path = ROOT) -> Counter:
    """Module path -> how many user-facing literals it still has unwrapped."""
    counts: Counter = Counter()
    for path in scanned_files(root):
        found = len(unwrapped_literals(path))
        if found:
            counts[path.relative_to(root).as_posix()] = found
    return counts


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "coverage"
    if command == "compile":
        catalog = read_catalog(PO)
        with PO.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog)
        done, total = translated_share()
        print(f"{done} of {total} messages translated in {PO.relative_to(ROOT)}")
        return 0
    if command == "parts":
        print(f"copied {merge_parts()} translations from the per-area catalogs")
        return 0
    if command == "terms":
        print(f"copied {copy_terms()} glossary terms into {PO.relative_to(ROOT)}")
        return 0
    if command == "coverage":
        total, done = translated_share()
        print(f"catalog: {total} msgids, {done} translated into zh_CN ({done / total:.0%})")
        counts = unwrapped_by_module()
        print(f"not wrapped yet: {sum(counts.values())} user-facing literals")
        for module, count in counts.most_common():
            print(f"  {count:4d}  {module}")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
