"""The layers hold (issue #11): streamlit only in ``acumen/ui``, no engine imports the bundled
samples, no layer imports one above it. ``docs/architecture.md`` explains the layers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "acumen"

#: Top-level part of ``acumen`` -> rank; a module may import only ranks at or below its own,
#: and, at its own rank, only its own part (``teaching`` and ``plan`` don't import each other).
LAYERS: dict[str, int] = {
    "errors": 0,
    "formatting": 0,
    "display_text": 0,
    "i18n": 0,
    "formatting_zh": 0,
    "data": 1,
    "analysis": 2,
    "teaching": 3,
    "plan": 3,
    "reports": 4,
    "store": 5,
    "room": 6,
    "cli": 7,
    "ui": 7,
}
#: The core may be imported by every part (its modules are one rank, one part each).
CORE = {part for part, rank in LAYERS.items() if rank == 0}
#: Parts that build inputs (the peer universe, the bundled cases) for the engines.
EDGES = {"data", "cli", "ui"}
SAMPLES = "acumen.data.samples"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module ``path`` imports, at top level or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def part_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "acumen" else None


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__main__.py")
LIBRARY = [p for p in MODULES if p != PACKAGE / "__init__.py"]


def test_every_part_has_a_layer() -> None:
    parts = {part_of(module_name(p)) for p in LIBRARY}
    assert parts <= set(LAYERS), f"add {sorted(parts - set(LAYERS))} to LAYERS and docs"


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: module_name(p))
def test_no_upward_or_sideways_import(path: Path) -> None:
    own = part_of(module_name(path))
    wrong = sorted(
        name
        for name in imports_of(path)
        if (other := part_of(name)) in LAYERS
        and other != own
        and other not in CORE
        and LAYERS[other] >= LAYERS[own]
    )
    assert not wrong, f"{module_name(path)} (layer {own}) imports {wrong}"


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: module_name(p))
def test_streamlit_only_in_ui(path: Path) -> None:
    if part_of(module_name(path)) == "ui":
        return
    found = {n for n in imports_of(path) if n == "streamlit" or n.startswith("streamlit.")}
    assert not found, f"{module_name(path)} imports streamlit; only acumen/ui may"


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: module_name(p))
def test_engines_take_the_samples_as_input(path: Path) -> None:
    if part_of(module_name(path)) in EDGES:
        return
    found = {n for n in imports_of(path) if n == SAMPLES or n.startswith(SAMPLES + ".")}
    assert not found, (
        f"{module_name(path)} imports the bundled samples; take them as an argument "
        "built at the edge (acumen.cli, acumen.ui)"
    )


def test_pages_call_the_domain_not_the_cli() -> None:
    pages = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
    wrong = {p.name: sorted(n for n in imports_of(p) if part_of(n) == "cli") for p in pages}
    assert not {k: v for k, v in wrong.items() if v}, wrong


def test_no_metadata_rides_in_dataframe_attrs() -> None:
    """Statements carry their metadata as typed fields (acumen.data.statements.Statements);
    a use of ``DataFrame.attrs`` anywhere in the code brings the hidden input back."""
    code = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted(PACKAGE.rglob("*.py"))]
    uses = {
        str(path.relative_to(ROOT)): number
        for path in code
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if ".attrs" in line.split("#")[0] and "``DataFrame.attrs``" not in line
    }
    assert not uses, uses
