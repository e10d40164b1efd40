"""Hostile input, fuzzed: every write service stores exactly what it accepts, or refuses cleanly.

Each test runs Hypothesis over one service on one seeded database (both backends). Accepted
input must read back exactly (text as sent after .strip()); refused input must raise a
ServiceError with "error.*" message ids and leave the database dump unchanged.
Examples per service and backend: 60 (profile "marsad-fuzz-ci", the default); set
MARSAD_FUZZ=marsad-fuzz-dev for 25, or marsad-fuzz-long for 2,000.
"""

import json
import os
import re
import sqlite3
from collections import Counter
from contextlib import closing
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlmodel import Session

from models import ChangeLog, Committee, Decision, Institution, Measure, MeasureUpdate, Meeting
from models.codes import LANGUAGES, DecisionStatus, MeasureStatus, Role
from services.actors import Actor
from services.committee_writes import (
    ATTENDANCE_MAX,
    DECISION_MAX,
    SUMMARY_MAX,
    DecisionInput,
    record_meeting,
    set_decision_status,
)
from services.errors import NotAllowed, NotFound, ServiceError, ValidationFailed
from services.measure_writes import (
    BUDGET_MAX,
    NOTE_MAX,
    MeasureChange,
    allowed_statuses,
    update_measure,
)
from services.measure_writes import KEEP as KEEP_COMMITTED
from tests.helpers import ADMIN, TODAY, VIEWER, actor, dump, for_field

_PROFILE = {
    "deadline": None,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
}
settings.register_profile("marsad-fuzz-ci", max_examples=60, **_PROFILE)
settings.register_profile("marsad-fuzz-dev", max_examples=25, **_PROFILE)
settings.register_profile("marsad-fuzz-long", max_examples=2000, **_PROFILE)
FUZZ = settings.get_profile(os.environ.get("MARSAD_FUZZ", "marsad-fuzz-ci"))

EDITOR = actor(Role.EDITOR, "02", "05", "09")
OUTSIDER = actor(Role.EDITOR, "01")
ACTORS = st.sampled_from([EDITOR] * 5 + [ADMIN] * 3 + [OUTSIDER, VIEWER])
MISSING_IDS = [0, -1, 999_999]
MISSING_CODES = ["ZZ-404", "%", "SM-01'--"]
languages = st.sampled_from(LANGUAGES)
hostile_language = st.one_of(
    st.none(), st.sampled_from(["", "AR", "de", "ar ", "fr-MA"]), st.integers(), st.booleans()
)
hostile_id = st.one_of(
    st.sampled_from(MISSING_IDS), st.text(max_size=4), st.booleans(), st.floats(), st.just(2.0)
)

# Text users may type and must get back as typed: Arabic, bidi controls, SQL, formulas, markdown
# emphasis.
TYPED = [
    "تم عقد ورشة في أكادير",
    "جهة سوس ماسة ٠٩ — ٥٠٪",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200f",
    "'; DROP TABLE measure; --",
    "Robert'); DROP TABLE decision;--",
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "-2+3",
    "a < b > c",
    "**gras** _it_ `code`",
    "C:\\temp\\x",
]
# Text the services must refuse: active markup, control characters.
ACTIVE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "![x](http://evil.example/p.png)",
    "[clic](javascript:alert(1))",
    "[lien](https://evil.example)",
    "javascript:alert(1)",
    "\x00",
    "nul\x00byte",
    "\x1b[2J",
]


