"""Roll-ups, the period series and its cumulative line, target revisions and small-cell
suppression, read back from real databases (SQLite and PostgreSQL)."""

import pytest
from sqlmodel import Session

from services import result_reads, value_reads
from services.errors import StaleVersion, ValidationFailed
from services.result_breakdown import ALL, breakdown
from services.result_writes import revise_target
from tests.helpers import EDITOR_09
from tests.result_helpers import build, by_sex, report, validated


@pytest.fixture
def frame(db_engine):
    return build(db_engine)


def test_a_percentage_rolls_up_from_its_numerators_and_denominators(db_engine, frame):
    period = frame.periods["2026-07"]
    validated(
        db_engine,
        report(
            db_engine,
            frame.share,
            period,
            frame.communes[0],
            numerator=1,
            denominator=4,
            parts={("sex", "female"): (1, 2), ("sex", "male"): (0, 2), ("sex", "unknown"): (0, 0)},
        ),
        report(
            db_engine,
            frame.share,
            period,
            frame.communes[1],
            numerator=30,
            denominator=40,
            parts={
                ("sex", "female"): (20, 25),
                ("sex", "male"): (10, 15),
                ("sex", "unknown"): (0, 0),
            },
        ),
    )
    with Session(db_engine) as session:
        region = result_reads.rollup(session, frame.share, by="region").frame
        province = result_reads.rollup(session, frame.share, by="province").frame
    [row] = region.to_dict("records")
    assert (row["numerator"], row["denominator"], row["values"]) == (31, 44, 2)
    assert row["value"] == pytest.approx(100 * 31 / 44)  # 70.45 %, not the mean 50 %
    assert province["value"].tolist() == pytest.approx([100 * 31 / 44])


def test_only_validated_values_count(db_engine, frame):
    period = frame.periods["2026-07"]
    validated(
        db_engine,
        report(db_engine, frame.people, period, frame.communes[0], total=10, parts=by_sex(5, 5, 0)),
    )
    report(db_engine, frame.people, period, frame.communes[1], total=90, parts=by_sex(45, 45, 0))
    with Session(db_engine) as session:
        [row] = result_reads.rollup(session, frame.people, by="region").frame.to_dict("records")
    assert (row["total"], row["values"]) == (10, 1)


def test_unit_values_sum_up_each_territory_once(db_engine, frame):
    period = frame.periods["2026-07"]
    a, b, c = frame.communes
    validated(
        db_engine,
        *(
            report(db_engine, frame.people, period, code, total=n, parts=by_sex(n, 0, 0))
            for code, n in ((a, 10), (b, 20), (c, 40))
        ),
    )
    with Session(db_engine) as session:
        communes = result_reads.rollup(session, frame.people, by="commune").frame
        provinces = result_reads.rollup(session, frame.people, by="province").frame
        national = result_reads.rollup(session, frame.people, by="national").frame
        with pytest.raises(ValueError):
            result_reads.rollup(session, frame.level, by="commune")
    assert sorted(communes["total"]) == [10, 20, 40]
    assert sorted(provinces["total"]) == [30, 40]
    assert national["total"].tolist() == [70]


def test_qualitative_and_non_aggregatable_indicators_are_never_summed(db_engine, frame):
    period = frame.periods["2026-07"]
    validated(
        db_engine,
        report(db_engine, frame.story, period, "09", comment="Le comité se réunit"),
        report(db_engine, frame.spot, period, "09", total=12),
    )
    with Session(db_engine) as session:
        story = result_reads.rollup(session, frame.story, by="national")
        spot = result_reads.rollup(session, frame.spot, by="national")
        with pytest.raises(ValueError):
            result_reads.series(session, frame.story)
    assert story.not_summed == "qualitative" and "values" not in story.frame
    assert spot.not_summed == "not_aggregatable" and spot.frame["territory"].tolist() == ["09"]


def test_the_cumulative_line_adds_sessions_once_and_never_the_year(db_engine, frame):
    p = frame.periods
    validated(
        db_engine,
        *(
            report(
                db_engine, frame.people, p[code], frame.communes[0], total=n, parts=by_sex(n, 0, 0)
            )
            for code, n in (("2026-03", 10), ("2026-07", 20), ("2026-10", 30), ("2026", 60))
        ),
        report(
            db_engine, frame.people, p["2026-07"], frame.communes[1], total=5, parts=by_sex(5, 0, 0)
        ),
        *(
            report(db_engine, frame.level, p[code], "09", total=n)
            for code, n in (("2026-03", 50), ("2026-07", 45))
        ),
    )
    with Session(db_engine) as session:
        flow = result_reads.series(session, frame.people, region_code="09")
        level = result_reads.series(session, frame.level)
        years = result_reads.rollup(session, frame.people, by="region", kind="year").frame
    assert flow["period"].tolist() == ["2026-03", "2026-07", "2026-10"]
    assert flow["actual"].tolist() == [10, 25, 30]
    assert flow["cumulative"].tolist() == [10, 35, 65]  # the year's 60 is not added
    assert years["total"].tolist() == [60]
    assert level["cumulative"].tolist() == [50, 45]  # a level: the latest period stands


