"""Marsad's ASGI entry: Streamlit (dashboard.py) plus the sign-in routes; `make run` serves it.

It refuses to start, with one line on stderr, against a database whose schema is behind this
code (migrations to apply) or at a revision this code does not know. MARSAD_ENV=development
shows full error details and the developer toolbar (local debugging); otherwise
.streamlit/config.toml keeps both hidden.
"""

import sys
from contextlib import asynccontextmanager

import streamlit as st
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from starlette.middleware import Middleware
from streamlit.runtime.app_session import AppSession

from services import settings
from services.db import dispose_engines, schema_state
from services.migrate import BEHIND, CURRENT
from ui.navigation import leave_folder_mode
from web.edges import Edges, only_in_development, trust_only_configured_proxies
from web.routes import routes


def refusal() -> str | None:
    """Why the server must not start against the configured database, in one line; None if fine."""
    url = settings.database_url()
    where = make_url(url).render_as_string(hide_password=True)
    try:
        state = schema_state(url)
    except SQLAlchemyError as error:
        first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
        return f"marsad: cannot read the schema revision of {where}: {first_line}"
    if state == CURRENT:
        return None
    if state == BEHIND:
        return f"marsad: {where} has migrations to apply; run `manage.py migrate`, then start again"
    return (
        f"marsad: {where} is at a schema revision this code does not know (a newer Marsad?); "
        "start the matching version, or restore a backup and migrate it"
    )


reason = refusal()
if reason:
    sys.exit(reason)

leave_folder_mode()
trust_only_configured_proxies()
# Any browser, signed in or not, may send Streamlit's clear-cache message: refused outside
# development, here, the one place it is patched (web.edges.only_in_development says why).
streamlit_clear_cache = AppSession._handle_clear_cache_request
AppSession._handle_clear_cache_request = only_in_development(streamlit_clear_cache)

if settings.development():
    st.set_option("client.showErrorDetails", "full")
    st.set_option("client.toolbarMode", "developer")


@asynccontextmanager
async def lifespan(_app):
    """Close the database connections of this process when the server stops."""
    yield
    dispose_engines()


app = st.App("dashboard.py", routes=routes(), middleware=[Middleware(Edges)], lifespan=lifespan)
