"""Streamlit-side pieces shared by the pages: the frame, forms, tables and cached reads."""
