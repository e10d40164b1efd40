"""Holes an attack found in the results rules (docs/architecture.md, "Results (migration
0014)"): each test is one of them, written as the rule the documentation claims."""

import contextlib

import pytest
from sqlmodel import Session

from models import Indicator
from models.result_codes import ValueAction
from services import periods, result_reads
from services.errors import ValidationFailed
from services.result_breakdown import ALL, breakdown
from services.result_writes import IndicatorEntry, create_indicator, revise_target
from services.suppression import is_small
from services.value_writes import take_step
from tests.helpers import ADMIN, EDITOR_09, dump
from tests.result_helpers import VALIDATOR_09, build, by_sex, report


@pytest.fixture
def frame(db_engine):
    return build(db_engine)


def _validated(engine, *saved):
    versions = take_step(engine, actor=EDITOR_09, action=ValueAction.SUBMITTED, values=saved)
    take_step(
        engine, actor=VALIDATOR_09, action=ValueAction.VALIDATED, values=list(versions.items())
    )


def _indicator(engine, frame, code, **entry):
    with Session(engine) as session:
        result_id = session.get(Indicator, frame.people).result_id
    entry = IndicatorEntry(code=code, title=f"Indicateur {code}", **entry)
    return create_indicator(engine, actor=EDITOR_09, result_id=result_id, entry=entry)


# Locks: "nothing in a locked period changes".


def test_a_locked_periods_target_is_not_revised(db_engine, frame):
    periods.lock(db_engine, actor=ADMIN, period_id=frame.periods["2026-07"], expected_version=1)
    before = dump(db_engine)
    with pytest.raises(ValidationFailed) as refused:
        revise_target(
            db_engine,
            actor=EDITOR_09,
            indicator_id=frame.people,
            expected_version=1,
            period_code="2026-07",
            new_value=5,
            reason="Après la clôture",
            language="fr",
        )
    assert [p.code for p in refused.value.problems] == ["error.period_locked"]
    assert dump(db_engine) == before


# Targets: a period code is YYYY or YYYY-MM, nothing else (SQLite stores "2026-10\n" as a
# period of its own, PostgreSQL refuses it as too long for VARCHAR(7): a database error).


def test_a_target_period_code_with_a_trailing_newline_is_refused(db_engine, frame):
    before = dump(db_engine)
    with pytest.raises(ValidationFailed) as refused:
        revise_target(
            db_engine,
            actor=EDITOR_09,
            indicator_id=frame.people,
            expected_version=1,
            period_code="2026-10\n",
            new_value=7,
            reason="Cible de session",
            language="fr",
        )
    assert [p.field for p in refused.value.problems] == ["period_code"]
    assert dump(db_engine) == before


# Roll-ups: "a level takes its latest period" must not drop a territory that reported in an
# earlier period (or whose latest value is not validated yet).


def test_a_levels_cumulative_keeps_each_territorys_latest_value(db_engine, frame):
    stock = _indicator(
        db_engine, frame, "T-STOCK", kind="unit", level="commune", cumulation="latest"
    )
    a, b, _ = frame.communes
    p = frame.periods
    _validated(
        db_engine,
        report(db_engine, stock, p["2026-03"], a, total=100),
        report(db_engine, stock, p["2026-03"], b, total=50),
        report(db_engine, stock, p["2026-07"], a, total=110),  # b reports nothing new in July
    )
    with Session(db_engine) as session:
        line = result_reads.series(session, stock)
    assert line["cumulative"].tolist() == [150, 160]  # not [150, 110]: b's 50 still stands


# "Qualitative and non-aggregatable indicators are never summed" - breakdown() sums them.


def test_a_non_aggregatable_indicators_parts_are_never_summed(db_engine, frame):
    rate = _indicator(
        db_engine,
        frame,
        "T-RATE",
        kind="unit",
        level="commune",
        aggregatable=False,
        dimensions=("sex",),
    )
    a, b, _ = frame.communes
    period = frame.periods["2026-07"]
    _validated(
        db_engine,
        report(db_engine, rate, period, a, total=10, parts=by_sex(5, 5, 0)),
        report(db_engine, rate, period, b, total=20, parts=by_sex(10, 10, 0)),
    )
    shown = []
    with Session(db_engine) as session:
        for by in ("region", "commune"):
            with contextlib.suppress(ValueError):  # refusing to sum is a fix too
                shown.append(breakdown(session, rate, "2026-07", by=by, suppressed=False))
    females = [row.total for rows in shown for row in rows.itertuples() if row.category == "female"]
    assert 15 not in females  # a's 5 women added to b's 10
    assert sorted(females) == [5, 10]  # shown per commune, as reported


