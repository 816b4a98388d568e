"""Every member of an .xlsx zip is bounded before openpyxl parses it (issue #16 item 1).

The bombs are generated here (never committed): a minimal workbook whose one part is its
start, hundreds of MB of spaces (deflate level 9, written in chunks through
``ZipFile.open(name, "w")`` so the test stays small in memory) and its end tag. Each is
loaded in a child process whose peak RSS (``VmHWM``) must stay under
``PEAK_RSS_LIMIT_MB``; the error must name the file and the part and say how to fix it.
"""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from acumen.data.loaders.file_bytes import MIB, XLSX_LIMITS
from acumen.data.loaders.files import load_file
from acumen.errors import AcumenError

ROOT = Path(__file__).resolve().parents[1]
REAL_FILES = Path("/work/shared/data/real_files")
PEAK_RSS_LIMIT_MB = 300
BOMB_BYTES = 256 * MIB
CORE_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>t</dc:title>'
    "</cp:coreProperties>"
)
#: The parts openpyxl reads whole into memory before any worksheet, and the worksheet.
BOMB_PARTS = (
    "xl/styles.xml",
    "xl/workbook.xml",
    "[Content_Types].xml",
    "xl/_rels/workbook.xml.rels",
    "docProps/core.xml",
    "xl/worksheets/sheet1.xml",
)


