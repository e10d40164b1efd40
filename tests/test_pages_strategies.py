"""The strategies page under AppTest: the strategies side by side, one shown in full, and each
axis listing its first measures with a link to all of them in the measures list."""

import html

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from i18n.catalog import translate
from models import Axis, Measure, Strategy
from tests.pages_helpers import no_exception, open_page
from ui import strategy_view

pytestmark = pytest.mark.usefixtures("app_env")


def fr(msgid: str, **params) -> str:
    return translate("fr", msgid, **params)


def measures_per_strategy(engine) -> dict[str, int]:
    """Region code → measures under its strategy's axes, withdrawn ones left out."""
    with Session(engine) as session:
        rows = session.execute(
            select(Strategy.region_code, func.count(Measure.id))
            .join(Axis, Axis.strategy_id == Strategy.id)
            .join(Measure, Measure.axis_id == Axis.id)
            .where(Measure.withdrawn_at.is_(None))
            .group_by(Strategy.region_code)
        ).all()
    return dict(rows)


def test_all_regions_compares_the_strategies_and_shows_the_chosen_one(engine):
    at = open_page("strategies")
    no_exception(at)
    compared = next(d.value for d in at.dataframe if "horizon" in d.value)
    expected = measures_per_strategy(engine)
    assert sorted(compared["measures"]) == sorted(expected.values())
    assert len(compared) == len(expected) == 3
    shown = at.selectbox(key=strategy_view.SHOWN_KEY)
    assert len(shown.options) == 3
    with Session(engine) as session:
        souss = session.scalar(select(Strategy).where(Strategy.region_code == "09"))
        axis_titles = list(
            session.scalars(select(Axis.title_fr).where(Axis.strategy_id == souss.id))
        )
    assert shown.value != souss.id  # the first one, Oriental's, is shown at first
    shown.set_value(souss.id).run()
    no_exception(at)
    assert at.selectbox(key=strategy_view.SHOWN_KEY).value == souss.id
    headings = html.unescape(" ".join(h.proto.body for h in at.get("html")))
    assert souss.title_fr in headings
    assert all(title in headings for title in axis_titles)


def test_a_region_shows_its_one_strategy_without_comparison():
    at = open_page("strategies", region="09")
    no_exception(at)
    assert not any("horizon" in d.value for d in at.dataframe)
    assert not [s for s in at.selectbox if s.key == strategy_view.SHOWN_KEY]


def test_an_axis_lists_its_first_measures_and_links_to_all(engine, monkeypatch):
    monkeypatch.setattr(strategy_view, "AXIS_PREVIEW", 1)
    at = open_page("strategies", region="09")
    no_exception(at)
    tables = [d.value for d in at.dataframe if "code" in d.value]
    assert tables and all(len(table) == 1 for table in tables)
    links = [e.proto for e in at.main.get("page_link")]
    wanted = [link for link in links if "axis=" in link.query_string]
    assert wanted, [link.label for link in links]
    axis_id = int(wanted[0].query_string.split("axis=")[1].split("&")[0])
    with Session(engine) as session:
        count = session.scalar(
            select(func.count()).where(Measure.axis_id == axis_id, Measure.withdrawn_at.is_(None))
        )
    assert wanted[0].label == fr("strategies.axis_all", shown="1", measures=str(count))

    listed = open_page("measures", region="09", axis=str(axis_id))
    no_exception(listed)
    assert listed.selectbox(key="measures.axis").value == axis_id
    rows = next(d.value for d in listed.dataframe if "code" in d.value)
    assert len(rows) == count
