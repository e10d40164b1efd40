"""Cached reads for the pages, keyed on the database URL, the data revision and plain filters.

Every write bumps the data revision (services.db.write_session), and the revision is read once
per run (ui.context.start), so a changed database is never served from a stale entry;
`clear()` after a write also frees the memory at once. Nothing here depends on the user.
Cached functions take keyword arguments only, so a key can never be passed in the wrong place.
"""

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from services import (
    committees,
    corrections,
    evidence,
    institutions,
    measures,
    overview,
    plan_reads,
    record_reads,
    settings,
    strategies,
    tallies,
    territory,
)
from services.db import engine_for, read_session
from services.filters import MeasureFilter
from services.provenance import FieldSource, field_sources
from ui import context

MAX_ENTRIES = 64


def _key() -> dict:
    return {"url": settings.database_url(), "revision": context.current().revision}


def _session(url: str):
    return read_session(engine_for(url))


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _regions(*, url: str, revision: int) -> pd.DataFrame:
    with _session(url) as session:
        return territory.regions(session)


def regions() -> pd.DataFrame:
    """All regions (code, names, pilot flag)."""
    return _regions(**_key())


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _filter_choices(*, url: str, revision: int, region: str | None) -> dict[str, pd.DataFrame]:
    with _session(url) as session:
        return {
            "provinces": territory.provinces(session, region),
            "axes": territory.axes(session, region),
        }


def filter_choices(region: str | None) -> dict[str, pd.DataFrame]:
    """Provinces and strategy axes offered by the measure filters of a region."""
    return _filter_choices(**_key(), region=region)


@dataclass(frozen=True)
class OverviewData:
    """Everything the overview page draws, read in one session."""

    headline: overview.Headline
    by_region: pd.DataFrame
    status_mix: pd.DataFrame
    health: pd.DataFrame
    timeline: pd.DataFrame
    at_risk: pd.DataFrame


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _overview(*, url: str, revision: int, flt: MeasureFilter, today: date) -> OverviewData:
    tallies.refresh(engine_for(url), today)
    with _session(url) as session:
        return OverviewData(
            headline=overview.headline(session, flt, today),
            by_region=overview.progress_by_region(session, flt, today),
            status_mix=overview.status_by_region(session, flt, today),
            health=overview.health_counts(session, flt, today),
            timeline=overview.timeline(session, flt, today),
            at_risk=overview.at_risk(session, flt, today),
        )


def overview_data(region: str | None, today: date) -> OverviewData:
    """Headline figures and the overview's aggregates for one region (or all)."""
    return _overview(**_key(), flt=MeasureFilter(region=region), today=today)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _measure_page(
    *, url: str, revision: int, flt: MeasureFilter, today: date, page: int, size: int
) -> measures.MeasurePage:
    with _session(url) as session:
        return measures.list_measures(session, flt, today, page=page, page_size=size)


def measure_page(flt: MeasureFilter, today: date, page: int, size: int) -> measures.MeasurePage:
    """One page of the filtered measure list with its total."""
    return _measure_page(**_key(), flt=flt, today=today, page=page, size=size)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _measure(*, url: str, revision: int, measure_id: int, today: date):
    with _session(url) as session:
        detail = measures.measure_detail(session, measure_id, today)
        history = measures.measure_history(session, measure_id) if detail else None
        return detail, history


def measure(measure_id: int, today: date) -> tuple[measures.MeasureDetail | None, pd.DataFrame]:
    """A measure's detail (None when it does not exist) and its history, newest first."""
    return _measure(**_key(), measure_id=measure_id, today=today)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _plan_history(*, url: str, revision: int, measure_id: int) -> plan_reads.PlanHistory:
    with _session(url) as session:
        return plan_reads.plan_history(session, measure_id)


def plan_history(measure_id: int) -> plan_reads.PlanHistory:
    """A measure's baseline and the revisions of its plan."""
    return _plan_history(**_key(), measure_id=measure_id)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _plan_choices(*, url: str, revision: int, region: str | None) -> dict[str, pd.DataFrame]:
    with _session(url) as session:
        return {
            "provinces": territory.provinces(session, region),
            "communes": plan_reads.communes(session, region),
            "axes": territory.axes(session, region),
            "programmes": plan_reads.programmes(session),
            "decisions": plan_reads.region_decisions(session, region),
        }