def _builder():
    path = ROOT / "tools" / "build_corpus.py"
    spec = importlib.util.spec_from_file_location("_bounds_build_corpus", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


BUILD = _builder()


def workbook_parts(strings: bool = False) -> dict[str, str]:
    """The corpus builder's one-sheet workbook (``XLSX_TABLE``), plus docProps/core.xml (and
    a one-string xl/sharedStrings.xml when ``strings``)."""
    shared = BUILD.shared_strings_xml("", ["x"]) if strings else None
    parts = BUILD.workbook_parts(BUILD.sheet_xml(BUILD.XLSX_TABLE), shared_strings=shared)
    parts["docProps/core.xml"] = CORE_XML
    return parts


def write_workbook(
    target: Path | io.BytesIO,
    part: str | None = None,
    filler: int = 0,
    unit: bytes = b" ",
    extra: dict[str, bytes] | None = None,
    strings: bool = False,
) -> None:
    """The workbook, with ``filler`` bytes of ``unit`` before the last end tag of ``part``."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in {**workbook_parts(strings), **(extra or {})}.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            if name != part:
                archive.writestr(name, data)
                continue
            cut = data.rindex(b"</")
            chunk = unit * (MIB // len(unit))
            with archive.open(name, "w", force_zip64=True) as member:
                member.write(data[:cut])
                for _ in range(filler // len(chunk)):
                    member.write(chunk)
                member.write(unit * ((filler % len(chunk)) // len(unit)))
                member.write(data[cut:])


def workbook_bytes(**kwargs: object) -> bytes:
    buffer = io.BytesIO()
    write_workbook(buffer, **kwargs)
    return buffer.getvalue()


#: Loads each path in a fresh interpreter; prints one JSON line per file, then the peak RSS.
CHILD = r"""
import json, resource, sys
def peak_mb():
    # VmHWM: this process's own high-water mark. ru_maxrss is not: Linux carries the
    # parent's RSS over when subprocess spawns the child (vfork + exec).
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
from acumen.errors import AcumenError
from acumen.data.loaders.files import load_file
for path in sys.argv[1:]:
    try:
        table = load_file(path)
        out = {"loaded": len(table)}
    except AcumenError as error:
        out = {"source": error.source, "message": error.message, "fix": error.fix}
    except Exception as error:
        out = {"other": f"{type(error).__name__}: {str(error)[:300]}"}
    print(json.dumps(out))
print(json.dumps({"peak_mb": peak_mb()}))
"""


def load_in_child(paths: list[Path]) -> tuple[list[dict], float]:
    """(outcome per path, peak RSS in MB of the child that loaded them all)."""
    result = subprocess.run(
        [sys.executable, "-c", CHILD, *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    return lines[:-1], lines[-1]["peak_mb"]


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("bombs")
    paths = []
    for index, part in enumerate(BOMB_PARTS):
        path = folder / f"bomb{index}_{Path(part).name.strip('[]').replace(']', '')}.xlsx"
        write_workbook(path, part, BOMB_BYTES)
        assert path.stat().st_size < 2 * MIB
        paths.append(path)
    return paths


def test_space_bombs_in_every_part_are_refused_within_the_memory_bound(
    bombs: list[Path],
) -> None:
    """A 256 MB run of spaces in styles, workbook, content types, rels, core properties or
    a worksheet: a located error naming the part, and the child's peak RSS under 300 MB."""
    outcomes, peak_mb = load_in_child(bombs)
    for path, part, outcome in zip(bombs, BOMB_PARTS, outcomes, strict=True):
        assert "message" in outcome, f"{part}: {outcome}"
        message = outcome["message"]
        assert outcome["source"] == path.name and message.startswith(f"{path.name}: ")
        assert f"part '{part}'" in message and "256 MB" in message, message
        if "worksheets" not in part:
            assert "Save the workbook again from Excel" in outcome["fix"]
        assert "CSV" in outcome["fix"] and len(message) < 400
    assert peak_mb < PEAK_RSS_LIMIT_MB, f"peak RSS {peak_mb:.0f} MB"


def test_the_workbook_without_filler_loads() -> None:
    """The same workbook without filler loads (the bombs' error is the filler's)."""
    table = load_file(workbook_bytes(), filename="plain.xlsx")
    assert table.table.loc[("Workbook Co", 2022), "revenue"] == 110e6


def _error(data: bytes, name: str = "book.xlsx") -> AcumenError:
    with pytest.raises(AcumenError) as caught:
        load_file(data, filename=name)
    error = caught.value
    assert error.source == name and error.message.startswith(f"{name}: ")
    assert error.fix and "CSV" in error.fix
    return error


def test_a_part_over_one_megabyte_is_refused_even_when_it_packs_badly() -> None:
    """1.5 MB of varied styles XML (a low ratio) is over the per-part limit."""
    import random

    rng = random.Random(16)
    styles = "".join(
        f'<numFmt numFmtId="{rng.randrange(10**9)}" formatCode="0"/>' for _ in range(40_000)
    )
    parts = workbook_parts()
    parts["xl/styles.xml"] = parts["xl/styles.xml"].replace(
        "</styleSheet>", f"{styles}</styleSheet>"
    )
    error = _error(BUILD.zip_bytes(parts, compression=zipfile.ZIP_DEFLATED))
    assert "part 'xl/styles.xml'" in error.message and "limit for one part" in error.message


def test_too_many_elements_outside_the_worksheets_are_refused() -> None:
    """Under 1 MB but 250,000 elements: each would be an openpyxl object."""
    data = workbook_bytes(part="xl/styles.xml", filler=1_000_000, unit=b"<a/>")
    error = _error(data)
    assert "part 'xl/styles.xml'" in error.message and "100,000" in error.message


def test_too_many_shared_strings_are_refused() -> None:
    """11 MB of one-letter strings (680,000 of them; tens of seconds in openpyxl)."""
    data = workbook_bytes(
        part="xl/sharedStrings.xml", filler=11 * MIB, unit=b"<si><t>a</t></si>", strings=True
    )
    error = _error(data)
    assert "part 'xl/sharedStrings.xml'" in error.message and "shared strings" in error.message


def test_too_many_members_are_refused() -> None:
    extra = {f"xl/media/image{i}.png": b"" for i in range(XLSX_LIMITS["members"])}
    assert "files (parts)" in _error(workbook_bytes(extra=extra)).message


def test_the_total_unpacked_size_is_bounded() -> None:
    """Four 9 MB images that do not compress: each within its limit, together over 32 MB."""
    import random

    rng = random.Random(1)
    extra = {f"xl/media/image{i}.png": rng.randbytes(9 * MIB) for i in range(4)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content in {**workbook_parts(), **extra}.items():
            archive.writestr(name, content)
    data = buffer.getvalue()
    assert len(data) > XLSX_LIMITS["total_bytes"]  # not an upload: the loader's own bound
    from acumen.data.loaders.file_context import LoadContext
    from acumen.data.loaders.file_xlsx import check_xlsx_container

    with pytest.raises(AcumenError, match="too large once unpacked: 36 MB, above the 32 MB limit"):
        check_xlsx_container(data, LoadContext("big.xlsx"))


def test_a_damaged_member_is_reported_as_damaged() -> None:
    """A corrupted styles part fails its CRC while the tags are counted: a located error."""
    data = bytearray(workbook_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/styles.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 5] ^= 0xFF
    assert "damaged" in _error(bytes(data)).message


@pytest.mark.skipif(not REAL_FILES.is_dir(), reason="the shared real files are not here")
@pytest.mark.parametrize(
    "name", ["06_tej_big5_quarterly.xlsx", "08_aeis_sec_Financial_Report.xlsx"]
)
def test_real_workbooks_pass_the_bounds(name: str) -> None:
    from acumen.data.loaders.file_context import LoadContext
    from acumen.data.loaders.file_xlsx import check_xlsx_container

    check_xlsx_container((REAL_FILES / name).read_bytes(), LoadContext(name))
