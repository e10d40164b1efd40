"""Helpers for the AppTest page tests: open a page, find widgets and the messages beside them."""

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = str(ROOT / "dashboard.py")
PAGES = {
    "overview": "pages/overview.py",
    "measures": "pages/measures.py",
    "measure": "pages/measure.py",
    "strategies": "pages/strategies.py",
    "committees": "pages/committees.py",
}


def open_page(page: str = "overview", **query: str) -> AppTest:
    """Run the app with a query string, then switch to a page (as a link would open it)."""
    at = AppTest.from_file(DASHBOARD, default_timeout=30)
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
