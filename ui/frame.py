"""The frame every page shares: language, styles, navigation, region filter and signed-in user.

dashboard.py draws it and runs the page it returns; each page first calls `ensure()`.
"""

from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from i18n import catalog
from security.browser import SIGNED_OUT
from services import settings
from ui import account, context, data, navigation, url_state, widgets
from ui.context import LANG_KEY, LANG_PARAM, REGION_KEY, REGION_PARAM, t
from ui.styles import direction_css, document_language

LAST_PAGE_KEY = "frame.last_page"  # the page of the session's previous run
FAVICON = str(Path(__file__).resolve().parent / "assets" / "favicon.png")
ALL = ""


def draw() -> StreamlitPage:
    """Draw the shared frame and return the page to run (dashboard.py runs it)."""
    if navigation.in_folder_mode() and not st.session_state.to_dict():
        # A new session that started in folder mode has nothing to lose: run it again properly.
        navigation.leave_folder_mode()
        st.rerun()
    # The menu comes first in the sidebar, but its links need the language and region below.
    menu = st.sidebar.container()
    lang = language()
    # The local favicon first: a page's Material icon would otherwise become the tab's icon for
    # a moment, fetched from Google's font servers (blocked by the policy, and by closed networks).
    st.set_page_config(page_title=t("app.title"), layout="wide", page_icon=FAVICON)
    st.html(direction_css(lang))
    st.html(document_language(lang), unsafe_allow_javascript=True)
    actor = context.current().actor
    pages = [
        st.Page(script, title=t(title), url_path=path, icon=icon, default=default)
        for script, title, path, icon, default in navigation.MENU
    ]
    # Listed only for those who may use them; a direct link still opens them, and they refuse
    # (a refusal is a message, not a "page not found").
    for script, title, path, icon, right in navigation.RESTRICTED:
        shown = "visible" if getattr(actor, right) else "hidden"
        pages.append(st.Page(script, title=t(title), url_path=path, icon=icon, visibility=shown))
    # A measure's own page, hidden from the menu and reached by links: /measure?id=N.
    measure_page = st.Page(
        navigation.MEASURE_PAGE,
        title=t("term.measure"),
        url_path=navigation.MEASURE_URL_PATH,
        visibility="hidden",
    )
    # An indicator's page likewise: /indicator?id=N.
    indicator_page = st.Page(
        navigation.INDICATOR_PAGE,
        title=t("term.indicator"),
        url_path=navigation.INDICATOR_URL_PATH,
        visibility="hidden",
    )
    gated = settings.login_required() and actor.is_anonymous
    page = st.navigation([*pages, measure_page, indicator_page], position="hidden")
    region, unknown = region_filter()
    # Where signing in or out returns to: this page with its language and region.
    context.settle(region=region, path=navigation.page_path(page))
    if not gated:
        draw_menu(menu, [p for p in pages if p.visibility != "hidden"])
    account.gate()
    account.sidebar_box()
    # /measures?id=N is the contract's address of a measure: hand it to the measure page. Opening
    # a measure from the list passes through that address too; coming Back from the measure
    # to it means the list.
    came_back = st.session_state.get(LAST_PAGE_KEY) == navigation.MEASURE_URL_PATH
    st.session_state[LAST_PAGE_KEY] = page.url_path
    if page.url_path == "measures" and url_state.url_values("id"):
        if came_back:
            del st.query_params["id"]
        else:
            st.switch_page(measure_page, query_params=st.query_params.to_dict())
    unknown_region_warning(unknown)
    confirm_sign_out(actor)
    widgets.flash()
    context.enter_page()
    return page


def draw_menu(slot, pages: list[StreamlitPage]) -> None:
    """The sidebar's menu: links that carry the language and region, even into a new tab."""
    query = context.current().query()
    with slot.container(key="frame.menu"):
        for item in pages:
            st.page_link(
                item, label=item.title, icon=item.icon, query_params=query, width="stretch"
            )
        st.divider()


def confirm_sign_out(actor) -> None:
    """After signing out (the sign-out route marks the address): say so, once."""
    if SIGNED_OUT in st.query_params:
        del st.query_params[SIGNED_OUT]
        # A shared link with the mark says nothing to someone still signed in.
        if actor.is_anonymous:
            context.flash("auth.signed_out_done")


def ensure() -> None:
    """Every page's first call: make sure the frame was drawn before the page.

    Only folder mode (see ui.navigation.leave_folder_mode) runs a page without dashboard.py,
    which AppTest does after every switch_page: the frame is drawn here, so the run, widget
    input included, stays complete.
    """
    if context.frame_ran():
        return
    navigation.leave_folder_mode()
    draw()
    context.frame_ran()


def language() -> str:
    """Resolve the language (URL, else browser, else French), draw the switch, begin the run."""
    url_state.seed_from_url(LANG_KEY, LANG_PARAM, catalog.LANGUAGES)
    browser = catalog.resolve_language(None, st.context.locale)
    url_state.hold(LANG_KEY, catalog.LANGUAGES, browser)
    context.start(st.session_state[LANG_KEY])
    names = {code: catalog.translate(code, f"lang.{code}") for code in catalog.LANGUAGES}
    lang = st.sidebar.selectbox(
        t("term.language"), catalog.LANGUAGES, format_func=widgets.names_of(names), key=LANG_KEY
    )
    url_state.write_to_url(LANG_KEY, LANG_PARAM, lang)
    return lang


def region_filter() -> tuple[str | None, list[str]]:
    """Draw the region filter; return the region (None = all) and unknown codes from the URL."""
    regions = data.regions()
    pilot = regions["is_pilot"].astype(bool)
    codes = [ALL, *regions[pilot]["code"], *regions[~pilot]["code"]]
    names = widgets.region_name_map()
    pilot_codes = set(regions[pilot]["code"])
    unknown = url_state.seed_from_url(REGION_KEY, REGION_PARAM, codes[1:])
    url_state.hold(REGION_KEY, codes, ALL)
    shown = {ALL: t("term.all_regions")} | {
        code: t("sidebar.pilot_region", name=names[code]) if code in pilot_codes else names[code]
        for code in codes[1:]
    }
    chosen = st.sidebar.selectbox(
        t("term.region"), codes, format_func=widgets.names_of(shown), key=REGION_KEY
    )
    url_state.write_to_url(REGION_KEY, REGION_PARAM, chosen, default=ALL)
    return chosen or None, unknown


def unknown_region_warning(unknown: list[str]) -> None:
    """Tell the user that the region asked for in the URL does not exist."""
    for code in unknown[:1]:
        st.warning(t("error.unknown_region", code=widgets.safe_code(code)))