class Huge(str):
    """A long string that shows itself briefly in Hypothesis reports."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Huge({self[:12]!r} + {len(self) - 12:,} more)"


HUGE = [Huge(c * 100_000) for c in ("x", "ب", "=", " ")]
SPACE = st.sampled_from(["", " ", "\t", "\n", "\r\n", "\u00a0", "\u3000"])
WRONG_TYPES = st.one_of(
    st.none(),
    st.booleans(),
    st.floats(),
    st.integers(),
    st.binary(max_size=8),
    st.just(b"=1+1"),
)

typed_text = st.tuples(
    SPACE,
    st.lists(
        st.one_of(
            st.sampled_from(TYPED),
            st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=12),
        ),
        min_size=1,
        max_size=5,
    ).map("".join),
    SPACE,
).map("".join)
hostile_text = st.one_of(
    typed_text,
    st.lists(
        st.one_of(st.sampled_from(TYPED + ACTIVE), st.text(max_size=12)), min_size=1, max_size=5
    ).map("".join),
    st.sampled_from(HUGE),
    st.text(),
    WRONG_TYPES,
)
hostile_number = st.one_of(
    st.integers(),
    st.integers(-5, 120),
    st.integers(-(2**70), 2**70),
    st.floats(),
    st.sampled_from([0.0, 50.0, 99.5, -0.0, 1e300, float("nan"), float("inf")]),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.just(Decimal("50")),
    st.sampled_from(["50", "١٠", "=1+1", "", b"50"]),
    WRONG_TYPES,
)
hostile_date = st.one_of(
    st.dates(),
    st.dates(min_value=TODAY + timedelta(days=1)),
    st.datetimes(max_value=datetime(2026, 1, 1)),
    st.sampled_from(["2024-01-01", "", 20240101, 2024.0, b"2024"]),
    WRONG_TYPES,
)
hostile_status = st.one_of(
    st.sampled_from(list(MeasureStatus) + list(DecisionStatus)),
    st.sampled_from(["IN_PROGRESS", "in_progress ", " done", "done\x00", "مكتمل", "", "<b>"]),
    hostile_text,
)
valid_url = st.tuples(
    SPACE,
    st.sampled_from(
        [
            "",
            "https://example.org/rapport.pdf",
            "http://region-sm.ma/pv?id=3&lang=ar",
            "https://ar.wikipedia.org/wiki/%D8%A3%D9%83%D8%A7%D8%AF%D9%8A%D8%B1",
        ]
    ),
    SPACE,
).map("".join)
hostile_url = st.one_of(
    st.sampled_from(
        [
            "javascript:alert(1)",
            "ftp://example.org/a",
            "https://example.org/<script>",
            "data:text/html,<script>alert(1)</script>",
            "https://exa mple.org",
            "http://" + "a" * 600,
        ]
    ),
    hostile_text,
)
past_dates = st.one_of(
    st.dates(min_value=date(2015, 1, 1), max_value=TODAY), st.dates(max_value=TODAY)
)

# Checks that do not rely on the services' own rules.
_ACTIVE_MARKUP = re.compile(r"<\s*[a-z/!?]|javascript:|!\[[^\]]*\]\(", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def stored_text(sent: object) -> str:
    """What a text field should hold once accepted: the input stripped, None as ""."""
    return "" if sent is None else sent.strip()


def assert_safe_text(value: str, max_length: int) -> None:
    """Accepted text is within bounds, free of control characters and active markup."""
    assert isinstance(value, str) and len(value) <= max_length
    assert not _CONTROL.search(value) and not _ACTIVE_MARKUP.search(value), repr(value[:200])


def assert_refused_cleanly(error: ServiceError, fields: set[str], engine, before: str) -> None:
    """A refusal names its problems by "error.*" id, on known fields, and changed nothing."""
    assert error.problems, error
    for problem in error.problems:
        assert problem.code.startswith("error."), problem
        assert problem.field is None or problem.field.split(".")[0] in fields, problem
    assert snapshot(engine) == before


def snapshot(engine) -> str:
    """tests.helpers.dump, and on SQLite also the file's own SQL dump (schema, stored values)."""
    text = dump(engine)
    if engine.dialect.name == "sqlite":
        with closing(sqlite3.connect(engine.url.database)) as connection:
            text += "\n".join(connection.iterdump())
    return text


