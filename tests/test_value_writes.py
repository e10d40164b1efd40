"""Reporting values and their approval: every allowed step, every forbidden one refused and
nothing written, period locks, and the trail (SQLite and PostgreSQL)."""

import pytest
from sqlmodel import Session, select

from models import ChangeLog, IndicatorValue, ValueBreakdown
from models.result_codes import ValueAction
from services import periods, value_reads
from services.audit import AuditFilter, audit_trail
from services.errors import NotAllowed, StaleVersion, ValidationFailed
from services.evidence import attach_evidence
from services.result_writes import revise_target
from services.value_writes import take_step
from tests.helpers import ADMIN, EDITOR_05, EDITOR_09, VIEWER, dump, for_field
from tests.result_helpers import VALIDATOR_05, VALIDATOR_09, build, by_sex, report

PDF = b"%PDF-1.4 minimal"


@pytest.fixture
def frame(db_engine):
    return build(db_engine)


def _submitted(engine, frame, total=12, who=EDITOR_09):
    value_id, version = report(
        engine,
        frame.people,
        frame.periods["2026-10"],
        frame.communes[0],
        who=who,
        total=total,
        parts=by_sex(7, total - 7, 0),
    )
    version = take_step(
        engine, actor=who, action=ValueAction.SUBMITTED, values=[(value_id, version)]
    )[value_id]
    return value_id, version


def _refused(engine, error, call):
    before = dump(engine)
    with pytest.raises(error) as caught:
        call()
    assert dump(engine) == before
    return caught.value


def test_a_value_is_saved_exactly_with_its_parts_and_logged(db_engine, frame):
    value_id, version = report(
        db_engine,
        frame.people,
        frame.periods["2026-07"],
        frame.communes[0],
        total=20,
        parts=by_sex(12, 7, 1),
        comment="Premier semestre",
        language="fr",
        evidence_url="https://example.org/rapport.pdf",
    )
    with Session(db_engine) as session:
        value = session.get(IndicatorValue, value_id)
        parts = session.exec(
            select(ValueBreakdown).where(ValueBreakdown.value_id == value_id)
        ).all()
        log = session.exec(
            select(ChangeLog).where(
                ChangeLog.entity == "indicatorvalue", ChangeLog.entity_id == value_id
            )
        ).one()
    assert (value.total, value.status, value.comment_fr, value.level) == (
        20,
        "draft",
        "Premier semestre",
        "commune",
    )
    assert (value.provenance, value.updated_by, version) == ("recorded", EDITOR_09.username, 1)
    assert sorted((p.category, p.total) for p in parts) == [
        ("female", 12),
        ("male", 7),
        ("unknown", 1),
    ]
    assert (log.action, log.actor, log.region_code) == ("saved", EDITOR_09.username, "09")
    report(
        db_engine,
        frame.people,
        frame.periods["2026-07"],
        frame.communes[0],
        version=version,
        total=21,
        parts=by_sex(13, 7, 1),
        comment="Premier semestre",
        language="fr",
        evidence_url="https://example.org/rapport.pdf",
    )
    with Session(db_engine) as session:
        steps = value_reads.trail(session, value_id)
    assert steps["detail"].iloc[-1] == {
        "period": "2026-07",
        "territory": frame.communes[0],
        "language": "fr",
        "total": [20, 21],
        "sex.female": [12, 13],
    }


def test_every_problem_of_a_value_is_reported_at_once_and_nothing_written(db_engine, frame):
    error = _refused(
        db_engine,
        ValidationFailed,
        lambda: report(
            db_engine,
            frame.people,
            frame.periods["2026-07"],
            frame.communes[0],
            total=20.5,
            numerator=3,
            parts={("sex", "female"): 12, ("sex", "male"): 7},
            evidence_url="javascript:alert(1)",
        ),
    )
    codes = {(p.field, p.code) for p in error.problems}
    assert ("total", "error.not_whole_number") in codes
    assert ("numerator", "error.value_wrong_kind") in codes
    assert ("parts.sex.unknown", "error.required") in codes
    assert ("evidence_url", "error.invalid_url") in codes


def test_parts_must_add_up_to_the_total(db_engine, frame):
    error = _refused(
        db_engine,
        ValidationFailed,
        lambda: report(
            db_engine,
            frame.people,
            frame.periods["2026-07"],
            frame.communes[0],
            total=20,
            parts=by_sex(12, 7, 0),
        ),
    )
    [problem] = for_field(error, "parts.sex")
    assert (problem.code, problem.params) == ("error.parts_sum", {"sum": 19, "total": 20})


