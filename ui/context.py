"""Per-run context for pages: engine, today, acting user, language, region and URL state."""

import os
from datetime import date

import streamlit as st
from sqlalchemy.engine import Engine

from services.actors import DEMO_EDITOR, Actor
from services.db import data_revision, database_url, make_engine
from ui import i18n

# Test and demo knob: an ISO date that pins "today" so derived schedule health is stable.
TODAY_ENV = "MARSAD_TODAY"

# Session-state keys owned by the frame (ui.sidebar.frame); pages read them through here.
LANG_KEY = "ctx.lang"
REGION_KEY = "ctx.region"
REVISION_KEY = "ctx.revision"
FLASH_KEY = "ctx.flash"
FRAME_KEY = "ctx.frame"

# Page scripts, so links and switches name them in one place.
OVERVIEW_PAGE = "pages/overview.py"
MEASURES_PAGE = "pages/measures.py"
MEASURE_PAGE = "pages/measure.py"
STRATEGIES_PAGE = "pages/strategies.py"
COMMITTEES_PAGE = "pages/committees.py"
MEASURE_URL_PATH = "measure"


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    return make_engine(url)


def db_url() -> str:
    """The database URL this process serves."""
    return database_url()


def engine() -> Engine:
    """The process-wide engine for the configured database."""
    return _engine(db_url())


def engine_for(url: str) -> Engine:
    """The process-wide engine for a given URL (cached reads receive the URL as a key)."""
    return _engine(url)


def today() -> date:
    """Today's date, or the date pinned by MARSAD_TODAY."""
    pinned = os.environ.get(TODAY_ENV, "").strip()
    if pinned:
        try:
            return date.fromisoformat(pinned)
        except ValueError:
            pass
    return date.today()


def actor() -> Actor:
    """The user acting in this session. Accounts will replace the demo editor here only."""
    return DEMO_EDITOR


def begin_run() -> int:
    """Read the data revision once per run; cached reads key on it."""
    revision = data_revision(engine())
    st.session_state[REVISION_KEY] = revision
    return revision


def revision() -> int:
    """The data revision read at the start of this run."""
    if REVISION_KEY not in st.session_state:
        return begin_run()
    return st.session_state[REVISION_KEY]


def enter_page() -> None:
    """Called by the frame right before the page runs: the page may trust the context."""
    st.session_state[FRAME_KEY] = True


def frame_ran() -> bool:
    """Whether the frame ran before this page in this run (asked once, by the page)."""
    return bool(st.session_state.pop(FRAME_KEY, False))


def set_language(lang: str) -> None:
    """Record the language resolved by the frame for this run."""
    st.session_state[LANG_KEY] = lang


def lang() -> str:
    """The current language code."""
    return st.session_state.get(LANG_KEY, i18n.DEFAULT_LANGUAGE)


def t(msgid: str, **params) -> str:
    """The message `msgid` in the current language."""
    return i18n.translate(lang(), msgid, **params)


def label(codelist: str, value) -> str:
    """A code list value's label in the current language."""
    if value is None:
        return "—"
    return i18n.label(lang(), codelist, value)


def set_region(code: str | None) -> None:
    """Record the region filter chosen in the sidebar (None = all regions)."""
    st.session_state[REGION_KEY] = code


def region() -> str | None:
    """The region filter of this run (None = all regions)."""
    return st.session_state.get(REGION_KEY)


def flash(msgid: str, **params) -> None:
    """Keep a confirmation to show after the next rerun."""
    st.session_state[FLASH_KEY] = (msgid, params)


def pop_flash() -> tuple[str, dict] | None:
    """The pending confirmation, removed from the session."""
    return st.session_state.pop(FLASH_KEY, None)


def url_values(param: str) -> list[str]:
    """Every value of a query parameter."""
    return list(st.query_params.get_all(param))


def seed_from_url(key: str, param: str, valid, *, multi: bool = False) -> list[str]:
    """Before a widget is drawn, take its value from ?param= when the URL brings a new one.

    Widgets keep their own state across reruns and pages; the URL wins only when it carries a
    value that differs from the one this session last wrote (a shared link, a page link, the
    browser's back button). Returns the URL values that are not valid options.
    """
    raw = url_values(param)
    if not raw:
        return []
    known = [v for v in raw if v in valid]
    unknown = [v for v in raw if v not in valid]
    written = st.session_state.get(f"{key}.url")
    wanted = known if multi else (known[-1] if known else None)
    if known and (wanted != written or key not in st.session_state):
        st.session_state[key] = wanted
        st.session_state[f"{key}.url"] = wanted
    return unknown


def hold(key: str, valid, default) -> None:
    """Give a frame widget its current value explicitly before it is drawn.

    The frame's widget identities change when Streamlit switches from its folder mode to
    st.navigation (see ui.sidebar.ensure_frame); stating the value each run keeps the choice
    instead of falling back to the default.
    """
    value = st.session_state.get(key, default)
    st.session_state[key] = value if value in valid else default


def write_to_url(key: str, param: str, value, default=None) -> None:
    """Mirror a widget's value into ?param= (removed when it is the default)."""
    st.session_state[f"{key}.url"] = value
    values = [] if value in (None, default, [], ()) else value
    values = [values] if isinstance(values, str) else [str(v) for v in values]
    if url_values(param) == values:
        return
    if values:
        st.query_params[param] = values if len(values) > 1 else values[0]
    elif param in st.query_params:
        del st.query_params[param]


def measure_link(measure_id: int) -> str:
    """A shareable relative link to a measure's page, carrying region and language."""
    parts = [f"id={int(measure_id)}"]
    if region():
        parts.append(f"region={region()}")
    parts.append(f"lang={lang()}")
    return f"{MEASURE_URL_PATH}?{'&'.join(parts)}"