class Ledger:
    """Dump cache and counts for one fuzzed service: the dump is re-read only after a write."""

    def __init__(self, engine):
        self.engine = engine
        self.counts: Counter[str] = Counter()
        self._dump: str | None = None

    def before(self) -> str:
        if self._dump is None:
            self._dump = snapshot(self.engine)
        return self._dump

    def accepted(self) -> None:
        self.counts["accepted"] += 1
        self._dump = None

    def refused(self, error: ServiceError) -> None:
        self.counts["refused"] += 1
        self.counts[type(error).__name__] += 1

    def report(self, service: str, backend: str) -> str:
        total = self.counts["accepted"] + self.counts["refused"]
        detail = ", ".join(f"{k} {v}" for k, v in sorted(self.counts.items()))
        line = f"fuzz {service} [{backend}]: {total} examples ({detail})"
        print(f"\n{line}")
        return line


def mostly(usual, other, *, odds: int = 3):
    """`usual` in about `odds` examples out of `odds + 1`, else `other`.

    (st.one_of leans towards its richer branches, which would make `just` values rare.)
    """
    return st.sampled_from([True] * odds + [False]).flatmap(lambda ok: usual if ok else other)


def hostile_fields(fields: set[str], most: int):
    """Which fields of one example get hostile values: none in about half the examples."""
    return mostly(
        st.just(frozenset()),
        st.frozensets(st.sampled_from(sorted(fields)), min_size=1, max_size=most),
        odds=1,
    )


def ids(engine, column) -> list:
    with Session(engine) as session:
        return list(session.execute(select(column).order_by(column)).scalars())


# update_measure

MEASURE_FIELDS = {
    "status",
    "progress",
    "actual_start",
    "actual_end",
    "budget_paid",
    "budget_committed",
    "note",
    "note_lang",
    "evidence_url",
}
HOSTILE_CHANGE = {
    "status": hostile_status,
    "progress": hostile_number,
    "actual_start": hostile_date,
    "actual_end": hostile_date,
    "budget_paid": hostile_number,
    "budget_committed": hostile_number,
    "note": hostile_text,
    "note_lang": hostile_language,
    "evidence_url": hostile_url,
}


KEEP = "keep the current value"
VALID_CHANGE = {
    # Draws never depend on the database, so Hypothesis can replay and shrink them; the
    # recipe is fitted to the measure's current state afterwards (see draw_change).
    "status": st.integers(0, 3),
    "progress": st.tuples(st.integers(0, 100), st.booleans()),
    "actual_start": st.one_of(st.none(), st.just(KEEP), past_dates),
    "actual_end": st.sampled_from([None, KEEP]),
    "budget_paid": st.one_of(
        st.none(),
        st.integers(0, 10_000_000),
        st.integers(0, BUDGET_MAX),
        st.sampled_from([0, 2**31 - 1, 2**31, BUDGET_MAX]),
    ),
    # Unknown, kept, or so much above what is paid (fitted in draw_change).
    "budget_committed": st.one_of(st.none(), st.just(KEEP), st.integers(0, 10_000_000)),
    "note": st.one_of(st.just(""), typed_text),
    "note_lang": languages,
    "evidence_url": valid_url,
}


def draw_change(data, who: Actor, measure: Measure) -> MeasureChange:
    """A change that is valid for `measure` except in up to three hostile fields."""
    hostile = data.draw(hostile_fields(MEASURE_FIELDS, 3), label="hostile fields")
    drawn = {
        field: data.draw(HOSTILE_CHANGE[field] if field in hostile else valid, label=field)
        for field, valid in VALID_CHANGE.items()
    }
    if "status" not in hostile:
        allowed = allowed_statuses(who, measure.status)
        drawn["status"] = allowed[drawn["status"] % len(allowed)]
    status = drawn["status"]
    if "progress" not in hostile:
        number, as_float = drawn["progress"]
        number = {"planned": 0, "completed": 100}.get(status, number)
        drawn["progress"] = float(number) if as_float else number
    for field in ("actual_start", "actual_end"):
        if field not in hostile and drawn[field] == KEEP:
            drawn[field] = getattr(measure, field)
    if "actual_start" not in hostile and status == "planned":
        drawn["actual_start"] = None
    if "budget_committed" not in hostile:
        drawn["budget_committed"] = fit_committed(drawn, measure)
    return MeasureChange(**drawn)


