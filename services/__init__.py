"""Queries, aggregations and writes; no Streamlit here."""
