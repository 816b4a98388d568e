"""The sidebar's upload box: one or several CSV / Excel files become one client (or one per
company), with pickers for unit, currency, sheet and company, the mapping of every source
row to a line item, and corrections of that mapping.

The load itself is :func:`acumen.ui.upload_read.load_uploads`; the mapping editor is
:mod:`acumen.ui.upload_mapping`; files sent before a page change are taken from the upload
storage (:mod:`acumen.ui.upload_storage`). Everything lives in this session's
``st.session_state``:

- ``upload_files``: the files in use, ``{"ids": (...), "files": [(bytes, name), ...]}``; the
  file uploader keeps nothing across pages, so the bytes are kept here;
- ``upload_choices``: the pickers (unit, currency, sheet, company);
- ``upload_overrides``: mapping corrections ``{label: item}`` per set of files;
- ``upload_peers``: client id -> the peers read from the same files;
- ``_upload_result``: the last load (signature, outcome) so a rerun does not reload;

An upload always ends visibly: "Loaded …" (the client switches) or an error that says why.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from acumen.data.loaders.file_bytes import MAX_UPLOAD_BYTES
from acumen.data.loaders.files import template_bytes
from acumen.i18n import _
from acumen.ui import state
from acumen.ui.language import gettext_now
from acumen.ui.persisted import Persisted, persisted
from acumen.ui.text import md_escape
from acumen.ui.upload_mapping import OVERRIDES_KEY, mapping_editor
from acumen.ui.upload_read import (
    ALL_SHEETS,
    DEFAULT_CHOICES,
    UNIT_CHOICES,
    UPLOAD_TYPES,
    UploadResult,
    load_uploads,
    loaded_status,
    workbook_sheets,
)
from acumen.ui.upload_storage import new_files, watch_after_page_change

FILES_KEY = "upload_files"
CHOICES_KEY = "upload_choices"
PEERS_KEY = "upload_peers"
RESULT_KEY = "_upload_result"
COMPANIES_KEY = "_upload_companies"
GOOD_KEY = "_upload_good"  # (file ids, the last load that worked) for the notes and mapping


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
    _selectbox(_("Unit of the figures"), UNIT_CHOICES, "unit", "_w_upload_unit")
    currency = _choice("currency", "_w_upload_currency", lambda kept: kept or "")
    st.text_input(
        _("Currency (blank = as the file says)"),
        placeholder=_("e.g. EUR, INR, TWD"),
        **currency.widget_args(),
    )
    mb = upload_limit_mb()
    uploaded = st.file_uploader(
        _(
            "CSV or Excel files: statements of one company may come in several files "
            "(max {mb} MB each)"
        ).format(mb=mb),
        type=list(UPLOAD_TYPES),
        accept_multiple_files=True,
        key="_w_upload",
        max_upload_size=mb,
        help=_(
            "Each file must be {mb} MB or smaller: a larger one is refused before it is sent."
        ).format(mb=mb),
    )
    st.download_button(
        _("Download the template CSV"),
        template_bytes(),
        file_name="acumen_template.csv",
        mime="text/csv",
    )
    _keep_files(new_files(uploaded or []))
    watch_after_page_change()
    stored = st.session_state.get(FILES_KEY)
    if not stored or not stored["files"]:
        return set()
    files = stored["files"]
    if not uploaded:
        names = ", ".join(name for _data, name in files)
        in_use = _("Files in use: {names}. Upload others to replace them.")
        st.caption(md_escape(in_use.format(names=names)))
    sheets = workbook_sheets(files)
    if sheets:
        _selectbox(_("Sheet"), (ALL_SHEETS, *sheets), "sheet", "_w_upload_sheet")
    result = _load(stored, choices)
    companies = st.session_state.get(COMPANIES_KEY, {}).get(stored["ids"])
    if companies:
        _company_picker(companies)
    return _show(result, stored["ids"])


def _choice(name: str, key: str, restore: Callable) -> Persisted:
    """The picker ``key`` of the choice ``name`` (kept in ``upload_choices``)."""
    return persisted(CHOICES_KEY, path=(name,), widget=key, restore=restore)


def _selectbox(label: str, options: tuple[str, ...], name: str, key: str) -> None:
    kept = _choice(name, key, lambda value: value if value in options else options[0])
    st.selectbox(label, options, format_func=gettext_now(), **kept.widget_args())


def _company_picker(companies: list[str]) -> None:
    kept = _choice("company", "_w_upload_company", lambda v: v if v in companies else None)
    st.selectbox(
        _("Company (the others become its peers)"),
        companies,
        placeholder=_("Choose the client…"),
        **kept.widget_args(),
    )


def _keep_files(uploaded: list[tuple[str, bytes, str]]) -> None:
    """New files replace the stored ones (and forget the previous company and sheet)."""
    if not uploaded:
        return
    ids = tuple(file_id for file_id, _data, _name in uploaded)
    stored = st.session_state.get(FILES_KEY)
    if stored and stored["ids"] == ids:
        return
    st.session_state[FILES_KEY] = {"ids": ids, "files": [(d, n) for _id, d, n in uploaded]}
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
                _(
                    "The files hold {count} companies: choose the client above; "
                    "the others become its peers."
                ).format(count=len(result.companies))
            ),
            icon="🏢",
        )
    elif result.error:
        st.error(md_escape(result.error), icon="⚠️")
        st.caption(_("Your previous client stays selected until the files load."))
    elif result.ok:
        files = st.session_state[FILES_KEY]["files"]
        st.success(md_escape(loaded_status(result, files)), icon="✅")
    good = st.session_state.get(GOOD_KEY)
    if good is None or good[0] != ids:
        return set()
    shown = good[1]
    if result.ok and len(shown.clients) > 1:
        names = ", ".join(cid.partition(":")[2] for cid in shown.clients)
        loaded = _("{count} clients loaded: {names}.")
        st.caption(md_escape(loaded.format(count=len(shown.clients), names=names)))
    if shown.warnings:
        with st.expander(_("What was read ({count} notes)").format(count=len(shown.warnings))):
            for warning in shown.warnings:
                st.warning(md_escape(warning), icon="ℹ️")
    mapping_editor(shown.mapping, ids)
    return set(shown.clients) if shown.warnings else set()