def test_percentage_parts_add_up_on_both_numerator_and_denominator(db_engine, frame):
    args = (db_engine, frame.share, frame.periods["2026-07"], frame.communes[0])
    error = _refused(
        db_engine,
        ValidationFailed,
        lambda: report(
            *args,
            numerator=6,
            denominator=10,
            parts={("sex", "female"): (4, 5), ("sex", "male"): (2, 4), ("sex", "unknown"): (0, 0)},
        ),
    )
    assert [p.params for p in for_field(error, "parts.sex")] == [{"sum": 9, "total": 10}]
    _refused(db_engine, ValidationFailed, lambda: report(*args, numerator=11, denominator=10))
    value_id, _ = report(
        *args,
        numerator=6,
        denominator=10,
        parts={("sex", "female"): (4, 5), ("sex", "male"): (2, 5), ("sex", "unknown"): (0, 0)},
    )
    assert value_id


def test_a_value_belongs_to_its_indicator_level_and_region(db_engine, frame):
    period = frame.periods["2026-07"]
    error = _refused(
        db_engine, ValidationFailed, lambda: report(db_engine, frame.people, period, "09", total=3)
    )
    assert [p.code for p in error.problems] == ["error.wrong_level"]
    _refused(
        db_engine, ValidationFailed, lambda: report(db_engine, frame.level, period, "05", total=3)
    )
    _refused(
        db_engine,
        NotAllowed,
        lambda: report(db_engine, frame.level, period, "09", who=EDITOR_05, total=3),
    )
    _refused(
        db_engine,
        NotAllowed,
        lambda: report(db_engine, frame.level, period, "09", who=VALIDATOR_09, total=3),
    )
    error = _refused(
        db_engine,
        ValidationFailed,
        lambda: report(db_engine, frame.story, period, "09", comment=""),
    )
    assert [p.field for p in error.problems] == ["comment"]


def test_submit_return_resubmit_validate(db_engine, frame):
    value_id, version = _submitted(db_engine, frame)
    version = take_step(
        db_engine,
        actor=VALIDATOR_09,
        action=ValueAction.RETURNED,
        values=[(value_id, version)],
        language="fr",
        reason="Source manquante",
    )[value_id]
    with Session(db_engine) as session:
        returned = session.get(IndicatorValue, value_id)
    assert (returned.status, returned.return_reason) == ("returned", "Source manquante")
    back, _ = value_reads.waiting(session_of(db_engine), EDITOR_09, "returned")
    ours = back[back["indicator"] == "T-PEOPLE"]  # the demo has returned values of its own
    assert ours["return_reason"].tolist() == ["Source manquante"]
    value_id, version = report(
        db_engine,
        frame.people,
        frame.periods["2026-10"],
        frame.communes[0],
        version=version,
        total=13,
        parts=by_sex(7, 6, 0),
    )
    version = take_step(
        db_engine, actor=EDITOR_09, action=ValueAction.SUBMITTED, values=[(value_id, version)]
    )[value_id]
    queue, _ = value_reads.waiting(session_of(db_engine), VALIDATOR_09, "submitted")
    assert queue.loc[queue["indicator"] == "T-PEOPLE", "id"].tolist() == [value_id]
    take_step(
        db_engine, actor=VALIDATOR_09, action=ValueAction.VALIDATED, values=[(value_id, version)]
    )
    steps = value_reads.trail(session_of(db_engine), value_id)
    assert steps["action"].tolist() == [
        "saved",
        "submitted",
        "returned",
        "saved",
        "submitted",
        "validated",
    ]
    assert steps["detail"].iloc[2]["reason"] == "Source manquante"
    assert steps["actor"].iloc[-1] == VALIDATOR_09.username


def session_of(engine):
    return Session(engine)


