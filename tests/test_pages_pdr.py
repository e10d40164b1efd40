"""The PDR pages: the regional scorecard and the alignment coverage, against the database."""

import sqlite3
from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import Session

from i18n.catalog import CODE_LISTS, translate
from models import Committee, Decision, Meeting
from services import scorecard
from services.committee_writes import set_decision_status
from services.db import read_session
from tests.helpers import EDITOR_09, TODAY
from tests.pages_helpers import no_exception, open_page

pytestmark = pytest.mark.usefixtures("app_env")


def rows_of(seeded_url: str, sql: str) -> list[tuple]:
    with sqlite3.connect(seeded_url.removeprefix("sqlite:///")) as db:
        return db.execute(sql).fetchall()


def late_decisions(seeded_url: str) -> dict[str, int]:
    """Per region, decisions done after their due date or still open past it, counted here."""
    found: dict[str, int] = {}
    decisions = rows_of(
        seeded_url,
        "SELECT c.region_code, d.status, d.due_on, d.closed_on FROM decision d"
        " JOIN meeting m ON m.id = d.meeting_id JOIN committee c ON c.id = m.committee_id"
        " WHERE d.withdrawn_at IS NULL AND d.due_on IS NOT NULL",
    )
    for region, status, due_on, closed_on in decisions:
        due, closed = date.fromisoformat(due_on), closed_on and date.fromisoformat(closed_on)
        late = (status == "done" and closed > due) or (status == "open" and due < TODAY)
        found[region] = found.get(region, 0) + late
    return found


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_scorecard_lists_the_twelve_regions_pilots_marked(lang, seeded_url):
    at = open_page("scorecard", lang=lang)
    no_exception(at)
    table = at.dataframe[0].value
    names = dict(rows_of(seeded_url, f"SELECT code, name_{lang} FROM region ORDER BY code"))
    assert list(table["region"]) == list(names.values()) and len(table) == 12
    pilots = {names[code] for code in ("02", "05", "09")}
    assert set(table.loc[table["pilot"], "region"]) == pilots
    without = table[~table["region"].isin(pilots)]
    assert set(without["data"]) == {translate(lang, "scorecard.no_data")}
    assert without["measures"].isna().all() and without["progress"].isna().all()
    late = late_decisions(seeded_url)
    shown = dict(zip(table["region"], table["decisions_late"], strict=True))
    assert {code: shown[names[code]] for code in late} == late
    assert (table.loc[table["pilot"], "expected"] > table.loc[table["pilot"], "progress"]).all()


def open_decision_of_09(engine) -> Decision:
    with Session(engine) as session:
        return (
            session.execute(
                select(Decision)
                .join(Meeting, Meeting.id == Decision.meeting_id)
                .join(Committee, Committee.id == Meeting.committee_id)
                .where(Committee.region_code == "09", Decision.status == "open")
                .where(Decision.due_on > TODAY)
                .order_by(Decision.due_on)
            )
            .scalars()
            .first()
        )


def decisions_of_09(engine, today: date) -> tuple[int, int]:
    with read_session(engine) as session:
        found = scorecard.scorecard(session, today).set_index("region_code").loc["09"]
    return int(found["decisions_on_time"]), int(found["decisions_late"])


def test_a_decision_closed_after_its_due_date_counts_as_late(engine, monkeypatch):
    decision = open_decision_of_09(engine)  # due after today: not counted yet
    on_time, late = decisions_of_09(engine, TODAY)
    after_due = date.fromordinal(decision.due_on.toordinal() + 3)
    monkeypatch.setenv("MARSAD_TODAY", after_due.isoformat())
    set_decision_status(
        engine, actor=EDITOR_09, decision_id=decision.id, expected_version=1, status="done"
    )
    assert decisions_of_09(engine, TODAY) == (on_time, late + 1)


def test_a_decision_closed_by_its_due_date_counts_on_time(engine, monkeypatch):
    decision = open_decision_of_09(engine)
    on_time, late = decisions_of_09(engine, TODAY)
    monkeypatch.setenv("MARSAD_TODAY", decision.due_on.isoformat())
    set_decision_status(
        engine, actor=EDITOR_09, decision_id=decision.id, expected_version=1, status="done"
    )
    assert decisions_of_09(engine, TODAY) == (on_time + 1, late)


def tagged_counts(seeded_url: str, scheme: str) -> dict[tuple[str, str], int]:
    """Measures neither withdrawn nor cancelled per (region, code) of a scheme, counted here."""
    found = rows_of(
        seeded_url,
        "SELECT m.region_code, t.code, count(*) FROM measuretag t"
        " JOIN measure m ON m.id = t.measure_id"
        f" WHERE t.scheme = '{scheme}' AND m.withdrawn_at IS NULL AND m.region_code IS NOT NULL"
        " AND m.status <> 'cancelled'"
        " GROUP BY m.region_code, t.code",
    )
    return {(region, code): n for region, code, n in found}


def test_every_coverage_cell_counts_what_the_database_holds(seeded_url):
    at = open_page("coverage")
    no_exception(at)
    for scheme in ("gcm", "snia", "snmre", "sdg"):
        at.radio(key="coverage.scheme").set_value(scheme).run()
        no_exception(at)
        table = at.dataframe[0].value
        codes = list(CODE_LISTS[scheme])
        shown = {
            (region, codes[int(column[1:])]): int(n)
            for region, row in table.drop(columns="region").iterrows()
            for column, n in row.items()
        }
        direct = tagged_counts(seeded_url, scheme)
        assert {cell: n for cell, n in shown.items() if n} == direct and direct
        assert len(shown) == 12 * len(codes)  # every region, every code, 0 included


def test_a_coverage_cell_opens_the_list_of_its_measures(seeded_url):
    at = open_page("coverage", lang="fr")
    table = at.dataframe[0].value
    column = f"c{list(CODE_LISTS['gcm']).index('15')}"
    row = list(table.index).index("09")
    at.session_state["coverage.gcm.measures"] = {
        "selection": {"rows": [], "columns": [], "cells": [[row, column]]}
    }
    at.run()
    no_exception(at)
    assert at.query_params["region"] == "09" and at.query_params["tag"] == "gcm:15"
    assert at.selectbox(key="measures.tag").value == "gcm:15"
    listed = at.dataframe[0].value
    assert len(listed) == tagged_counts(seeded_url, "gcm")["09", "15"] == table.loc["09", column]


def test_an_address_from_before_alignment_tags_still_opens_its_gcm_objective(seeded_url):
    at = open_page("measures", region="09", gcm="15")
    no_exception(at)
    assert at.selectbox(key="measures.tag").value == "gcm:15"
    assert len(at.dataframe[0].value) == tagged_counts(seeded_url, "gcm")["09", "15"]
