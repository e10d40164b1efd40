"""Helpers for the AppTest page tests: sign in, open a page, find widgets and messages.

AppTest cannot send cookies, so `sign_in_as` opens a real session in the test database and
makes `ui.identity.session_token()` (the only reader of the session cookie) return its token.
"""

import json
from collections.abc import Iterable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from services.accounts import create_user
from services.actors import COMMAND_LINE
from services.auth import sign_in
from services.db import make_engine
from ui import identity

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = str(ROOT / "dashboard.py")
PAGES = {
    "overview": "pages/overview.py",
    "measures": "pages/measures.py",
    "measure": "pages/measure.py",
    "strategies": "pages/strategies.py",
    "committees": "pages/committees.py",
    "methodology": "pages/methodology.py",
    "admin": "pages/admin.py",
    "audit": "pages/audit.py",
    "account": "pages/account.py",
    "results": "pages/results.py",
    "indicator": "pages/indicator.py",
    "reporting": "pages/reporting.py",
    "approvals": "pages/approvals.py",
    "todo": "pages/todo.py",
    "scorecard": "pages/scorecard.py",
    "coverage": "pages/coverage.py",
}
PASSWORD = "page-test-password"


def sign_in_as(monkeypatch, url: str, username: str, role: str, regions: Iterable[str] = ()) -> str:
    """Create an account in the database at `url`, sign it in, and send its session token."""
    engine = make_engine(url)
    try:
        create_user(
            engine,
            actor=COMMAND_LINE,
            username=username,
            display_name=username.title(),
            password=PASSWORD,
            role=role,
            regions=regions,
        )
        token, _actor = sign_in(engine, username=username, password=PASSWORD)
    finally:
        engine.dispose()
    monkeypatch.setattr(identity, "session_token", lambda: token)
    return token


def open_page(
    page: str = "overview", *, user: dict | None = None, secrets: dict | None = None, **query: str
) -> AppTest:
    """Run the app with a query string, then switch to a page (as a link would open it).

    `user` and `secrets` become AppTest's st.user and st.secrets (single sign-on tests).
    """
    at = AppTest.from_file(DASHBOARD, default_timeout=30)
    if user is not None:
        at.user = user
    at.secrets.update(secrets or {})
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    if page != "overview":
        at.switch_page(PAGES[page]).run()
    return at


def no_exception(at: AppTest) -> None:
    """Fail with the app's own traceback when a run raised."""
    assert not at.exception, "\n".join(
        (e.stack_trace and "\n".join(e.stack_trace)) or e.value for e in at.exception
    )


def charts(at: AppTest) -> list[dict]:
    """The plotly figures on the page, as figure JSON (AppTest has no accessor for them)."""
    return [json.loads(e.proto.spec) for e in at.main.get("plotly_chart")]


def chart_titles(at: AppTest) -> list[str]:
    """The titles of the plotly figures on the page."""
    return [c["layout"]["title"]["text"] for c in charts(at)]


def metric(at: AppTest, label: str) -> str:
    """The value of the metric with a label."""
    values = [m.value for m in at.metric if m.label == label]
    assert values, f"no metric {label!r} in {[m.label for m in at.metric]}"
    return values[0]


def button(at: AppTest, label: str):
    """The (form submit) button with a label."""
    found = [b for b in at.button if b.label == label]
    assert found, f"no button {label!r} in {[b.label for b in at.button]}"
    return found[0]


def message_after(at: AppTest, key: str) -> list[str]:
    """Error messages drawn right after the widget with `key`, in the same block."""
    found = []

    def walk(block) -> bool:
        children = list(block.children.values())
        for index, child in enumerate(children):
            if getattr(child, "key", None) == key:
                for follower in children[index + 1 :]:
                    if getattr(follower, "type", None) != "error":
                        break
                    found.append(follower.value)
                return True
            if hasattr(child, "children") and walk(child):
                return True
        return False

    walk(at.main)
    return found


def errors(at: AppTest) -> list[str]:
    """Every error message on the page."""
    return [e.value for e in at.error]
