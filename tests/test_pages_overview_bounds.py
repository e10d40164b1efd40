"""The overview's bounded lists (timeline, gravest measures) and their links to every measure."""

from urllib.parse import parse_qs

import pytest
import streamlit as st

from i18n.catalog import translate
from services import overview
from services.db import read_session
from services.filters import MeasureFilter
from services.measures import list_measures
from tests.helpers import TODAY
from tests.pages_helpers import no_exception, open_page

pytestmark = pytest.mark.usefixtures("app_env")
GRAVE = [h.value for h in overview.GRAVE]


def fr(msgid: str, **params) -> str:
    return translate("fr", msgid, **params)


def links(at) -> dict[str, dict]:
    """The main area's page links: label -> query parameters."""
    return {e.proto.label: parse_qs(e.proto.query_string) for e in at.main.get("page_link")}


def test_the_timeline_draws_its_first_measures_and_links_to_all(engine):
    with read_session(engine) as session:
        total = overview.headline(session, MeasureFilter(), TODAY).total
    assert total > overview.TIMELINE_LIMIT  # the demo holds a few more than the timeline draws
    at = open_page("overview")
    no_exception(at)
    label = fr("overview.timeline_all", shown=str(overview.TIMELINE_LIMIT), measures=str(total))
    assert links(at)[label] == {"lang": ["fr"]}
    region = open_page("overview", region="09")
    assert not [text for text in links(region) if "premières mesures" in text]


def test_the_gravest_measures_link_to_every_late_one(engine, monkeypatch):
    monkeypatch.setattr(overview, "AT_RISK_LIMIT", 3)
    st.cache_data.clear()  # the limit is no part of the cached overview's key
    flt = MeasureFilter(region="09", health=tuple(GRAVE))
    with read_session(engine) as session:
        grave = list_measures(session, flt, TODAY, page_size=100)
    assert grave.total > 3
    at = open_page("overview", region="09")
    no_exception(at)
    label = fr("overview.at_risk_all", shown="3", measures=str(grave.total))
    assert links(at)[label] == {"lang": ["fr"], "region": ["09"], "health": GRAVE}

    listed = open_page("measures", region="09", health=GRAVE)
    no_exception(listed)
    assert listed.multiselect(key="measures.health").value == GRAVE
    rows = next(d.value for d in listed.dataframe if "code" in d.value)
    assert 0 < len(rows) <= grave.total and set(rows["code"]) <= set(grave.rows["code"])
