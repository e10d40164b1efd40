"""Plotly figure builders: pure functions of a DataFrame and a language, without Streamlit."""