def plan_choices(region: str | None) -> dict[str, pd.DataFrame]:
    """What a measure's plan form offers for a region (None: every region)."""
    return _plan_choices(**_key(), region=region)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _strategies(
    *, url: str, revision: int, region: str | None, today: date
) -> tuple[pd.DataFrame, ...]:
    tallies.refresh(engine_for(url), today)
    with _session(url) as session:
        found = strategies.strategies(session, region)
        return found, strategies.axis_progress(session, [int(i) for i in found["id"]], today)


def strategy_list(region: str | None, today: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Strategies of one region (or all), and their axes with counts and mean progress."""
    return _strategies(**_key(), region=region, today=today)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _strategy(*, url: str, revision: int, strategy: tuple, axes: tuple, today: date, limit: int):
    with _session(url) as session:
        return (
            strategies.axis_measures(session, list(axes), today, limit),
            field_sources(session, "strategy", *strategy),
        )


def strategy_detail(strategy: dict, axis_ids: list[int], today: date, limit: int) -> tuple:
    """The first `limit` measures of each of a strategy's axes, and its fields' sources."""
    key = (int(strategy["id"]), strategy["provenance"])
    return _strategy(**_key(), strategy=key, axes=tuple(axis_ids), today=today, limit=limit)


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _committees(*, url: str, revision: int, region: str | None, today: date) -> pd.DataFrame:
    with _session(url) as session:
        return committees.committees(session, region, today)


def committee_list(region: str | None, today: date) -> pd.DataFrame:
    """Committees of one region (or all) with their counts."""
    return _committees(**_key(), region=region, today=today)


@dataclass(frozen=True)
class CommitteeData:
    """One committee's members, meetings, decisions, corrections and withdrawn decisions."""

    members: pd.DataFrame
    meetings: pd.DataFrame
    decisions: pd.DataFrame
    provenance: dict[str, FieldSource]
    corrections: pd.DataFrame
    withdrawn_decisions: pd.DataFrame


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _committee(
    *, url: str, revision: int, committee_id: int, provenance: str, today: date
) -> CommitteeData:
    with _session(url) as session:
        return CommitteeData(
            members=committees.members(session, committee_id),
            meetings=committees.meetings(session, committee_id),
            decisions=committees.decisions(session, committee_id, today),
            provenance=field_sources(session, "committee", committee_id, provenance),
            corrections=corrections.meeting_corrections(session, committee_id),
            withdrawn_decisions=committees.withdrawn_decisions(session, committee_id),
        )


def committee(committee: dict, today: date) -> CommitteeData:
    """Everything shown for one committee (a row of committee_list)."""
    return _committee(
        **_key(),
        committee_id=int(committee["id"]),
        provenance=committee["provenance"],
        today=today,
    )


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _institutions(*, url: str, revision: int) -> pd.DataFrame:
    with _session(url) as session:
        return institutions.institutions(session)


def institution_registry() -> pd.DataFrame:
    """Every institution of the registry, for the forms' choices."""
    return _institutions(**_key())


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _evidence(*, url: str, revision: int, entity: str, ids: tuple[int, ...]) -> pd.DataFrame:
    with _session(url) as session:
        return evidence.evidence_list(session, entity, list(ids))


def evidence_files(entity: str, ids: list[int]) -> pd.DataFrame:
    """The evidence files (names and sizes, never content) of some records of one kind."""
    return _evidence(**_key(), entity=entity, ids=tuple(sorted(int(i) for i in ids)))


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _record(*, url: str, revision: int, kind: str, record_id: int) -> dict | None:
    with _session(url) as session:
        return record_reads.record_values(session, kind, record_id)


def record(kind: str, record_id: int) -> dict | None:
    """One editable record's stored values, id and version (services.record_kinds)."""
    return _record(**_key(), kind=kind, record_id=int(record_id))


@st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)
def _note_corrections(*, url: str, revision: int, measure_id: int) -> pd.DataFrame:
    with _session(url) as session:
        return corrections.note_corrections(session, measure_id)


def note_corrections(measure_id: int) -> pd.DataFrame:
    """Every correction of a measure's update notes, newest first."""
    return _note_corrections(**_key(), measure_id=measure_id)


CACHED = (
    _regions,
    _filter_choices,
    _overview,
    _measure_page,
    _measure,
    _strategies,
    _committees,
    _committee,
    _institutions,
    _plan_history,
    _plan_choices,
    _evidence,
    _record,
    _note_corrections,
)


def clear() -> None:
    """Drop every cached read (after a write)."""
    for function in CACHED:
        function.clear()
