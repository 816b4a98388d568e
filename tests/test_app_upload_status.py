"""An upload always ends visibly (#16 item 6): "Loaded <names> from <files>." or an error, also
when the user moves to another page before any run has seen the file (the uploader on the new
page is another, empty widget; the file is taken from this session's upload storage)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import streamlit as st
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec
from streamlit.testing.v1 import AppTest

from acumen.ui import persisted, state, upload, upload_storage
from acumen.ui.upload_read import load_uploads, loaded_status
from tests.apptest_support import ROOT


def client_csv(company: str, revenue: int = 120) -> bytes:
    return (
        f"Company: {company}\nLine item,2022,2023\nRevenue,100,{revenue}\n"
        "Net income,5,6\nTotal assets,80,90\n"
    ).encode()


@pytest.fixture(autouse=True)
def clear_streamlit_cache():
    st.cache_data.clear()


# --------------------------------------------------------------------------- loaded_status


def test_loaded_status_names_the_client_and_the_file():
    files = [(client_csv("Acme Widgets"), "acme.csv")]
    result = load_uploads(files, {})
    assert result.ok
    assert loaded_status(result, files) == "Loaded Acme Widgets from acme.csv."


def test_loaded_status_names_every_client_and_every_file():
    files = [(client_csv("Alpha Co"), "alpha.csv"), (client_csv("Beta Co"), "beta.csv")]
    result = load_uploads(files, {})
    assert len(result.clients) == 2
    assert loaded_status(result, files) == "Loaded Alpha Co, Beta Co from alpha.csv, beta.csv."


# --------------------------------------------------------------------------- the app


def upload_mode() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.session_state[state.MODE_KEY] = "Upload a file"
    at.run()
    return at


def successes(at: AppTest) -> list[str]:
    return [s.value for s in at.sidebar.success]


def test_an_upload_says_loaded_with_the_name_and_file():
    at = upload_mode()
    at.file_uploader[0].set_value(("acme.csv", client_csv("Acme Widgets"), "text/csv"))
    at.run()
    assert not at.exception
    assert successes(at) == ["Loaded Acme Widgets from acme\\.csv\\."]
    assert at.session_state[state.CLIENT_KEY] == "upload:Acme Widgets"


def test_the_loaded_line_escapes_the_company_name():
    at = upload_mode()
    at.file_uploader[0].set_value(
        ("x.csv", client_csv("**zzbold** [a](http://x.invalid)"), "text/csv")
    )
    at.run()
    (line,) = successes(at)
    assert "\\*\\*zzbold\\*\\*" in line and "\\[a\\]" in line and "**zzbold**" not in line


def test_a_broken_upload_says_why_and_never_loaded():
    at = upload_mode()
    at.file_uploader[0].set_value(("bad.csv", b"\x00\x01binary\x00", "text/csv"))
    at.run()
    assert not at.exception
    assert successes(at) == []
    errors = [e.value for e in at.sidebar.error]
    assert len(errors) == 1 and "bad" in errors[0]
    assert at.session_state[state.CLIENT_KEY] == state.default_client()


def test_an_upload_followed_at_once_by_a_page_change_still_loads():
    """The file reached the server, but the next run is another page's: its uploader is
    empty. Before the fix the client stayed the default one with no message."""
    at = upload_mode()
    at.file_uploader[0].set_value(("acme.csv", client_csv("Acme Widgets"), "text/csv"))
    at.switch_page("pages/6_Learn.py")  # no run of the upload's page in between
    at.run()
    assert not at.exception
    assert at.session_state[state.CLIENT_KEY] == "upload:Acme Widgets"
    assert successes(at) == ["Loaded Acme Widgets from acme\\.csv\\."]
    assert "Acme Widgets" in [m.value for m in at.sidebar.markdown if "Acme" in m.value][0]

    at.switch_page("pages/9_Glossary.py")  # taken once: another page keeps it, no reload
    at.run()
    assert at.session_state[state.CLIENT_KEY] == "upload:Acme Widgets"
    assert at.session_state[upload.FILES_KEY]["files"][0][1] == "acme.csv"


def test_a_new_upload_on_the_next_page_replaces_the_first():
    at = upload_mode()
    at.file_uploader[0].set_value(("acme.csv", client_csv("Acme Widgets"), "text/csv"))
    at.run()
    at.switch_page("pages/6_Learn.py")
    at.run()
    at.file_uploader[0].set_value(("beta.csv", client_csv("Beta Co"), "text/csv"))
    at.run()
    assert at.session_state[state.CLIENT_KEY] == "upload:Beta Co"
    assert successes(at) == ["Loaded Beta Co from beta\\.csv\\."]


# --------------------------------------------------------------------------- the storage


@pytest.fixture
def storage(monkeypatch):
    """A real in-memory upload storage seen from session "mine"."""
    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    context = SimpleNamespace(session_id="mine", uploaded_file_mgr=manager)
    import streamlit.runtime.scriptrunner as scriptrunner

    monkeypatch.setattr(scriptrunner, "get_script_run_ctx", lambda: context)
    return manager


def record(file_id: str, name: str) -> UploadedFileRec:
    return UploadedFileRec(file_id, name, "text/csv", client_csv(file_id))


def test_unseen_uploads_are_this_sessions_not_seen_not_removed_accepted_types(storage):
    storage.add_file("mine", record("a", "a.csv"))
    storage.add_file("theirs", record("t", "theirs.csv"))  # another session's
    storage.add_file("mine", record("b", "b.xlsx"))
    storage.add_file("mine", record("gone", "gone.csv"))
    storage.remove_file("mine", "gone")  # the browser's DELETE when the user removes a file
    storage.add_file("mine", record("seen", "seen.csv"))
    storage.add_file("mine", record("exe", "tool.exe"))  # not a type the uploader accepts
    unseen = upload_storage.unseen_uploads({"seen"})
    assert [(file_id, name) for file_id, _, name in unseen] == [("a", "a.csv"), ("b", "b.xlsx")]
    assert unseen[0][1] == client_csv("a")


def test_no_storage_no_unseen_uploads(monkeypatch):
    import streamlit.runtime.scriptrunner as scriptrunner

    monkeypatch.setattr(scriptrunner, "get_script_run_ctx", lambda: None)
    assert upload_storage.unseen_uploads(set()) == []


# --------------------------------------------------------------------------- callbacks


def test_a_callback_whose_key_has_no_value_changes_nothing():
    """A page change can run the previous page's widget callback when its key already names
    the new page's widget (no value yet): it used to raise KeyError on every such run."""
    at = AppTest.from_string(
        """
import streamlit as st
from acumen.ui.persisted import copy_widget
st.session_state.setdefault("plain", "kept")
copy_widget("_w_missing", "plain")
st.session_state["_w_there"] = "new"
copy_widget("_w_there", "plain2")
st.write(st.session_state["plain"], st.session_state["plain2"])
""",
        default_timeout=30,
    )
    at.run()
    assert not at.exception
    assert at.markdown[0].value == "kept" or "kept" in at.markdown[0].value
    assert at.session_state["plain2"] == "new"
    assert persisted.copy_widget.__doc__


# --------------------------------------------------------------------------- the size limit (#16 item 12)


def test_one_limit_of_10_mib_in_the_config_the_loader_and_the_uploader():
    import tomllib

    from acumen.data.loaders.file_bytes import MAX_UPLOAD_BYTES

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == 10  # MB as the server counts them: MiB
    assert MAX_UPLOAD_BYTES == 10 * 1024 * 1024
    at = upload_mode()
    (uploader,) = at.file_uploader
    assert uploader.proto.max_upload_size_mb == 10
    assert "max 10 MB each" in uploader.label
    assert "10 MB or smaller" in uploader.help


def test_the_browser_limit_never_exceeds_the_servers(monkeypatch):
    """A server started with a lower ``server.maxUploadSize`` (5) answers a 7 MB file with
    a bare 413: the uploader must refuse it first, so its limit follows the server's."""
    from streamlit import config

    saved = config.get_option("server.maxUploadSize")
    config.set_option("server.maxUploadSize", 5)
    try:
        at = upload_mode()
        (uploader,) = at.file_uploader
        assert uploader.proto.max_upload_size_mb == 5
        assert "max 5 MB each" in uploader.label
    finally:
        config.set_option("server.maxUploadSize", saved)
