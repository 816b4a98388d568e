"""The sidebar's upload box: one or several CSV / Excel files become one client (or one per
company), with pickers for unit, currency, sheet and company, the mapping of every source
row to a line item, and corrections of that mapping.

The load itself is :func:`load_uploads`, a plain function of the files and the choices, so it
can be tested without a browser. Everything lives in this session's ``st.session_state``:

- ``upload_files``: the files in use, ``{"ids": (...), "files": [(bytes, name), ...]}``; the
  file uploader keeps nothing across pages, so the bytes are kept here;
- ``upload_choices``: the pickers (unit, currency, sheet, company);
- ``upload_overrides``: mapping corrections ``{label: item}`` per set of files;
- ``upload_peers``: client id -> the peers read from the same files;
- ``_upload_result``: the last load (signature, outcome) so a rerun does not reload;
- ``_upload_seen``: ids of the files this session has taken, from the uploader or the server;
- ``_upload_page`` / ``_upload_watch``: the page of the last run, and the watch's ticks left.

An upload always ends visibly: "Loaded …" (the client switches) or an error that says why.
The browser shows a file as soon as it is sent, but the script only sees it in the rerun
that follows. A widget's id includes its page, so if the user moves to another page first
(or, under load, that rerun is superseded by the page change), the uploader on the new page
is another, empty widget and the file was silently dropped. So every run also takes the files
the browser sent to this session that no run has seen yet, from Streamlit's in-memory upload
storage (:func:`_unseen_uploads`: this session's files only; a file removed with its ✕ is
deleted from that storage by the browser). A file still on its way when the new page ran
arrives after it, with nothing to rerun the script: for a while after a page change a small
fragment (:func:`_upload_watch`) looks for such files every second and reruns the app.
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from acumen.data.loaders.file_assemble import MultipleCompaniesError
from acumen.data.loaders.file_bytes import MAX_UPLOAD_BYTES
from acumen.data.loaders.file_meta import CURRENCY_CODES, UNIT_FACTORS, iso_currency
from acumen.data.loaders.file_xlsx import EXCEL_EXTENSIONS
from acumen.data.loaders.files import read_files, template_bytes
from acumen.data.schema import LINE_ITEM_LABELS, LINE_ITEMS
from acumen.errors import AcumenError
from acumen.ui import state
from acumen.ui.text import md_escape

AS_FILE = "as the file says"
ALL_SHEETS = "all statement sheets"
UNIT_CHOICES: tuple[str, ...] = (AS_FILE, *UNIT_FACTORS)
MAX_FILES = 10

FILES_KEY = "upload_files"
CHOICES_KEY = "upload_choices"
OVERRIDES_KEY = "upload_overrides"
PEERS_KEY = "upload_peers"
RESULT_KEY = "_upload_result"
COMPANIES_KEY = "_upload_companies"
GOOD_KEY = "_upload_good"  # (file ids, the last load that worked) for the notes and mapping
SEEN_KEY = "_upload_seen"
PAGE_KEY = "_upload_page"
WATCH_KEY = "_upload_watch"

#: What the uploader accepts (the browser enforces it; files from the storage are checked too).
UPLOAD_TYPES: tuple[str, ...] = ("csv", "xlsx", "txt", "tsv", "json")
#: After a page change, look for late files every WATCH_SECONDS, WATCH_TICKS times.
WATCH_SECONDS = 1.0
WATCH_TICKS = 30

DEFAULT_CHOICES = {"unit": AS_FILE, "currency": "", "sheet": ALL_SHEETS, "company": None}
_CURRENCY_TEXT = re.compile(r"^[A-Za-z]{3}$")


# --------------------------------------------------------------------------- the load (pure)


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
        return UploadResult(error="No file uploaded.")
    if len(files) > MAX_FILES:
        return UploadResult(error=f"{len(files)} files: upload at most {MAX_FILES} at once.")
    try:
        currency = _currency_choice(choices.get("currency"))
        assembled = read_files(
            list(files),
            unit=_or_none(choices.get("unit"), AS_FILE),
            currency=currency,
            company=choices.get("company") or None,
            sheet=_or_none(choices.get("sheet"), ALL_SHEETS),
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
        companies = statements.attrs.get("companies")
        first = companies.iloc[0] if companies is not None and len(companies) else None
        names.append(str(first["name"]) if first is not None else "the client")
    return f"Loaded {', '.join(names)} from {', '.join(name for _, name in files)}."


def split_companies(statements: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One statements frame per company (two files of different companies are two clients),
    each with its own ``companies`` row so ``companies_of(part).index[0]`` is its id."""
    ids = list(dict.fromkeys(statements.index.get_level_values(0)))
    if len(ids) == 1:
        return {ids[0]: statements}
    attrs = statements.attrs
    parts = {}
    for company in ids:
        mask = statements.index.get_level_values(0) == company
        part = pd.DataFrame(
            statements.to_numpy()[mask], index=statements.index[mask], columns=statements.columns
        )
        part.attrs = dict(attrs)
        companies = attrs.get("companies")
        if companies is not None:
            part.attrs["companies"] = companies.loc[companies.index == company].copy()
        period_end = attrs.get("period_end")
        if isinstance(period_end, pd.Series) and len(period_end) == len(statements):
            part.attrs["period_end"] = period_end[mask].copy()
        derivations = attrs.get("derivations")
        if isinstance(derivations, pd.DataFrame) and "company" in derivations.columns:
            part.attrs["derivations"] = derivations[derivations["company"] == company].copy()
        incomplete = attrs.get("incomplete")
        if isinstance(incomplete, dict):
            part.attrs["incomplete"] = {company: incomplete.get(company, [])}
        part.attrs["warnings"] = list(attrs.get("warnings", []))
        parts[company] = part
    return parts


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
        [_item_label(i) if isinstance(i, str) else "" for i in shown["item"]],
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


