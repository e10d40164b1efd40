"""Per-run context for pages: engine, today, acting user, language, region and URL state.

The acting user is resolved on every run from the browser's `marsad_session` cookie
(services.auth.resolve_session), else from a single sign-on identity mapped to an account, else
ANONYMOUS. Only `session_token()` reads the cookie: AppTest cannot send cookies, so page tests
replace that one function (tests/pages_helpers.sign_in_as).
"""

import logging
import os
from datetime import date

import streamlit as st
from sqlalchemy.engine import Engine

from services import auth, sso
from services.actors import ANONYMOUS, Actor
from services.db import data_revision, database_url, make_engine, read_session
from ui import i18n
from web.security import CSRF_COOKIE, SESSION_COOKIE

# Test and demo knob: an ISO date that pins "today" so derived schedule health is stable.
TODAY_ENV = "MARSAD_TODAY"
# "1" makes every page ask for sign-in; otherwise anyone may read (a public, read-only view).
REQUIRE_LOGIN_ENV = "MARSAD_REQUIRE_LOGIN"

# Session-state keys owned by the frame (ui.sidebar.frame); pages read them through here.
LANG_KEY = "ctx.lang"
REGION_KEY = "ctx.region"
REVISION_KEY = "ctx.revision"
FLASH_KEY = "ctx.flash"
FRAME_KEY = "ctx.frame"
ACTOR_KEY = "ctx.actor"
VIA_SSO_KEY = "ctx.via_sso"
SSO_LOGGED_KEY = "ctx.sso_logged"
PATH_KEY = "ctx.path"
REFUSED_KEY = "ctx.refused_cookie"
logger = logging.getLogger("marsad.security")

# Page scripts, so links and switches name them in one place.
OVERVIEW_PAGE = "pages/overview.py"
MEASURES_PAGE = "pages/measures.py"
MEASURE_PAGE = "pages/measure.py"
STRATEGIES_PAGE = "pages/strategies.py"
COMMITTEES_PAGE = "pages/committees.py"
ADMIN_PAGE = "pages/admin.py"
AUDIT_PAGE = "pages/audit.py"
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


def _cookie(name: str) -> str | None:
    # Only text counts (AppTest's stand-in client answers anything with a mock object).
    value = st.context.cookies.get(name)
    return value if isinstance(value, str) else None


def session_token() -> str | None:
    """The session cookie this browser sent (the one place that reads it)."""
    return _cookie(SESSION_COOKIE)


def csrf_token() -> str:
    """The CSRF cookie this browser sent, echoed by the sign-out form."""
    return _cookie(CSRF_COOKIE) or ""


def login_required() -> bool:
    """Whether every page asks for sign-in (MARSAD_REQUIRE_LOGIN=1)."""
    return os.environ.get(REQUIRE_LOGIN_ENV, "").strip() == "1"


def sso_enabled() -> bool:
    """Whether single sign-on is configured ([auth] in .streamlit/secrets.toml)."""
    try:
        return bool(st.secrets.get("auth"))
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return False


def _sso_actor() -> Actor | None:
    """The account a signed-in single sign-on identity maps to (logged once per session)."""
    if not sso_enabled() or st.user.get("is_logged_in") is not True:
        return None
    email = st.user.get("email")
    if st.session_state.get(SSO_LOGGED_KEY) != email:
        st.session_state[SSO_LOGGED_KEY] = email
        sso.record_sign_in(engine(), email)
    with read_session(engine()) as session:
        return sso.actor_for_email(session, email)


def _resolve_actor() -> Actor:
    token = session_token()
    found = auth.resolve_session(engine(), token)
    if token and found is None and st.session_state.get(REFUSED_KEY) != auth.token_hash(token):
        # Expired, revoked, forged or of a deactivated account: logged once per browser session
        # (services.auth also logs expiry and deactivation in the sign-in log).
        st.session_state[REFUSED_KEY] = auth.token_hash(token)
        logger.warning("refused session cookie %s…", auth.token_hash(token)[:12])
    via_sso = False
    if found is None:
        found = _sso_actor()
        via_sso = found is not None
    st.session_state[VIA_SSO_KEY] = via_sso
    return found or ANONYMOUS


def actor() -> Actor:
    """The user acting in this run: resolved afresh each run, ANONYMOUS when nobody signed in."""
    if ACTOR_KEY not in st.session_state:
        st.session_state[ACTOR_KEY] = _resolve_actor()
    return st.session_state[ACTOR_KEY]


def signed_in_via_sso() -> bool:
    """Whether this run's user came from single sign-on (signed out with st.logout)."""
    return bool(st.session_state.get(VIA_SSO_KEY))


def begin_run() -> int:
    """Read the data revision and the acting user once per run; cached reads key on the first."""
    revision = data_revision(engine())
    st.session_state[REVISION_KEY] = revision
    st.session_state[ACTOR_KEY] = _resolve_actor()
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


def set_path(path: str) -> None:
    """Record the address of this run's page (where signing in or out returns to)."""
    st.session_state[PATH_KEY] = path


def path() -> str:
    """The address of this run's page, with its query string."""
    return st.session_state.get(PATH_KEY, "/")


def measure_link(measure_id: int) -> str:
    """A shareable relative link to a measure's page, carrying region and language."""
    parts = [f"id={int(measure_id)}"]
    if region():
        parts.append(f"region={region()}")
    parts.append(f"lang={lang()}")
    return f"{MEASURE_URL_PATH}?{'&'.join(parts)}"
