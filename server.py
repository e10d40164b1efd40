"""Marsad's ASGI entry: Streamlit (dashboard.py) plus the sign-in routes; `make run` serves it.

MARSAD_ENV=development shows full error details and the developer toolbar (local debugging);
otherwise .streamlit/config.toml keeps both hidden.
"""

from contextlib import asynccontextmanager

import streamlit as st

from services import settings
from services.db import dispose_engines
from ui.navigation import leave_folder_mode
from web.routes import routes

leave_folder_mode()

if settings.development():
    st.set_option("client.showErrorDetails", "full")
    st.set_option("client.toolbarMode", "developer")


@asynccontextmanager
async def lifespan(_app):
    """Close the database connections of this process when the server stops."""
    yield
    dispose_engines()


app = st.App("dashboard.py", routes=routes(), lifespan=lifespan)