@pytest.mark.parametrize(
    ("who", "action", "reason", "error", "code"),
    [
        (VALIDATOR_09, ValueAction.SUBMITTED, "", NotAllowed, "error.not_allowed"),
        (VALIDATOR_05, ValueAction.VALIDATED, "", NotAllowed, "error.not_allowed"),
        (EDITOR_09, ValueAction.VALIDATED, "", NotAllowed, "error.not_allowed"),
        (VIEWER, ValueAction.RETURNED, "x", NotAllowed, "error.not_allowed"),
        (VALIDATOR_09, ValueAction.RETURNED, "", ValidationFailed, "error.required"),
        (VALIDATOR_09, ValueAction.REOPENED, "x", NotAllowed, "error.not_allowed"),
        (ADMIN, ValueAction.REOPENED, "x", ValidationFailed, "error.value_move_refused"),
    ],
)
def test_forbidden_steps_on_a_submitted_value(db_engine, frame, who, action, reason, error, code):
    value_id, version = _submitted(db_engine, frame)
    refused = _refused(
        db_engine,
        error,
        lambda: take_step(
            db_engine,
            actor=who,
            action=action,
            values=[(value_id, version)],
            language="fr",
            reason=reason,
        ),
    )
    assert [p.code for p in refused.problems] == [code]


def test_nobody_reviews_their_own_submission_not_even_an_admin(db_engine, frame):
    value_id, version = _submitted(db_engine, frame, who=ADMIN)
    for action, reason in ((ValueAction.VALIDATED, ""), (ValueAction.RETURNED, "non")):
        refused = _refused(
            db_engine,
            ValidationFailed,
            lambda a=action, r=reason: take_step(
                db_engine,
                actor=ADMIN,
                action=a,
                values=[(value_id, version)],
                language="fr",
                reason=r,
            ),
        )
        assert [p.code for p in refused.problems] == ["error.own_submission"]
    queue, _ = value_reads.waiting(session_of(db_engine), ADMIN, "submitted")
    assert value_id not in queue["id"].tolist()
    take_step(
        db_engine, actor=VALIDATOR_09, action=ValueAction.VALIDATED, values=[(value_id, version)]
    )


def test_a_draft_is_not_reviewed_and_a_validated_value_does_not_change(db_engine, frame):
    value_id, version = report(db_engine, frame.level, frame.periods["2026-10"], "09", total=5)
    for action in (ValueAction.VALIDATED, ValueAction.RETURNED):
        refused = _refused(
            db_engine,
            ValidationFailed,
            lambda a=action: take_step(
                db_engine,
                actor=VALIDATOR_09,
                action=a,
                values=[(value_id, version)],
                language="fr",
                reason="r",
            ),
        )
        assert [p.code for p in refused.problems] == ["error.value_move_refused"]
    version = take_step(
        db_engine, actor=EDITOR_09, action=ValueAction.SUBMITTED, values=[(value_id, version)]
    )[value_id]
    _refused(
        db_engine,
        ValidationFailed,
        lambda: report(
            db_engine, frame.level, frame.periods["2026-10"], "09", version=version, total=6
        ),
    )
    version = take_step(
        db_engine, actor=VALIDATOR_09, action=ValueAction.VALIDATED, values=[(value_id, version)]
    )[value_id]
    for call in (
        lambda: report(
            db_engine, frame.level, frame.periods["2026-10"], "09", version=version, total=6
        ),
        lambda: take_step(
            db_engine, actor=EDITOR_09, action=ValueAction.SUBMITTED, values=[(value_id, version)]
        ),
        lambda: attach_evidence(
            db_engine,
            actor=EDITOR_09,
            entity="indicatorvalue",
            entity_id=value_id,
            expected_version=version,
            file_name="preuve.pdf",
            content=PDF,
        ),
    ):
        _refused(db_engine, ValidationFailed, call)
    version = take_step(
        db_engine,
        actor=ADMIN,
        action=ValueAction.REOPENED,
        values=[(value_id, version)],
        language="fr",
        reason="Erreur de saisie",
    )[value_id]
    report(db_engine, frame.level, frame.periods["2026-10"], "09", version=version, total=6)


def test_a_stale_version_and_a_value_created_meanwhile_are_refused(db_engine, frame):
    args = (db_engine, frame.level, frame.periods["2026-10"], "09")
    value_id, version = report(*args, total=5)
    _refused(db_engine, StaleVersion, lambda: report(*args, total=7))  # it exists now
    report(*args, version=version, total=6)
    _refused(db_engine, StaleVersion, lambda: report(*args, version=version, total=8))
    _refused(
        db_engine,
        StaleVersion,
        lambda: take_step(
            db_engine, actor=EDITOR_09, action=ValueAction.SUBMITTED, values=[(value_id, version)]
        ),
    )