def fit_committed(drawn: dict, measure: Measure):
    """A valid committed amount for the drawn change: never below what it pays."""
    paid = measure.budget_paid if drawn["budget_paid"] is None else drawn["budget_paid"]
    paid_ok = type(paid) is int and 0 <= paid <= BUDGET_MAX
    extra, old = drawn["budget_committed"], measure.budget_committed
    if extra == KEEP:
        return KEEP_COMMITTED if old is None or (paid_ok and old >= paid) else None
    if extra is None or not paid_ok:
        return extra
    return min(paid + extra, BUDGET_MAX)


def check_measure_update(engine, who, old: Measure, change: MeasureChange, version: int) -> None:
    """The accepted change reads back exactly, in the measure and its new history row."""
    with Session(engine) as session:
        saved = session.get(Measure, old.id)
        row = session.execute(
            select(MeasureUpdate).where(
                MeasureUpdate.measure_id == old.id, MeasureUpdate.version == version
            )
        ).scalar_one()
    assert who.can_edit_region(old.region_code)
    start = change.actual_start
    if start is None and change.status in ("in_progress", "completed"):
        start = TODAY
    end = TODAY if change.actual_end is None and change.status == "completed" else change.actual_end
    spent = old.budget_paid if change.budget_paid is None else change.budget_paid
    committed = change.budget_committed
    committed = old.budget_committed if committed is KEEP_COMMITTED else committed
    assert (saved.budget_committed, row.new_budget_committed) == (committed, committed)
    assert row.old_budget_committed == old.budget_committed
    want = (change.status, change.progress, start, end, spent, old.version + 1)
    assert (
        saved.status,
        saved.progress,
        saved.actual_start,
        saved.actual_end,
        saved.budget_paid,
        saved.version,
    ) == want
    assert (
        row.new_status,
        row.new_progress,
        row.new_actual_start,
        row.new_actual_end,
        row.new_budget_paid,
        row.version,
    ) == want
    assert (row.old_status, row.old_progress, row.old_actual_start, row.old_budget_paid) == (
        old.status,
        old.progress,
        old.actual_start,
        old.budget_paid,
    )
    assert type(saved.progress) is int and 0 <= saved.progress <= 100
    assert type(saved.budget_paid) is int and 0 <= saved.budget_paid <= BUDGET_MAX
    for day in (saved.actual_start, saved.actual_end):
        assert day is None or (type(day) is date and day <= TODAY)
    note = stored_text(change.note)
    written = {lang: (note if note and lang == change.note_lang else "") for lang in LANGUAGES}
    assert {lang: getattr(row, f"note_{lang}") for lang in LANGUAGES} == written
    assert row.evidence_url == stored_text(change.evidence_url)
    for lang in LANGUAGES:
        assert_safe_text(getattr(row, f"note_{lang}"), NOTE_MAX)
    assert (row.changed_by, saved.updated_by) == (who.username, who.username)


