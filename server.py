"""Marsad's ASGI entry: Streamlit (dashboard.py) plus the sign-in routes; `make run` serves it.

MARSAD_ENV=development shows full error details and the developer toolbar (local debugging);
otherwise .streamlit/config.toml keeps both hidden.
"""

import os

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from web.routes import routes

# dashboard.py routes with st.navigation over pages/. Streamlit otherwise starts in its legacy
# "pages/ folder" mode until the first st.navigation call, so the first visitor after a start
# would get a bare folder page (checked on 1.67).
PagesManager.uses_pages_directory = False

if os.environ.get("MARSAD_ENV") == "development":
    st.set_option("client.showErrorDetails", "full")
    st.set_option("client.toolbarMode", "developer")

app = st.App("dashboard.py", routes=routes())