def test_a_percentage_cumulates_by_its_sums(db_engine, frame):
    p = frame.periods
    parts = {("sex", "female"): (0, 0), ("sex", "unknown"): (0, 0)}
    validated(
        db_engine,
        report(
            db_engine,
            frame.share,
            p["2026-03"],
            frame.communes[0],
            numerator=9,
            denominator=10,
            parts=parts | {("sex", "male"): (9, 10)},
        ),
        report(
            db_engine,
            frame.share,
            p["2026-07"],
            frame.communes[0],
            numerator=10,
            denominator=90,
            parts=parts | {("sex", "male"): (10, 90)},
        ),
    )
    with Session(db_engine) as session:
        share = result_reads.series(session, frame.share)
    assert share["actual"].tolist() == pytest.approx([90, 100 * 10 / 90])
    assert share["cumulative"].tolist() == pytest.approx([90, 19])  # 19/100, not (90+11)/2


def test_target_revisions_keep_the_old_value_who_and_why(db_engine, frame):
    version = revise_target(
        db_engine,
        actor=EDITOR_09,
        indicator_id=frame.people,
        expected_version=1,
        period_code=None,
        new_value=650,
        language="fr",
        reason="Second guichet ouvert",
    )
    version = revise_target(
        db_engine,
        actor=EDITOR_09,
        indicator_id=frame.people,
        expected_version=version,
        period_code="2026-10",
        new_value=120,
        language="fr",
        reason="Cible de session",
    )
    revise_target(
        db_engine,
        actor=EDITOR_09,
        indicator_id=frame.people,
        expected_version=version,
        period_code="2026-10",
        new_value=110,
        language="fr",
        reason="Budget réduit",
    )
    with pytest.raises(StaleVersion):
        revise_target(
            db_engine,
            actor=EDITOR_09,
            indicator_id=frame.people,
            expected_version=1,
            period_code=None,
            new_value=700,
            language="fr",
            reason="x",
        )
    with pytest.raises(ValidationFailed):
        revise_target(
            db_engine,
            actor=EDITOR_09,
            indicator_id=frame.people,
            expected_version=version + 1,
            period_code=None,
            new_value=700,
            language="fr",
            reason="",
        )
    with Session(db_engine) as session:
        revisions = value_reads.target_revisions(session, frame.people)
        series = result_reads.series(session, frame.people)
        indicator = result_reads.indicator(session, frame.people)
    shown = revisions[["period_code", "old_value", "new_value", "reason"]].astype(object)
    assert shown.where(shown.notna(), None).values.tolist() == [
        [None, 600, 650, "Second guichet ouvert"],
        ["2026-10", None, 120, "Cible de session"],
        ["2026-10", 120, 110, "Budget réduit"],
    ]
    assert set(revisions["revised_by"]) == {EDITOR_09.username}
    assert indicator.target_value == 650
    assert series.set_index("period").loc["2026-10", "target"] == 110


def _hidden_alone(cells, keys) -> bool:
    """Whether exactly one of the cells of a sum is hidden (then it could be recomputed)."""
    return sum(cells[key] for key in keys if key in cells) == 1


def test_small_cells_and_their_complements_are_hidden_in_public_reads(db_engine, frame):
    period = frame.periods["2026-07"]
    a, b, c = frame.communes
    validated(
        db_engine,
        report(db_engine, frame.people, period, a, total=23, parts=by_sex(3, 20, 0)),
        report(db_engine, frame.people, period, b, total=30, parts=by_sex(12, 18, 0)),
        report(db_engine, frame.people, period, c, total=40, parts=by_sex(25, 15, 0)),
    )
    with Session(db_engine) as session:
        public = breakdown(session, frame.people, "2026-07", by="commune", suppressed=True)
        internal = breakdown(session, frame.people, "2026-07", by="commune", suppressed=False)
    assert not internal["hidden"].any()
    assert internal.set_index(["territory", "category"]).loc[(a, "female"), "total"] == 3
    cells = {(r.territory, r.category): r.hidden for r in public.itertuples()}
    assert cells[(a, "female")] and public.loc[public["hidden"], "total"].isna().all()
    for territory in (a, b, c, ALL):  # each row's total is shown beside its parts
        assert not _hidden_alone(cells, [(territory, s) for s in ("female", "male", "unknown")])
    for category in ("female", "male", "unknown"):  # the ALL row adds up the communes
        assert not _hidden_alone(cells, [(t, category) for t in (a, b, c)] + [(ALL, category)])
    assert cells[(a, "male")]  # the complement in commune a's row
    assert not any(cells[(ALL, s)] for s in ("female", "male", "unknown"))  # totals stay


def test_a_single_territory_hides_the_all_row_with_it(db_engine, frame):
    period = frame.periods["2026-07"]
    validated(
        db_engine,
        report(db_engine, frame.people, period, frame.communes[0], total=10, parts=by_sex(2, 8, 0)),
    )
    with Session(db_engine) as session:
        public = breakdown(session, frame.people, "2026-07", by="commune", suppressed=True)
    hidden = set(
        public.loc[public["hidden"], "territory"] + ":" + public.loc[public["hidden"], "category"]
    )
    assert {f"{frame.communes[0]}:female", f"{ALL}:female"} <= hidden
