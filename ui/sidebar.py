"""The frame every page shares: language, styles, navigation, region filter and signed-in user.

Streamlit's `bind="query-params"` writes a selectbox's *displayed label* into the URL (checked
on 1.67: `?region=09` is dropped, `?region=Souss-Massa` is accepted), which would break the
`?region=09` / `?lang=fr` contract and change with the language. So the URL is read and
written here, with the codes as values; widget state keeps the choice across pages.
"""

from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.pages_manager import PagesManager

from ui import account, context, data, i18n, widgets
from ui.context import t
from ui.rtl import direction_css

FAVICON = str(Path(__file__).resolve().parent / "assets" / "favicon.png")
LANG_KEY = "sidebar.lang"
REGION_KEY = "sidebar.region"
ALL = ""
# (script, title message id, url path, icon, default); the paths are the URL contract.
PAGES = (
    (context.OVERVIEW_PAGE, "overview.title", "overview", ":material/dashboard:", True),
    (context.MEASURES_PAGE, "measures.title", "measures", ":material/checklist:", False),
    (context.STRATEGIES_PAGE, "strategies.title", "strategies", ":material/flag:", False),
    (context.COMMITTEES_PAGE, "committees.title", "committees", ":material/groups:", False),
)
# (script, title message id, url path, icon, the Actor property that lists the page)
RESTRICTED = (
    (context.AUDIT_PAGE, "audit.title", "audit", ":material/history:", "can_audit"),
    (context.ADMIN_PAGE, "admin.title", "admin", ":material/manage_accounts:", "can_manage_users"),
)


def frame() -> StreamlitPage:
    """Draw the shared frame and return the page to run (dashboard.py runs it)."""
    _leave_folder_mode()
    lang = language()
    st.set_page_config(page_title=t("app.title"), layout="wide")
    st.html(direction_css(lang))
    context.begin_run()
    pages = [
        st.Page(script, title=t(title), url_path=path, icon=icon, default=default)
        for script, title, path, icon, default in PAGES
    ]
    # A measure's own page, hidden from the menu and reached by links: /measure?id=N.
    measure_page = st.Page(
        context.MEASURE_PAGE,
        title=t("term.measure"),
        url_path=context.MEASURE_URL_PATH,
        visibility="hidden",
    )
    actor = context.actor()
    # Listed only for those who may use them; a direct link still opens them, and they refuse
    # (a refusal is a message, not a "page not found").
    for script, title, path, icon, right in RESTRICTED:
        shown = "visible" if getattr(actor, right) else "hidden"
        pages.append(st.Page(script, title=t(title), url_path=path, icon=icon, visibility=shown))
    gated = context.login_required() and actor.is_anonymous
    page = st.navigation([*pages, measure_page], position="hidden" if gated else "sidebar")
    # A page's Material icon would become the favicon, fetched from Google's font servers;
    # a local file keeps the app working on closed networks.
    st.set_page_config(page_icon=FAVICON)
    _region, unknown = region_filter()
    # Where signing in or out returns to: this page with its language and region.
    context.set_path(account.page_path(page))
    account.gate()
    account.sidebar_box()
    # /measures?id=N is the contract's address of a measure: hand it to the measure page.
    if page.url_path == "measures" and context.url_values("id"):
        st.switch_page(measure_page, query_params=st.query_params.to_dict())
    unknown_region_warning(unknown)
    widgets.flash()
    context.enter_page()
    return page


def _leave_folder_mode() -> None:
    """Leave Streamlit's old `pages/` folder mode on a session's first run.

    Streamlit 1.67 keeps that mode until some run of the process has called st.navigation:
    the first request after a start runs pages/x.py alone (or this frame as a folder page),
    under widget identities that change on the next run, so the user's first click would be
    lost. A new session has nothing to lose: leave the mode (what st.navigation itself does)
    and run again.
    """
    if PagesManager.uses_pages_directory and not st.session_state.to_dict():
        PagesManager.uses_pages_directory = False
        st.rerun()


def ensure_frame() -> None:
    """Every page's first call: make sure the frame was drawn before the page.

    Only folder mode (see _leave_folder_mode) runs a page without dashboard.py. In a new
    session that run is started again properly; otherwise (every AppTest run after
    switch_page) the frame is drawn here, so the run, widget input included, stays complete.
    """
    if context.frame_ran():
        return
    _leave_folder_mode()
    PagesManager.uses_pages_directory = False
    frame()
    context.frame_ran()


def language() -> str:
    """Resolve the language (URL, else browser, else French) and draw the switch."""
    context.seed_from_url(LANG_KEY, "lang", i18n.LANGUAGES)
    context.hold(LANG_KEY, i18n.LANGUAGES, i18n.resolve_language(None, st.context.locale))
    context.set_language(st.session_state[LANG_KEY])
    names = {code: i18n.translate(code, f"lang.{code}") for code in i18n.LANGUAGES}
    lang = st.sidebar.selectbox(
        t("term.language"), i18n.LANGUAGES, format_func=widgets.names_of(names), key=LANG_KEY
    )
    context.set_language(lang)
    context.write_to_url(LANG_KEY, "lang", lang)
    return lang


def region_filter() -> tuple[str | None, list[str]]:
    """Draw the region filter; return the region (None = all) and unknown codes from the URL."""
    regions = data.regions()
    pilot = regions["is_pilot"].astype(bool)
    codes = [ALL, *regions[pilot]["code"], *regions[~pilot]["code"]]
    names = dict(
        zip(regions["code"], widgets.with_region_name(regions)["region_name"], strict=True)
    )
    pilot_codes = set(regions[pilot]["code"])
    unknown = context.seed_from_url(REGION_KEY, "region", codes[1:])
    context.hold(REGION_KEY, codes, ALL)
    shown = {ALL: t("term.all_regions")} | {
        code: t("sidebar.pilot_region", name=names[code]) if code in pilot_codes else names[code]
        for code in codes[1:]
    }
    chosen = st.sidebar.selectbox(
        t("term.region"), codes, format_func=widgets.names_of(shown), key=REGION_KEY
    )
    context.write_to_url(REGION_KEY, "region", chosen, default=ALL)
    region = chosen or None
    context.set_region(region)
    return region, unknown


def unknown_region_warning(unknown: list[str]) -> None:
    """Tell the user that the region asked for in the URL does not exist."""
    for code in unknown[:1]:
        st.warning(t("error.unknown_region", code=widgets.safe_code(code)))
