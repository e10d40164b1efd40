"""Who is acting: the session cookie (else a single sign-on identity) resolved to an account.

Only `session_token()` reads the session cookie: AppTest cannot send cookies, so page tests
replace that one function (tests/pages_helpers.sign_in_as). Cookies count only when the browser
tab driving this session belongs to this site (`channel_is_ours()`).
"""

import logging

import streamlit as st

from security.browser import CSRF_COOKIE, SESSION_COOKIE, origin_allowed
from services import auth, settings, sso
from services.actors import ANONYMOUS, Actor
from services.db import engine, read_session

REFUSED_KEY = "identity.refused_cookie"
SSO_LOGGED_KEY = "identity.sso_logged"
logger = logging.getLogger("marsad.security")


def _header(name: str) -> str | None:
    value = st.context.headers.get(name)
    return value if isinstance(value, str) else None


def channel_is_ours() -> bool:
    """Whether the page that opened this websocket is of this site (its Origin names our Host).

    Browsers attach this site's cookies to a websocket opened by any page of the same host on
    another port, and Streamlit accepts such handshakes: without this check, that page would act
    as whoever is signed in. A client that sends no Origin is not a browser page, and holds only
    the cookies it was given.
    """
    return origin_allowed(_header("host"), _header("origin"), settings.allowed_origins())


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


def sso_enabled() -> bool:
    """Whether single sign-on is configured ([auth] in .streamlit/secrets.toml)."""
    try:
        return bool(st.secrets.get("auth"))
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return False


def sso_identity_signed_in() -> bool:
    """Whether the browser holds a single sign-on identity (mapped to an account or not)."""
    return sso_enabled() and st.user.get("is_logged_in") is True


def _sso_actor() -> Actor | None:
    """The account a signed-in single sign-on identity maps to (logged once per session)."""
    if not sso_identity_signed_in():
        return None
    claims = st.user.to_dict()
    email = sso.verified_email(claims)
    if st.session_state.get(SSO_LOGGED_KEY) != claims.get("email"):
        st.session_state[SSO_LOGGED_KEY] = claims.get("email")
        sso.record_sign_in(engine(), claims.get("email"), verified=email is not None)
    if email is None:
        return None
    with read_session(engine()) as session:
        return sso.actor_for_email(session, email)


def resolve_actor() -> tuple[Actor, bool]:
    """The user acting now, read afresh from the session, and whether they came by sign-on."""
    if not channel_is_ours():
        if st.session_state.get(REFUSED_KEY) != "origin":
            st.session_state[REFUSED_KEY] = "origin"
            logger.warning(
                "cookies ignored: page from %r on host %r", _header("origin"), _header("host")
            )
        return ANONYMOUS, False
    token = session_token()
    found = auth.resolve_session(engine(), token)
    if token and found is None and st.session_state.get(REFUSED_KEY) != auth.token_hash(token):
        # Expired, revoked, forged or of a deactivated account: logged once per browser session
        # (services.auth also logs expiry and deactivation in the sign-in log).
        st.session_state[REFUSED_KEY] = auth.token_hash(token)
        logger.warning("refused session cookie %s…", auth.token_hash(token)[:12])
    if found is not None:
        return found, False
    found = _sso_actor()
    return (found, True) if found is not None else (ANONYMOUS, False)