def test_update_measure_fuzzed(db_engine, backend):
    engine = db_engine
    measure_ids = ids(engine, Measure.id)
    ledger = Ledger(engine)

    @FUZZ
    @given(data=st.data())
    def run(data):
        who = data.draw(ACTORS, label="actor")
        measure_id = data.draw(st.sampled_from(measure_ids + MISSING_IDS), label="measure_id")
        with Session(engine) as session:
            measure = session.get(Measure, measure_id)
            basis = measure or session.get(Measure, measure_ids[0])
        expected = data.draw(
            mostly(
                st.just(basis.version),
                st.one_of(st.sampled_from([basis.version - 1, basis.version + 1]), hostile_number),
            ),
            label="expected_version",
        )
        change = draw_change(data, who, basis)
        before = ledger.before()
        try:
            version = update_measure(
                engine,
                actor=who,
                measure_id=measure_id,
                expected_version=expected,
                change=change,
                today=TODAY,
            )
        except ServiceError as error:
            ledger.refused(error)
            assert_refused_cleanly(error, MEASURE_FIELDS, engine, before)
            assert measure is not None or isinstance(error, NotFound)
            if measure is not None and not who.can_edit_region(measure.region_code):
                assert isinstance(error, NotAllowed)
            return
        ledger.accepted()
        check_measure_update(engine, who, measure, change, version)

    run()
    summary = ledger.report("update_measure", backend)
    assert ledger.counts["accepted"] and ledger.counts["refused"], summary


# record_meeting

MEETING_FIELDS = {"held_on", "attendance", "summary", "language", "decisions"}


def draw_decision(
    data, held_on: object, measure_codes: list[str], owners: list[int], hostile: bool
) -> DecisionInput:
    """One decision: valid for the committee's region, or hostile in every field."""
    if hostile:
        return DecisionInput(
            text=data.draw(hostile_text, label="decision.text"),
            owner_institution_id=data.draw(hostile_id, label="decision.owner"),
            due_on=data.draw(hostile_date, label="decision.due_on"),
            measure_code=data.draw(
                st.one_of(st.none(), st.sampled_from(measure_codes + MISSING_CODES), hostile_id),
                label="decision.measure_code",
            ),
        )
    first = held_on if isinstance(held_on, date) and not isinstance(held_on, datetime) else TODAY
    return DecisionInput(
        text=data.draw(typed_text, label="decision.text"),
        owner_institution_id=data.draw(
            st.one_of(st.none(), st.sampled_from(owners)), label="decision.owner"
        ),
        due_on=data.draw(
            st.one_of(
                st.none(), st.dates(min_value=first, max_value=max(first, date(2035, 12, 31)))
            ),
            label="decision.due_on",
        ),
        measure_code=data.draw(
            st.one_of(st.none(), st.sampled_from(measure_codes)), label="decision.measure_code"
        ),
    )


def check_meeting(engine, who, committee_id, sent: dict, meeting_id: int) -> None:
    """The accepted meeting, its decisions and its log entry read back exactly."""
    with Session(engine) as session:
        meeting = session.get(Meeting, meeting_id)
        committee = session.get(Committee, committee_id)
        decisions = (
            session.execute(
                select(Decision).where(Decision.meeting_id == meeting_id).order_by(Decision.id)
            )
            .scalars()
            .all()
        )
        log = session.execute(
            select(ChangeLog).where(
                ChangeLog.entity == "meeting", ChangeLog.entity_id == meeting_id
            )
        ).scalar_one()
    assert who.can_edit_region(committee.region_code)
    assert (
        meeting.committee_id,
        meeting.held_on,
        meeting.attendance,
        getattr(meeting, f"summary_{sent['language']}"),
        meeting.recorded_by,
    ) == (
        committee_id,
        sent["held_on"],
        sent["attendance"],
        stored_text(sent["summary"]),
        who.username,
    )
    assert type(meeting.held_on) is date and meeting.held_on <= TODAY
    assert type(meeting.attendance) is int and 0 <= meeting.attendance <= ATTENDANCE_MAX
    lang = sent["language"]
    others = [other for other in LANGUAGES if other != lang]
    summary = getattr(meeting, f"summary_{lang}")
    assert_safe_text(summary, SUMMARY_MAX)
    assert summary and not any(getattr(meeting, f"summary_{o}") for o in others)
    got = [
        (getattr(d, f"text_{lang}"), d.owner_institution_id, d.due_on, d.measure_id, d.status)
        for d in decisions
    ]
    with Session(engine) as session:
        ids_by_code = dict(session.execute(select(Measure.code, Measure.id)).all())
    want = [
        (
            stored_text(d.text),
            d.owner_institution_id,
            d.due_on,
            ids_by_code.get((d.measure_code or "").strip()),
            "open",
        )
        for d in sent["decisions"]
    ]
    assert got == want and all(d.version == 1 for d in decisions)
    for decision in decisions:
        assert_safe_text(getattr(decision, f"text_{lang}"), DECISION_MAX)
        assert getattr(decision, f"text_{lang}")
        assert not any(getattr(decision, f"text_{o}") for o in others)
    assert (log.actor, log.region_code, json.loads(log.detail)) == (
        who.username,
        committee.region_code,
        {"committee_id": committee_id, "decisions": len(sent["decisions"]), "language": lang},
    )


