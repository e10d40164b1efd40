"""The pages, their addresses (a contract, see docs/architecture.md) and links between them."""

from urllib.parse import urlencode

import streamlit as st
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.pages_manager import PagesManager

OVERVIEW_PAGE = "pages/overview.py"
MEASURES_PAGE = "pages/measures.py"
MEASURE_PAGE = "pages/measure.py"
STRATEGIES_PAGE = "pages/strategies.py"
COMMITTEES_PAGE = "pages/committees.py"
METHODOLOGY_PAGE = "pages/methodology.py"
ADMIN_PAGE = "pages/admin.py"
AUDIT_PAGE = "pages/audit.py"
ACCOUNT_PAGE = "pages/account.py"
RESULTS_PAGE = "pages/results.py"
INDICATOR_PAGE = "pages/indicator.py"
REPORTING_PAGE = "pages/reporting.py"
APPROVALS_PAGE = "pages/approvals.py"
TODO_PAGE = "pages/todo.py"
SCORECARD_PAGE = "pages/scorecard.py"
COVERAGE_PAGE = "pages/coverage.py"
MEASURE_URL_PATH = "measure"
INDICATOR_URL_PATH = "indicator"
# (script, title message id, url path, icon, default): listed for everyone.
MENU = (
    (OVERVIEW_PAGE, "overview.title", "overview", ":material/dashboard:", True),
    (SCORECARD_PAGE, "scorecard.title", "scorecard", ":material/leaderboard:", False),
    (COVERAGE_PAGE, "coverage.title", "coverage", ":material/grid_on:", False),
    (MEASURES_PAGE, "measures.title", "measures", ":material/checklist:", False),
    (RESULTS_PAGE, "results.page_title", "results", ":material/query_stats:", False),
    (STRATEGIES_PAGE, "strategies.title", "strategies", ":material/flag:", False),
    (COMMITTEES_PAGE, "committees.title", "committees", ":material/groups:", False),
    (METHODOLOGY_PAGE, "methodology.title", "methodology", ":material/menu_book:", False),
)
# (script, title message id, url path, icon, the Actor property that lists the page)
RESTRICTED = (
    (TODO_PAGE, "todo.title", "todo", ":material/task_alt:", "is_signed_in"),
    (REPORTING_PAGE, "reporting.title", "reporting", ":material/edit_note:", "can_report"),
    (APPROVALS_PAGE, "approvals.title", "approvals", ":material/fact_check:", "can_validate"),
    (AUDIT_PAGE, "audit.title", "audit", ":material/history:", "can_audit"),
    (ADMIN_PAGE, "admin.title", "admin", ":material/manage_accounts:", "can_manage_users"),
    (ACCOUNT_PAGE, "account.title", "account", ":material/person:", "is_signed_in"),
)


def page_path(page: StreamlitPage) -> str:
    """The address of a page with this run's query string (where sign-in returns to)."""
    path = f"/{page.url_path}"  # "" for the default page
    query = {name: st.query_params.get_all(name) for name in st.query_params}
    encoded = urlencode(query, doseq=True)
    return f"{path}?{encoded}" if encoded else path


def open_measure(measure_id: int, query: dict[str, str]) -> None:
    """Go to a measure's page in this tab, keeping the run's other parameters (`query`)."""
    st.switch_page(MEASURE_PAGE, query_params={"id": str(int(measure_id))} | query)


def open_indicator(indicator_id: int, query: dict[str, str]) -> None:
    """Go to an indicator's page in this tab, keeping the run's other parameters (`query`)."""
    st.switch_page(INDICATOR_PAGE, query_params={"id": str(int(indicator_id))} | query)


def in_folder_mode() -> bool:
    """Whether Streamlit runs this process in its old `pages/` folder mode."""
    return bool(PagesManager.uses_pages_directory)


def leave_folder_mode() -> None:
    """Stop Streamlit's old `pages/` folder mode; the one place that touches it.

    Streamlit 1.67 decides, when it first builds its PagesManager, that an app beside a
    `pages/` folder is a folder-mode app, and keeps that until some run calls st.navigation.
    The first request after a start would then run pages/x.py alone, under widget identities
    that change on the next run. Our pages/ folder is the agreed layout, routed by st.navigation
    only, so the flag is turned off (what st.navigation itself does). It is a private attribute:
    tests/test_folder_mode.py fails the day Streamlit renames it or stops needing this.
    """
    PagesManager.uses_pages_directory = False
