"""Withdrawing a measure or a decision and restoring it: rights, reason, versions, figures."""

import pytest
from sqlalchemy import select
from sqlmodel import Session

from models import ChangeLog, Meeting
from services.committee_writes import set_decision_status
from services.committees import committees, decisions, withdrawn_decisions
from services.db import read_session
from services.errors import NotAllowed, StaleVersion, ValidationFailed
from services.filters import MeasureFilter
from services.measure_writes import MeasureChange, update_measure
from services.measures import list_measures
from services.overview import headline
from services.strategies import axis_measures
from services.territory import axes
from services.withdrawals import (
    restore_decision,
    restore_measure,
    withdraw_decision,
    withdraw_measure,
)
from tests.helpers import (
    ADMIN,
    EDITOR_05,
    EDITOR_09,
    TODAY,
    decision_09,
    dump,
    measure_where,
)


def withdraw(engine, measure, actor=EDITOR_09, reason="Saisie en double"):
    return withdraw_measure(
        engine, actor=actor, measure_id=measure.id, expected_version=measure.version, reason=reason
    )


def codes_listed(engine) -> set[str]:
    with read_session(engine) as session:
        page = list_measures(session, MeasureFilter(region="09"), TODAY, page_size=100)
    return set(page.rows["code"])


def test_a_withdrawn_measure_leaves_every_list_and_figure_and_stays_recorded(db_engine):
    target = measure_where(db_engine, code="SM-02")
    with read_session(db_engine) as session:
        before = headline(session, MeasureFilter(region="09"), TODAY).total
    assert withdraw(db_engine, target) == target.version + 1
    assert "SM-02" not in codes_listed(db_engine)
    with read_session(db_engine) as session:
        assert headline(session, MeasureFilter(region="09"), TODAY).total == before - 1
        on_axes = axis_measures(session, list(axes(session, "09")["id"]), TODAY, limit=100)
    assert len(on_axes) and "SM-02" not in set(on_axes["code"])
    kept = measure_where(db_engine, code="SM-02")
    assert (kept.withdrawn_reason, kept.withdrawn_by) == ("Saisie en double", EDITOR_09.username)
    with Session(db_engine) as session:
        actions = session.scalars(
            select(ChangeLog.action).where(ChangeLog.entity_id == target.id)
        ).all()
    assert "withdrawn" in actions


def test_a_withdrawal_needs_a_reason_rights_and_the_current_version(engine):
    target = measure_where(engine, code="SM-02")
    before = dump(engine)
    with pytest.raises(ValidationFailed):
        withdraw(engine, target, reason="  ")
    with pytest.raises(NotAllowed):
        withdraw(engine, target, actor=EDITOR_05)
    with pytest.raises(StaleVersion):
        withdraw_measure(
            engine,
            actor=EDITOR_09,
            measure_id=target.id,
            expected_version=target.version - 1,
            reason="x",
        )
    assert dump(engine) == before


def test_only_an_admin_restores_and_a_withdrawn_measure_takes_no_update(engine):
    target = measure_where(engine, code="SM-02")
    version = withdraw(engine, target)
    change = MeasureChange(status=target.status, progress=target.progress, note="x", note_lang="fr")
    with pytest.raises(ValidationFailed) as refused:
        update_measure(
            engine,
            actor=EDITOR_09,
            measure_id=target.id,
            expected_version=version,
            change=change,
            today=TODAY,
        )
    assert [p.code for p in refused.value.problems] == ["error.withdrawn"]
    with pytest.raises(NotAllowed):
        restore_measure(
            engine, actor=EDITOR_09, measure_id=target.id, expected_version=version, reason="x"
        )
    restore_measure(
        engine, actor=ADMIN, measure_id=target.id, expected_version=version, reason="Erreur"
    )
    assert "SM-02" in codes_listed(engine)
    assert measure_where(engine, code="SM-02").withdrawn_at is None


def test_a_withdrawn_decision_leaves_its_committee_and_an_admin_restores_it(db_engine):
    target = decision_09(db_engine)
    with Session(db_engine) as session:
        committee_id = session.scalar(
            select(Meeting.committee_id).where(Meeting.id == target.meeting_id)
        )
    with read_session(db_engine) as session:
        before = committees(session, "09", TODAY).set_index("id").loc[committee_id]
    version = withdraw_decision(
        db_engine,
        actor=EDITOR_09,
        decision_id=target.id,
        expected_version=target.version,
        reason="Saisie en double",
    )
    with read_session(db_engine) as session:
        assert target.id not in set(decisions(session, committee_id, TODAY)["id"])
        assert list(withdrawn_decisions(session, committee_id)["id"]) == [target.id]
        after = committees(session, "09", TODAY).set_index("id").loc[committee_id]
    assert after["open_decisions"] == before["open_decisions"] - (target.status == "open")
    stale = dump(db_engine)
    with pytest.raises(StaleVersion):
        set_decision_status(
            db_engine,
            actor=EDITOR_09,
            decision_id=target.id,
            expected_version=target.version,
            status="done",
        )
    with pytest.raises(NotAllowed):
        restore_decision(
            db_engine, actor=EDITOR_09, decision_id=target.id, expected_version=version, reason="x"
        )
    assert dump(db_engine) == stale
    restore_decision(
        db_engine, actor=ADMIN, decision_id=target.id, expected_version=version, reason="Erreur"
    )
    with read_session(db_engine) as session:
        assert target.id in set(decisions(session, committee_id, TODAY)["id"])
    with Session(db_engine) as session:
        actions = session.scalars(
            select(ChangeLog.action)
            .where(ChangeLog.entity == "decision", ChangeLog.entity_id == target.id)
            .order_by(ChangeLog.id)
        ).all()
    assert actions[-2:] == ["withdrawn", "restored"]


def test_a_decision_is_withdrawn_only_by_an_editor_of_its_region_with_a_reason(engine):
    target = decision_09(engine)
    before = dump(engine)
    for actor, reason, error in (
        (EDITOR_05, "Doublon", NotAllowed),
        (EDITOR_09, "  ", ValidationFailed),
    ):
        with pytest.raises(error):
            withdraw_decision(
                engine,
                actor=actor,
                decision_id=target.id,
                expected_version=target.version,
                reason=reason,
            )
    with pytest.raises(StaleVersion):
        withdraw_decision(
            engine,
            actor=EDITOR_09,
            decision_id=target.id,
            expected_version=target.version + 1,
            reason="Doublon",
        )
    assert dump(engine) == before
