"""Method and glossary: how the figures are computed, what each provenance means, the words."""

import pandas as pd
import streamlit as st

from ui import frame, widgets
from ui.context import t

PROVENANCES = {
    "article": "methodology.provenance.article",
    "public": "methodology.provenance.public",
    "illustrative": "methodology.provenance.illustrative",
    "recorded": "methodology.provenance.recorded",
}
GLOSSARY = (
    ("glossary.pdr.term", "glossary.pdr.meaning"),
    ("glossary.pac.term", "glossary.pac.meaning"),
    ("glossary.snia.term", "glossary.snia.meaning"),
    ("glossary.snmre.term", "glossary.snmre.meaning"),
    ("glossary.gcm.term", "glossary.gcm.meaning"),
    ("glossary.sdg.term", "glossary.sdg.meaning"),
    ("glossary.mre.term", "glossary.mre.meaning"),
    ("glossary.depomi.term", "glossary.depomi.meaning"),
    ("glossary.committee.term", "glossary.committee.meaning"),
    ("glossary.levels.term", "glossary.levels.meaning"),
)

frame.ensure()

st.title(t("methodology.title"), anchor=False)
st.caption(t("methodology.intro"))

st.subheader(t("methodology.health_title"), anchor=False)
st.text(t("methodology.health_text", gap=widgets.at_risk_gap()))
st.subheader(t("methodology.progress_title"), anchor=False)
st.text(t("methodology.progress_text"))
st.subheader(t("methodology.expected_title"), anchor=False)
st.text(t("methodology.expected_text"))
st.subheader(t("methodology.budget_title"), anchor=False)
st.text(t("methodology.budget_text"))
st.subheader(t("methodology.scorecard_title"), anchor=False)
st.text(t("methodology.scorecard_text"))

st.subheader(t("methodology.provenance_title"), anchor=False)
st.text(t("methodology.provenance_text"))
for provenance, meaning in PROVENANCES.items():
    widgets.provenance_badge(provenance)
    st.text(t(meaning))

st.subheader(t("methodology.languages_title"), anchor=False)
st.text(t("methodology.languages_text"))

st.subheader(t("methodology.glossary_title"), anchor=False)
glossary = pd.DataFrame(
    {
        t("methodology.column.term"): [t(term) for term, _ in GLOSSARY],
        t("methodology.column.meaning"): [t(meaning) for _, meaning in GLOSSARY],
    }
)
st.table(glossary, hide_index=True)
