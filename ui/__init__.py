"""Streamlit-side helpers shared by the pages: strings, formatting, charts, layout."""