def _item_label(item: str) -> str:
    label = LINE_ITEM_LABELS.get(item, item.replace("_", " "))
    return label[:1].upper() + label[1:]


def _or_none(value: object, default: str) -> str | None:
    return None if value in (None, "", default) else str(value)


def _currency_choice(text: object) -> str | None:
    typed = str(text or "").strip()
    if not typed:
        return None
    code = iso_currency(typed)
    if code in CURRENCY_CODES or _CURRENCY_TEXT.match(code):
        return code
    raise AcumenError(
        f"unknown currency '{typed[:20]}'",
        fix="Type a three-letter code such as USD, EUR, INR or TWD, or leave it blank.",
    )


# --------------------------------------------------------------------------- the widgets


def upload_limit_mb() -> int:
    """The per-file limit the uploader enforces in the browser, in MB: the server's
    ``server.maxUploadSize`` or the loader's MAX_UPLOAD_BYTES, whichever is lower. The browser
    counts a MB as 10**6 bytes and the server as 2**20, so a file over the limit is refused in
    the browser with "File must be N MB or smaller." and never meets the server's bare 413,
    which the browser shows as "AxiosError: Request failed with status code 413"."""
    server_mb = int(st.get_option("server.maxUploadSize"))
    return max(1, min(server_mb, MAX_UPLOAD_BYTES // (1024 * 1024)))


def upload_box() -> set[str]:
    """The upload mode of the sidebar (see the module docstring). Returns the client ids
    whose notes it showed (the sidebar need not repeat them)."""
    st.session_state.setdefault(CHOICES_KEY, dict(DEFAULT_CHOICES))
    st.session_state.setdefault(OVERRIDES_KEY, {})
    st.session_state.setdefault(PEERS_KEY, {})
    choices = st.session_state[CHOICES_KEY]
    _selectbox("Unit of the figures", UNIT_CHOICES, "unit", "_w_upload_unit")
    st.text_input(
        "Currency (blank = as the file says)",
        value=choices.get("currency") or "",
        key="_w_upload_currency",
        placeholder="e.g. EUR, INR, TWD",
        on_change=_copy_choice,
        args=("_w_upload_currency", "currency"),
    )
    mb = upload_limit_mb()
    uploaded = st.file_uploader(
        f"CSV or Excel files: statements of one company may come in several files "
        f"(max {mb} MB each)",
        type=list(UPLOAD_TYPES),
        accept_multiple_files=True,
        key="_w_upload",
        max_upload_size=mb,
        help=f"Each file must be {mb} MB or smaller: a larger one is refused before it is sent.",
    )
    st.download_button(
        "Download the template CSV",
        template_bytes(),
        file_name="acumen_template.csv",
        mime="text/csv",
    )
    _keep_files(_new_files(uploaded or []))
    _watch_after_page_change()
    stored = st.session_state.get(FILES_KEY)
    if not stored or not stored["files"]:
        return set()
    files = stored["files"]
    if not uploaded:
        names = ", ".join(name for _, name in files)
        st.caption(md_escape(f"Files in use: {names}. Upload others to replace them."))
    sheets = workbook_sheets(files)
    if sheets:
        _selectbox("Sheet", (ALL_SHEETS, *sheets), "sheet", "_w_upload_sheet")
    result = _load(stored, choices)
    companies = st.session_state.get(COMPANIES_KEY, {}).get(stored["ids"])
    if companies:
        _company_picker(companies)
    return _show(result, stored["ids"])


def _selectbox(label: str, options: tuple[str, ...], name: str, key: str) -> None:
    current = st.session_state[CHOICES_KEY].get(name)
    st.selectbox(
        label,
        options,
        index=options.index(current) if current in options else 0,
        key=key,
        on_change=_copy_choice,
        args=(key, name),
    )


def _company_picker(companies: list[str]) -> None:
    current = st.session_state[CHOICES_KEY].get("company")
    st.selectbox(
        "Company (the others become its peers)",
        companies,
        index=companies.index(current) if current in companies else None,
        key="_w_upload_company",
        placeholder="Choose the client…",
        on_change=_copy_choice,
        args=("_w_upload_company", "company"),
    )


def _copy_choice(key: str, name: str) -> None:
    """A picker's callback (skipped when its key has no value: see ``sidebar.copy_widget``)."""
    if key in st.session_state:
        st.session_state[CHOICES_KEY][name] = st.session_state[key]


def _new_files(uploaded: list) -> list[tuple[str, bytes, str]]:
    """(file id, bytes, name) of the files to use: the uploader's, or else the files the
    browser sent to this session that no run has taken yet (see the module docstring)."""
    seen: set[str] = st.session_state.setdefault(SEEN_KEY, set())
    if uploaded:
        files = [(f.file_id, f.getvalue(), f.name) for f in uploaded]
        seen.update(file_id for file_id, _, _ in _unseen_uploads(seen))  # superseded
    else:
        files = _unseen_uploads(seen)
    seen.update(file_id for file_id, _, _ in files)
    return files


def _unseen_uploads(seen: set[str]) -> list[tuple[str, bytes, str]]:
    """The files in Streamlit's upload storage for this session not in ``seen``, oldest first
    ([] outside a server run, or with a storage other than the in-memory one)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    manager = getattr(context, "uploaded_file_mgr", None)
    storage = getattr(manager, "file_storage", None)  # MemoryUploadedFileManager's
    if context is None or not isinstance(storage, dict):
        return []
    with getattr(manager, "_lock", None) or contextlib.nullcontext():  # the browser adds files
        records = list(storage.get(context.session_id, {}).values())
    return [
        (r.file_id, r.data, r.name)
        for r in records
        if r.file_id not in seen and Path(r.name).suffix.lower().lstrip(".") in UPLOAD_TYPES
    ]


def _page() -> str | None:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    return getattr(context, "page_script_hash", None)


def _watch_after_page_change() -> None:
    """On the first run of a page after another, start the watch for late files (it stops at
    the next full run, which clears the browser's timer, or after WATCH_TICKS ticks)."""
    page, previous = _page(), st.session_state.get(PAGE_KEY)
    st.session_state[PAGE_KEY] = page
    if previous is not None and previous != page:
        st.session_state[WATCH_KEY] = WATCH_TICKS
        _upload_watch()


@st.fragment(run_every=WATCH_SECONDS)
def _upload_watch() -> None:
    """One tick: a file the browser sent after this page's run reruns the app to load it."""
    ticks = st.session_state.get(WATCH_KEY, 0)
    if ticks <= 0:
        return
    st.session_state[WATCH_KEY] = ticks - 1
    if _unseen_uploads(st.session_state.get(SEEN_KEY, set())):
        st.session_state[WATCH_KEY] = 0
        st.rerun(scope="app")


def _keep_files(uploaded: list[tuple[str, bytes, str]]) -> None:
    """New files replace the stored ones (and forget the previous company and sheet)."""
    if not uploaded:
        return
    ids = tuple(file_id for file_id, _, _ in uploaded)
    stored = st.session_state.get(FILES_KEY)
    if stored and stored["ids"] == ids:
        return
    st.session_state[FILES_KEY] = {"ids": ids, "files": [(d, n) for _, d, n in uploaded]}
    st.session_state[CHOICES_KEY]["company"] = None
    st.session_state[CHOICES_KEY]["sheet"] = ALL_SHEETS
    for key in ("_w_upload_company", "_w_upload_sheet", "_w_fix_label"):
        st.session_state.pop(key, None)


def _load(stored: dict, choices: dict) -> UploadResult:
    """The load for these files and choices: reused while nothing changed."""
    overrides = st.session_state[OVERRIDES_KEY].get(stored["ids"], {})
    wanted = {**choices, "overrides": overrides}
    signature = (stored["ids"], tuple(sorted((k, str(v)) for k, v in choices.items())))
    signature += (tuple(sorted(overrides.items())),)
    last = st.session_state.get(RESULT_KEY)
    if last is not None and last[0] == signature:
        return last[1]
    result = load_uploads(stored["files"], wanted)
    if result.companies:  # the company picker offers them from now on
        st.session_state.setdefault(COMPANIES_KEY, {})[stored["ids"]] = result.companies
    if result.ok:
        for client_id, statements in reversed(list(result.clients.items())):
            state.remember_client(client_id, statements)
        st.session_state[PEERS_KEY].update(result.peers)
        st.session_state[GOOD_KEY] = (stored["ids"], result)
    st.session_state[RESULT_KEY] = (signature, result)
    return result


def _show(result: UploadResult, ids: tuple) -> set[str]:
    if result.companies and not st.session_state[CHOICES_KEY].get("company"):
        st.info(
            md_escape(
                f"The files hold {len(result.companies)} companies: choose the client above; "
                "the others become its peers."
            ),
            icon="🏢",
        )
    elif result.error:
        st.error(md_escape(result.error), icon="⚠️")
        st.caption("Your previous client stays selected until the files load.")
    elif result.ok:
        files = st.session_state[FILES_KEY]["files"]
        st.success(md_escape(loaded_status(result, files)), icon="✅")
    good = st.session_state.get(GOOD_KEY)
    if good is None or good[0] != ids:
        return set()
    shown = good[1]
    if result.ok and len(shown.clients) > 1:
        names = ", ".join(cid.partition(":")[2] for cid in shown.clients)
        st.caption(md_escape(f"{len(shown.clients)} clients loaded: {names}."))
    if shown.warnings:
        with st.expander(f"What was read ({len(shown.warnings)} notes)"):
            for warning in shown.warnings:
                st.warning(md_escape(warning), icon="ℹ️")
    _mapping_editor(shown.mapping, ids)
    return set(shown.clients) if shown.warnings else set()


def _mapping_editor(mapping: pd.DataFrame, ids: tuple) -> None:
    overrides = st.session_state[OVERRIDES_KEY].get(ids, {})
    with st.expander("Mapping: source rows → line items"):
        st.dataframe(mapping_display(mapping), hide_index=True, width="stretch")
        labels = source_labels(mapping)
        current = _current_items(mapping)
        st.selectbox(
            "Source row",
            labels,
            index=None,
            key="_w_fix_label",
            placeholder="Choose a row label…",
            format_func=lambda label: f"{label} → {current.get(label) or 'not a line item'}",
        )
        st.selectbox(
            "is the line item",
            LINE_ITEMS,
            index=None,
            key="_w_fix_item",
            placeholder="Choose a line item…",
            format_func=_item_label,
        )
        st.button("Use this row", key="_w_fix_apply", on_click=_apply_fix, args=(ids,))
        if overrides:
            lines = [f"'{label}' → {_item_label(item)}" for label, item in overrides.items()]
            st.caption(md_escape("Corrections: " + "; ".join(lines)))
            for label in unapplied_overrides(mapping, overrides):
                st.warning(
                    md_escape(
                        f"The correction for '{label}' did not take effect: the mapping does "
                        f"not use that row for {_item_label(overrides[label])}."
                    ),
                    icon="⚠️",
                )
            st.button("Clear corrections", key="_w_fix_clear", on_click=_clear_fixes, args=(ids,))


def _current_items(mapping: pd.DataFrame) -> dict[str, str]:
    """Label -> the line item its used row gives (the first row of the label otherwise)."""
    if mapping is None or mapping.empty:
        return {}
    items: dict[str, str] = {}
    for label, item, status in zip(
        mapping["label"], mapping["item"], mapping["status"], strict=True
    ):
        if isinstance(item, str) and (label not in items or status == "used"):
            items[str(label)] = _item_label(item) + ("" if status == "used" else " (set aside)")
    return items


def _apply_fix(ids: tuple) -> None:
    label = st.session_state.get("_w_fix_label")
    item = st.session_state.get("_w_fix_item")
    if not label or not item:
        return
    fixes = dict(st.session_state[OVERRIDES_KEY].get(ids, {}))
    fixes[label] = item
    st.session_state[OVERRIDES_KEY][ids] = fixes


def _clear_fixes(ids: tuple) -> None:
    st.session_state[OVERRIDES_KEY].pop(ids, None)