# Suppression: "every such sum ends with no hidden cell, or two or more whose sum is not
# itself a small count" - a percentage's hidden cells are judged by numerators mixed with
# denominators, so the hidden numerators of a row can add up to a small count.


def test_a_percentage_rows_hidden_numerators_never_add_up_to_a_small_count(db_engine, frame):
    a, b, _ = frame.communes
    period = frame.periods["2026-07"]
    _validated(
        db_engine,
        report(
            db_engine,
            frame.share,
            period,
            a,
            numerator=23,
            denominator=49,
            parts={
                ("sex", "female"): (3, 3),
                ("sex", "male"): (20, 40),
                ("sex", "unknown"): (0, 6),
            },
        ),
        report(
            db_engine,
            frame.share,
            period,
            b,
            numerator=30,
            denominator=60,
            parts={
                ("sex", "female"): (15, 30),
                ("sex", "male"): (15, 30),
                ("sex", "unknown"): (0, 0),
            },
        ),
    )
    with Session(db_engine) as session:
        totals = result_reads.rollup(session, frame.share, by="commune").frame
        public = breakdown(session, frame.share, "2026-07", by="commune", suppressed=True)
    for row in totals.itertuples():  # each commune's numerator is shown beside its parts
        cells = public[public["territory"] == row.territory]
        if cells["hidden"].any():
            hidden_sum = row.numerator - cells.loc[~cells["hidden"], "numerator"].sum()
            assert not is_small(hidden_sum), (row.territory, hidden_sum)  # a: 23 - 20 = 3


# Suppression across groupings: the public breakdown per province, minus the communes' cells
# the breakdown per commune shows, gives back a commune's hidden cell in one subtraction.


def test_a_provinces_breakdown_does_not_give_back_a_communes_hidden_cell(db_engine, frame):
    a, b, c = frame.communes  # a and b in one province, c in another
    period = frame.periods["2026-07"]
    _validated(
        db_engine,
        *(
            report(db_engine, frame.people, period, code, total=sum(n), parts=by_sex(*n))
            for code, n in ((a, (3, 20, 0)), (b, (30, 18, 0)), (c, (10, 15, 0)))
        ),
    )
    with Session(db_engine) as session:
        communes = breakdown(session, frame.people, "2026-07", by="commune", suppressed=True)
        provinces = breakdown(session, frame.people, "2026-07", by="province", suppressed=True)
    province_of = {code: code.rsplit(".", 2)[0] for code in (a, b, c)}
    shown = {(r.territory, r.category): r.total for r in provinces.itertuples() if not r.hidden}
    for category in ("female", "male", "unknown"):
        for province in sorted(set(province_of.values())):
            rows = communes[
                (communes["category"] == category)
                & communes["territory"].map(lambda t, p=province: province_of.get(t) == p)
            ]
            if (province, category) in shown and rows["hidden"].sum() == 1:
                revealed = shown[(province, category)] - rows.loc[~rows["hidden"], "total"].sum()
                pytest.fail(
                    f"{category} of {rows.loc[rows['hidden'], 'territory'].item()}: "
                    f"{shown[(province, category)]} - shown = {revealed}"
                )
    assert ALL in set(communes["territory"])


# Approval: "never their own submission (administrators included)" - an administrator who
# wrote the numbers validates them once anyone else has pressed submit.


def test_nobody_validates_numbers_they_wrote_themselves(db_engine, frame):
    value_id, version = report(
        db_engine, frame.level, frame.periods["2026-10"], "09", who=ADMIN, total=999
    )
    version = take_step(
        db_engine, actor=EDITOR_09, action=ValueAction.SUBMITTED, values=[(value_id, version)]
    )[value_id]
    before = dump(db_engine)
    with pytest.raises(ValidationFailed) as refused:
        take_step(
            db_engine, actor=ADMIN, action=ValueAction.VALIDATED, values=[(value_id, version)]
        )
    assert [p.code for p in refused.value.problems] == ["error.own_submission"]
    assert dump(db_engine) == before


# Checks report problems, they do not crash: a part's key that is not (dimension, category).


@pytest.mark.parametrize("key", [(), ("sex",)])
def test_a_malformed_part_key_is_refused_not_a_crash(db_engine, frame, key):
    with pytest.raises(ValidationFailed):
        report(
            db_engine,
            frame.people,
            frame.periods["2026-07"],
            frame.communes[0],
            total=1,
            parts={key: 1},
        )