def test_a_submission_needs_every_disaggregation_its_indicator_asks(db_engine, frame):
    value_id, version = report(
        db_engine, frame.people, frame.periods["2026-10"], frame.communes[0], total=9
    )
    refused = _refused(
        db_engine,
        ValidationFailed,
        lambda: take_step(
            db_engine, actor=EDITOR_09, action=ValueAction.SUBMITTED, values=[(value_id, version)]
        ),
    )
    assert [(p.field, p.code) for p in refused.problems] == [
        ("parts.sex", "error.disaggregation_missing")
    ]


def test_many_values_move_together_or_none_does(db_engine, frame):
    first = _submitted(db_engine, frame)
    second, version = report(db_engine, frame.level, frame.periods["2026-10"], "09", total=5)
    _refused(
        db_engine,
        ValidationFailed,
        lambda: take_step(
            db_engine,
            actor=VALIDATOR_09,
            action=ValueAction.VALIDATED,
            values=[first, (second, version)],
        ),
    )
    with Session(db_engine) as session:
        assert session.get(IndicatorValue, first[0]).status == "submitted"


def test_a_locked_period_refuses_every_change_until_reopened_with_a_reason(db_engine, frame):
    value_id, version = _submitted(db_engine, frame)
    period_id = frame.periods["2026-10"]
    _refused(
        db_engine,
        NotAllowed,
        lambda: periods.lock(db_engine, actor=EDITOR_09, period_id=period_id, expected_version=1),
    )
    period_version = periods.lock(db_engine, actor=ADMIN, period_id=period_id, expected_version=1)
    for call in (
        lambda: take_step(
            db_engine,
            actor=VALIDATOR_09,
            action=ValueAction.VALIDATED,
            values=[(value_id, version)],
        ),
        lambda: report(db_engine, frame.level, period_id, "09", total=4),
    ):
        refused = _refused(db_engine, ValidationFailed, call)
        assert [p.code for p in refused.problems] == ["error.period_locked"]
    _refused(
        db_engine,
        ValidationFailed,
        lambda: periods.reopen(
            db_engine,
            actor=ADMIN,
            period_id=period_id,
            expected_version=period_version,
            language="fr",
            reason="",
        ),
    )
    periods.reopen(
        db_engine,
        actor=ADMIN,
        period_id=period_id,
        expected_version=period_version,
        language="fr",
        reason="Correction demandée par le conseil",
    )
    take_step(
        db_engine, actor=VALIDATOR_09, action=ValueAction.VALIDATED, values=[(value_id, version)]
    )
    with Session(db_engine) as session:
        actions = [
            (row.action, row.detail)
            for row in session.exec(
                select(ChangeLog)
                .where(ChangeLog.entity == "reportingperiod", ChangeLog.entity_id == period_id)
                .order_by(ChangeLog.id)
            )
        ]
    assert [a for a, _ in actions][-2:] == ["locked", "reopened"]
    assert "Correction demandée par le conseil" in actions[-1][1]


def test_evidence_is_kept_with_a_draft_value(db_engine, frame):
    value_id, version = report(db_engine, frame.level, frame.periods["2026-10"], "09", total=5)
    _refused(
        db_engine,
        NotAllowed,
        lambda: attach_evidence(
            db_engine,
            actor=EDITOR_05,
            entity="indicatorvalue",
            entity_id=value_id,
            expected_version=version,
            file_name="preuve.pdf",
            content=PDF,
        ),
    )
    assert attach_evidence(
        db_engine,
        actor=EDITOR_09,
        entity="indicatorvalue",
        entity_id=value_id,
        expected_version=version,
        file_name="preuve.pdf",
        content=PDF,
    )


def test_the_audit_trail_names_a_value_by_its_indicator_and_territory(db_engine, frame):
    report(db_engine, frame.level, frame.periods["2026-10"], "09", total=5)
    revise_target(
        db_engine,
        actor=EDITOR_09,
        indicator_id=frame.level,
        expected_version=1,
        period_code=None,
        new_value=9,
        reason="Nouvelle cible",
        language="fr",
    )
    with Session(db_engine) as session:
        changes = audit_trail(
            session, actor=ADMIN, flt=AuditFilter(username=EDITOR_09.username), limit=5
        ).changes
    assert changes[["entity", "reference"]].values.tolist()[:2] == [
        ["indicator", "T-LEVEL"],
        ["indicatorvalue", "T-LEVEL · 09"],
    ]