def test_record_meeting_fuzzed(db_engine, backend):
    engine = db_engine
    committees = {c: r for c, r in _committee_regions(engine)}
    measures_by_region: dict[str, list[str]] = {}
    with Session(engine) as session:
        for code, region in session.execute(
            select(Measure.code, Measure.region_code).order_by(Measure.id)
        ):
            measures_by_region.setdefault(region, []).append(code)
    all_measures = sorted(m for ms in measures_by_region.values() for m in ms)
    owners = ids(engine, Institution.id)
    ledger = Ledger(engine)

    @FUZZ
    @given(data=st.data())
    def run(data):
        who = data.draw(ACTORS, label="actor")
        committee_id = data.draw(
            st.sampled_from(sorted(committees) * 6 + MISSING_IDS), label="committee_id"
        )
        region = committees.get(committee_id, "09")
        hostile = data.draw(hostile_fields(MEETING_FIELDS, 2), label="hostile fields")

        def pick(field, valid, bad):
            return data.draw(bad if field in hostile else valid, label=field)

        sent = {
            "held_on": pick("held_on", past_dates, hostile_date),
            "attendance": pick("attendance", st.integers(0, ATTENDANCE_MAX), hostile_number),
            "summary": pick("summary", typed_text, hostile_text),
            "language": pick("language", languages, hostile_language),
        }
        bad_decisions = "decisions" in hostile
        count = data.draw(st.integers(0, 22 if bad_decisions else 3), label="decision count")
        sent["decisions"] = [
            draw_decision(
                data,
                sent["held_on"],
                all_measures if bad_decisions else measures_by_region.get(region, ["ZZ-404"]),
                owners,
                hostile=bad_decisions and data.draw(st.booleans()),
            )
            for _ in range(count)
        ]
        before = ledger.before()
        try:
            meeting_id = record_meeting(
                engine, actor=who, committee_id=committee_id, today=TODAY, **sent
            )
        except ServiceError as error:
            ledger.refused(error)
            assert_refused_cleanly(error, MEETING_FIELDS, engine, before)
            assert committee_id in committees or isinstance(error, NotFound)
            if committee_id in committees and not who.can_edit_region(region):
                assert isinstance(error, NotAllowed)
            return
        ledger.accepted()
        check_meeting(engine, who, committee_id, sent, meeting_id)

    run()
    summary = ledger.report("record_meeting", backend)
    assert ledger.counts["accepted"] and ledger.counts["refused"], summary


def _committee_regions(engine):
    with Session(engine) as session:
        return session.execute(select(Committee.id, Committee.region_code)).all()


# set_decision_status


def decision_state(engine, decision_id: int):
    """(status, version, region) of a decision, or None."""
    with Session(engine) as session:
        return session.execute(
            select(Decision.status, Decision.version, Committee.region_code)
            .join(Meeting, Meeting.id == Decision.meeting_id)
            .join(Committee, Committee.id == Meeting.committee_id)
            .where(Decision.id == decision_id)
        ).one_or_none()


