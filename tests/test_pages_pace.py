"""The overview against the PDR: each region's progress against where its measures should stand."""

import sqlite3
from datetime import date

import pytest

from i18n import formats
from i18n.catalog import translate
from tests.helpers import TODAY
from tests.pages_helpers import no_exception, open_page

pytestmark = pytest.mark.usefixtures("app_env")


def expected_today(start: date, end: date) -> float:
    """Where a measure planned from start to end should stand today, 0–100 (straight line)."""
    if start >= TODAY:
        return 0.0
    if end <= TODAY:
        return 100.0
    return 100 * (TODAY - start).days / (end - start).days


def pace_from_the_database(seeded_url: str, lang: str) -> dict[str, tuple[float, float, int]]:
    """Per region name in `lang`: mean progress, mean expected progress on the baseline dates,
    and cancelled measures, counted here measure by measure."""
    with sqlite3.connect(seeded_url.removeprefix("sqlite:///")) as db:
        rows = db.execute(
            f"SELECT r.name_{lang}, m.status, m.progress,"
            " coalesce(b.planned_start, m.planned_start), coalesce(b.planned_end, m.planned_end)"
            " FROM measure m JOIN region r ON r.code = m.region_code"
            " LEFT JOIN measurebaseline b ON b.measure_id = m.id"
            " WHERE m.withdrawn_at IS NULL"
        ).fetchall()
    found: dict[str, list] = {}
    for region, status, progress, start, end in rows:
        kept = found.setdefault(region, [[], [], 0])
        if status == "cancelled":
            kept[2] += 1
            continue
        kept[0].append(progress)
        kept[1].append(expected_today(date.fromisoformat(start), date.fromisoformat(end)))
    return {r: (sum(p) / len(p), sum(e) / len(e), c) for r, (p, e, c) in found.items()}


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_overview_gives_expected_against_actual_progress_for_every_region(lang, seeded_url):
    at = open_page("overview", lang=lang)
    no_exception(at)
    table = at.dataframe[0].value.set_index(translate(lang, "term.region"))
    direct = pace_from_the_database(seeded_url, lang)
    assert sorted(table.index) == sorted(direct) and len(direct) == 3
    for region, (progress, expected, cancelled) in direct.items():
        row = table.loc[region]
        assert row[translate(lang, "chart.avg_progress")] == formats.percent(lang, progress / 100)
        assert row[translate(lang, "chart.expected")] == formats.percent(lang, expected / 100)
        assert row[translate(lang, "column.cancelled")] == formats.number(lang, cancelled)
    # Measures lag their baseline line in every pilot region of the demo.
    assert all(progress < expected for progress, expected, _ in direct.values())
