"""The results pages' reads: achievement against the plan target (validated values only, a
flow's periods added, a level's latest value per territory), values paged with their
territory's names, and what the reporting form reads back."""

import pandas as pd
import pytest
from sqlmodel import Session

from models.result_codes import ValueStatus
from services import achievement, indicator_reads, report_reads
from services.errors import ValidationFailed
from tests.result_helpers import build, by_sex, report, validated


@pytest.fixture
def frame(db_engine):
    return build(db_engine)


def _row(engine, code):
    with Session(engine) as session:
        found = achievement.achievement(session, "09")
    return found[found["code"] == code].iloc[0].to_dict()


def test_a_flow_adds_its_validated_periods_from_the_baseline_towards_the_target(db_engine, frame):
    march, july = frame.periods["2026-03"], frame.periods["2026-07"]
    a, b, _ = frame.communes
    validated(
        db_engine,
        report(db_engine, frame.people, march, a, total=100, parts=by_sex(50, 50, 0)),
        report(db_engine, frame.people, july, b, total=60, parts=by_sex(30, 30, 0)),
    )
    report(db_engine, frame.people, july, a, total=5000, parts=by_sex(2500, 2500, 0))  # a draft
    row = _row(db_engine, "T-PEOPLE")
    assert row["actual"] == 160
    # Baseline 40, target 600: 120 of the 560 to go.
    assert row["share"] == pytest.approx(120 / 560)


def test_a_level_keeps_each_territorys_latest_value(db_engine, frame):
    march, july = frame.periods["2026-03"], frame.periods["2026-07"]
    validated(
        db_engine,
        report(db_engine, frame.level, march, "09", total=10),
        report(db_engine, frame.level, july, "09", total=30),
    )
    row = _row(db_engine, "T-LEVEL")
    assert row["actual"] == 30  # not 40
    assert row["share"] is None or row["share"] != row["share"]  # no plan target: no share


def test_a_percentage_is_its_summed_numerators_over_denominators(db_engine, frame):
    period = frame.periods["2026-07"]
    a, b, _ = frame.communes
    parts = {("sex", "female"): (1, 2), ("sex", "male"): (0, 2), ("sex", "unknown"): (0, 0)}
    validated(
        db_engine,
        report(db_engine, frame.share, period, a, numerator=1, denominator=4, parts=parts),
        report(
            db_engine,
            frame.share,
            period,
            b,
            numerator=30,
            denominator=40,
            parts={
                k: (30 if k[1] == "female" else 0, 40 if k[1] == "female" else 0) for k in parts
            },
        ),
    )
    row = _row(db_engine, "T-SHARE")
    assert row["actual"] == pytest.approx(100 * 31 / 44)
    assert row["share"] == pytest.approx((100 * 31 / 44) / 80)


def test_qualitative_and_unsummed_indicators_have_no_achievement(db_engine, frame):
    with Session(db_engine) as session:
        codes = set(achievement.achievement(session, "09")["code"])
    assert {"T-PEOPLE", "T-SHARE", "T-LEVEL"} <= codes
    assert not {"T-STORY", "T-SPOT"} & codes


def test_a_region_mean_caps_each_share_at_the_target():
    frame = pd.DataFrame(
        {"region_code": ["09", "09", "09"], "id": [1, 2, 3], "share": [3.0, 0.5, None]}
    )
    [row] = achievement.region_achievement(frame).to_dict("records")
    assert (row["indicators"], row["measured"]) == (3, 2)
    assert row["mean_share"] == pytest.approx(0.75)  # (1 + 0.5) / 2, not (3 + 0.5) / 2


def test_values_are_paged_by_status_with_their_territorys_name(db_engine, frame):
    period = frame.periods["2026-07"]
    a, b, c = frame.communes
    validated(db_engine, report(db_engine, frame.people, period, a, total=8, parts=by_sex(4, 4, 0)))
    report(db_engine, frame.people, period, b, total=9, parts=by_sex(4, 5, 0))
    report(db_engine, frame.people, period, c, total=7, parts=by_sex(3, 4, 0))
    with Session(db_engine) as session:
        public, count = indicator_reads.values(
            session, frame.people, statuses=(ValueStatus.VALIDATED,)
        )
        every, total = indicator_reads.values(
            session, frame.people, statuses=tuple(ValueStatus), limit=2, offset=2
        )
    assert (count, public["total"].tolist(), public["territory"].tolist()) == (1, [8], [a])
    assert public["territory_fr"].iloc[0] and public["territory_ar"].iloc[0]
    assert (total, len(every)) == (3, 1)  # the third of three, on the second page of two


def test_the_form_reads_back_the_stored_value_and_its_parts(db_engine, frame):
    period = frame.periods["2026-07"]
    a = frame.communes[0]
    value_id, version = report(
        db_engine, frame.people, period, a, total=12, parts=by_sex(5, 6, 1), comment="Vu"
    )
    with Session(db_engine) as session:
        stored = report_reads.stored_value(session, frame.people, period, a)
        nothing = report_reads.stored_value(session, frame.people, period, frame.communes[1])
        listed = report_reads.period_values(session, "09", period)
    assert (stored["id"], stored["version"], stored["total"]) == (value_id, version, 12)
    assert stored["parts"][("sex", "unknown")] == (1, None, None)
    assert stored["comment_fr"] == "Vu"
    assert nothing is None
    assert listed["id"].is_unique
    mine = listed[listed["indicator"] == "T-PEOPLE"]
    assert mine[["id", "indicator", "territory", "status"]].values.tolist() == [
        [value_id, "T-PEOPLE", a, "draft"]
    ]


def test_the_public_never_sees_a_small_count_of_people_nor_its_complement(db_engine, frame):
    period = frame.periods["2026-07"]
    a, b, c = frame.communes
    validated(
        db_engine,
        report(db_engine, frame.people, period, a, total=3, parts=by_sex(1, 2, 0)),
        report(db_engine, frame.people, period, b, total=40, parts=by_sex(20, 20, 0)),
        report(db_engine, frame.people, period, c, total=60, parts=by_sex(30, 30, 0)),
    )
    with Session(db_engine) as session:
        public, _ = indicator_reads.values(
            session, frame.people, statuses=(ValueStatus.VALIDATED,), suppressed=True
        )
        inside, _ = indicator_reads.values(session, frame.people, statuses=(ValueStatus.VALIDATED,))
    hidden = public[public["hidden"]]
    # The 3 is hidden, and one more: the period's total (103) minus 40 would give it back.
    assert a in set(hidden["territory"]) and len(hidden) == 2
    assert hidden["total"].isna().all() and hidden["value"].isna().all()
    assert sorted(inside["total"].tolist()) == [3, 40, 60] and not inside["hidden"].any()


def test_nothing_is_reported_in_a_period_not_begun(db_engine, frame, monkeypatch):
    monkeypatch.setenv("MARSAD_TODAY", "2026-05-01")
    with pytest.raises(ValidationFailed) as refused:
        report(db_engine, frame.level, frame.periods["2026-10"], "09", total=5)
    assert [p.code for p in refused.value.problems] == ["error.period_not_started"]
    with Session(db_engine) as session:
        assert (
            report_reads.stored_value(session, frame.level, frame.periods["2026-10"], "09") is None
        )