def test_set_decision_status_fuzzed(db_engine, backend):
    engine = db_engine
    decision_ids = ids(engine, Decision.id)
    ledger = Ledger(engine)

    @FUZZ
    @given(data=st.data())
    def run(data):
        who = data.draw(ACTORS, label="actor")
        decision_id = data.draw(st.sampled_from(decision_ids + MISSING_IDS), label="decision_id")
        state = decision_state(engine, decision_id)
        status, version, region = state or ("open", 1, "09")
        hostile = data.draw(hostile_fields({"expected_version", "status"}, 2), label="hostile")
        expected = data.draw(
            hostile_number if "expected_version" in hostile else st.just(version),
            label="expected_version",
        )
        new = data.draw(
            hostile_status
            if "status" in hostile
            else st.sampled_from([s.value for s in DecisionStatus if s != status]),
            label="status",
        )
        before = ledger.before()
        try:
            returned = set_decision_status(
                engine, actor=who, decision_id=decision_id, expected_version=expected, status=new
            )
        except ServiceError as error:
            ledger.refused(error)
            assert_refused_cleanly(error, {"status", "expected_version"}, engine, before)
            assert state is not None or isinstance(error, NotFound)
            if state is not None and not who.can_edit_region(region):
                assert isinstance(error, NotAllowed)
            return
        ledger.accepted()
        assert who.can_edit_region(region)
        assert decision_state(engine, decision_id) == (new, version + 1, region)
        assert returned == version + 1
        with Session(engine) as session:
            decision = session.get(Decision, decision_id)
            log = (
                session.execute(
                    select(ChangeLog)
                    .where(ChangeLog.entity == "decision", ChangeLog.entity_id == decision_id)
                    .order_by(ChangeLog.id.desc())
                )
                .scalars()
                .first()
            )
        assert decision.updated_by == who.username
        assert (log.actor, json.loads(log.detail)) == (who.username, {"old": status, "new": new})

    run()
    summary = ledger.report("set_decision_status", backend)
    assert ledger.counts["accepted"] and ledger.counts["refused"], summary


# Cases the fuzzer found, kept as plain tests.


def test_decision_due_on_datetime_is_refused(db_engine):
    """A datetime due date is refused as not a date (it raised TypeError)."""
    committee_id = sorted(c for c, region in _committee_regions(db_engine) if region == "09")[0]
    before = snapshot(db_engine)
    with pytest.raises(ValidationFailed) as refused:
        record_meeting(
            db_engine,
            actor=EDITOR,
            committee_id=committee_id,
            held_on=date(2026, 11, 10),
            attendance=12,
            summary="Revue du plan",
            decisions=[DecisionInput("Publier le rapport", due_on=datetime(2027, 1, 31, 9, 30))],
            today=TODAY,
            language="fr",
        )
    assert [p.code for p in for_field(refused.value, "decisions.0.due_on")] == ["error.not_date"]
    assert snapshot(db_engine) == before


def test_largest_allowed_budget_is_stored(db_engine):
    """Any budget the validation allows fits its column (PostgreSQL INTEGER stops at 2**31 - 1)."""
    with Session(db_engine) as session:
        measure = (
            session.execute(
                select(Measure).where(Measure.region_code == "09", Measure.status == "in_progress")
            )
            .scalars()
            .first()
        )
    version = update_measure(
        db_engine,
        actor=EDITOR,
        measure_id=measure.id,
        expected_version=measure.version,
        change=MeasureChange(
            status=measure.status,
            progress=measure.progress,
            actual_start=measure.actual_start,
            budget_paid=BUDGET_MAX,
            budget_committed=BUDGET_MAX,
        ),
        today=TODAY,
    )
    with Session(db_engine) as session:
        assert session.get(Measure, measure.id).budget_paid == BUDGET_MAX
        row = session.execute(
            select(MeasureUpdate).where(
                MeasureUpdate.measure_id == measure.id, MeasureUpdate.version == version
            )
        ).scalar_one()
    assert row.new_budget_paid == BUDGET_MAX
