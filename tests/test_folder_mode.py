"""Streamlit's `pages/` folder mode, which ui.navigation.leave_folder_mode turns off.

These fail the day Streamlit renames the private flag or stops choosing folder mode for an app
beside a pages/ folder: then the workaround in ui/navigation.py (and its call in server.py)
can go.
"""

from streamlit.runtime.pages_manager import PagesManager

from tests.tree import ROOT
from ui import navigation


def test_streamlit_still_starts_an_app_beside_pages_in_folder_mode(monkeypatch, tmp_path):
    assert hasattr(PagesManager, "uses_pages_directory"), "the private flag is gone"
    (tmp_path / "pages").mkdir()
    main = tmp_path / "dashboard.py"
    main.write_text("", encoding="utf-8")
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    PagesManager(str(main), setup_watcher=False)
    assert PagesManager.uses_pages_directory is True, "folder mode is no longer chosen"


def test_leaving_folder_mode_sticks_for_our_layout(monkeypatch):
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    navigation.leave_folder_mode()
    PagesManager(str(ROOT / "dashboard.py"), setup_watcher=False)
    assert not navigation.in_folder_mode()
