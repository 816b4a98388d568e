"""Reading uploaded files, with no widgets: :func:`load_uploads` is a plain function of the
files and the user's choices (unit, currency, sheet, company, mapping corrections), so it can
be tested without a browser; the mapping as shown, and the sheets of a workbook."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from acumen.data.loaders.file_assemble import MultipleCompaniesError
from acumen.data.loaders.file_meta import CURRENCY_CODES, UNIT_FACTORS, iso_currency
from acumen.data.loaders.file_xlsx import EXCEL_EXTENSIONS
from acumen.data.loaders.files import read_files
from acumen.data.schema import LINE_ITEM_LABELS
from acumen.data.statements import Statements
from acumen.errors import AcumenError
from acumen.i18n import N_, _

AS_FILE = N_("as the file says")
ALL_SHEETS = N_("all statement sheets")
UNIT_CHOICES: tuple[str, ...] = (AS_FILE, *UNIT_FACTORS)
MAX_FILES = 10
#: What the uploader accepts (the browser enforces it; files from the storage are checked too).
UPLOAD_TYPES: tuple[str, ...] = ("csv", "xlsx", "txt", "tsv", "json")
DEFAULT_CHOICES = {"unit": AS_FILE, "currency": "", "sheet": ALL_SHEETS, "company": None}
_CURRENCY_TEXT = re.compile(r"^[A-Za-z]{3}$")


@dataclass
class UploadResult:
    """What one load of the files gave: the clients (id -> statements), their peers, the
    mapping and the notes; or the companies to choose from; or the error."""

    clients: dict[str, pd.DataFrame] = field(default_factory=dict)
    peers: dict[str, pd.DataFrame] = field(default_factory=dict)
    mapping: pd.DataFrame = field(default_factory=pd.DataFrame)
    warnings: list[str] = field(default_factory=list)
    companies: list[str] | None = None  # set when the files hold several companies
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.clients)


def load_uploads(files: list[tuple[bytes, str]], choices: dict) -> UploadResult:
    """Read ``files`` with the user's ``choices`` (unit, currency, sheet, company, overrides;
    each missing or "as the file says" means: as the file says). Never raises for bad input:
    the message is in ``error``, and ``companies`` lists the companies to choose from when
    the files hold several and none (or an unknown one) was chosen."""
    if not files:
        return UploadResult(error=_("No file uploaded."))
    if len(files) > MAX_FILES:
        message = _("{count} files: upload at most {limit} at once.")
        return UploadResult(error=message.format(count=len(files), limit=MAX_FILES))
    try:
        currency = currency_choice(choices.get("currency"))
        assembled = read_files(
            list(files),
            unit=or_none(choices.get("unit"), AS_FILE),
            currency=currency,
            company=choices.get("company") or None,
            sheet=or_none(choices.get("sheet"), ALL_SHEETS),
            overrides=override_keys(choices.get("overrides") or {}),
        )
    except MultipleCompaniesError as error:
        return UploadResult(companies=list(error.companies), error=error.message)
    except AcumenError as error:
        return UploadResult(error=error.message)
    statements = assembled.statements
    clients = {f"upload:{cid}": part for cid, part in split_companies(statements).items()}
    peers = {}
    if assembled.peers is not None:
        peers = {client_id: assembled.peers for client_id in clients}
    mapping = assembled.mapping
    return UploadResult(clients, peers, mapping, list(assembled.warnings))


def loaded_status(result: UploadResult, files: list[tuple[bytes, str]]) -> str:
    """The line that says an upload worked: "Loaded <names> from <files>." (plain text:
    escape it for Markdown)."""
    names = []
    for statements in result.clients.values():
        companies = statements.companies
        first = companies.iloc[0] if companies is not None and len(companies) else None
        names.append(str(first["name"]) if first is not None else _("the client"))
    return _("Loaded {names} from {files}.").format(
        names=", ".join(names), files=", ".join(name for _data, name in files)
    )


def split_companies(statements: Statements) -> dict[str, Statements]:
    """One statements value per company (two files of different companies are two clients),
    each with its own ``companies`` row so ``part.companies.index[0]`` is its id."""
    ids = statements.company_ids()
    if len(ids) == 1:
        return {ids[0]: statements}
    return {company: statements.select([company]) for company in ids}


def override_keys(overrides: dict[str, str]) -> dict[str, str]:
    """The corrections as the loader matches them: the mapping names a column of a long
    table "column X", the loader matches it as "X", so both are given."""
    keys = dict(overrides)
    for label, item in overrides.items():
        if label.startswith("column "):
            keys.setdefault(label[len("column ") :], item)
    return keys


def unapplied_overrides(mapping: pd.DataFrame, overrides: dict[str, str]) -> list[str]:
    """Corrected labels whose row does not give the chosen item in the mapping, or is set
    aside for another row with different figures (the correction did not take)."""
    if mapping is None or mapping.empty or "label" not in mapping.columns:
        return list(overrides)
    missing = []
    for label, item in overrides.items():
        rows = mapping.loc[mapping["label"].isin([label, label.removeprefix("column ")])]
        taken = (rows["item"] == item) & ~rows["status"].str.startswith("set aside: differs")
        if not taken.any():
            missing.append(label)
    return missing


def workbook_sheets(files: list[tuple[bytes, str]]) -> list[str]:
    """Sheet names of the workbooks among ``files`` (in order, each once)."""
    names: list[str] = []
    for data, name in files:
        if Path(name).suffix.lower() not in EXCEL_EXTENSIONS:
            continue
        try:
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(data), read_only=True)
            try:
                names += book.sheetnames
            finally:
                book.close()
        except Exception:  # a broken workbook: the loader names the problem
            continue
    return list(dict.fromkeys(names))


def mapping_display(mapping: pd.DataFrame) -> pd.DataFrame:
    """The mapping for the table: the line item by its label, blanks instead of None."""
    if mapping is None or mapping.empty:
        return pd.DataFrame(columns=["file", "sheet", "row", "label", "line item", "status"])
    shown = mapping.copy()
    shown.insert(
        shown.columns.get_loc("item"),
        "line item",
        [item_label(i) if isinstance(i, str) else "" for i in shown["item"]],
    )
    shown = shown.drop(columns=["item"])
    first = ["label", "line item", "status"]  # what the reader checks, before where it is
    shown = shown[first + [c for c in shown.columns if c not in first]]
    for column in shown.columns:
        if column != "row":
            shown[column] = [("" if v is None or v is pd.NA else str(v)) for v in shown[column]]
    return shown


def source_labels(mapping: pd.DataFrame) -> list[str]:
    if mapping is None or mapping.empty:
        return []
    return list(dict.fromkeys(str(v) for v in mapping["label"].dropna() if str(v)))


def item_label(item: str) -> str:
    label = LINE_ITEM_LABELS.get(item, item.replace("_", " "))
    return label[:1].upper() + label[1:]


def or_none(value: object, default: str) -> str | None:
    return None if value in (None, "", default) else str(value)


def currency_choice(text: object) -> str | None:
    typed = str(text or "").strip()
    if not typed:
        return None
    code = iso_currency(typed)
    if code in CURRENCY_CODES or _CURRENCY_TEXT.match(code):
        return code
    raise AcumenError(
        _("unknown currency '{currency}'").format(currency=typed[:20]),
        fix=_("Type a three-letter code such as USD, EUR, INR or TWD, or leave it blank."),
    )
