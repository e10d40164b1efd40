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
_CACHED: list = []


def cached(function):
    """A cached read of the pages (bounded, silent), which `clear()` empties after a write."""
    wrapped = st.cache_data(max_entries=MAX_ENTRIES, show_spinner=False)(function)
    _CACHED.append(wrapped)
    return wrapped


def shared(function):
    """Like `cached`, but every session gets the same object, not a copy: for reads drawn on
    every rerun of a busy page (unpickling a copy costs more than the drawing); never change
    what it returns."""
    wrapped = st.cache_resource(max_entries=MAX_ENTRIES, show_spinner=False)(function)
    _CACHED.append(wrapped)
    return wrapped


def cache_key() -> dict:
    """The keys every cached read takes: the database and its data revision."""
    return {"url": settings.database_url(), "revision": context.current().revision}


def reading(url: str):
    """A read-only session on the database at `url`."""
    return read_session(engine_for(url))


@cached
def _regions(*, url: str, revision: int) -> pd.DataFrame:
    with reading(url) as session:
        return territory.regions(session)


def regions() -> pd.DataFrame:
    """All regions (code, names, pilot flag)."""
    return _regions(**cache_key())


@cached
def _filter_choices(*, url: str, revision: int, region: str | None) -> dict[str, pd.DataFrame]:
    with reading(url) as session:
        return {
            "provinces": territory.provinces(session, region),
            "axes": territory.axes(session, region),
        }


def filter_choices(region: str | None) -> dict[str, pd.DataFrame]:
    """Provinces and strategy axes offered by the measure filters of a region."""
    return _filter_choices(**cache_key(), region=region)


@cached
def _measure_page(
    *, url: str, revision: int, flt: MeasureFilter, today: date, page: int, size: int
) -> measures.MeasurePage:
    with reading(url) as session:
        return measures.list_measures(session, flt, today, page=page, page_size=size)


def measure_page(flt: MeasureFilter, today: date, page: int, size: int) -> measures.MeasurePage:
    """One page of the filtered measure list with its total."""
    return _measure_page(**cache_key(), flt=flt, today=today, page=page, size=size)


@cached
def _measure(*, url: str, revision: int, measure_id: int, today: date):
    with reading(url) as session:
        detail = measures.measure_detail(session, measure_id, today)
        history = measures.measure_history(session, measure_id) if detail else None
        return detail, history


def measure(measure_id: int, today: date) -> tuple[measures.MeasureDetail | None, pd.DataFrame]:
    """A measure's detail (None when it does not exist) and its history, newest first."""
    return _measure(**cache_key(), measure_id=measure_id, today=today)


@cached
def _plan_history(*, url: str, revision: int, measure_id: int) -> plan_reads.PlanHistory:
    with reading(url) as session:
        return plan_reads.plan_history(session, measure_id)


def plan_history(measure_id: int) -> plan_reads.PlanHistory:
    """A measure's baseline and the revisions of its plan."""
    return _plan_history(**cache_key(), measure_id=measure_id)


@cached
def _plan_choices(*, url: str, revision: int, region: str | None) -> dict[str, pd.DataFrame]:
    with reading(url) as session:
        return {
            "provinces": territory.provinces(session, region),
            "communes": plan_reads.communes(session, region),
            "axes": territory.axes(session, region),
            "programmes": plan_reads.programmes(session),
            "decisions": plan_reads.region_decisions(session, region),
        }


def plan_choices(region: str | None) -> dict[str, pd.DataFrame]:
    """What a measure's plan form offers for a region (None: every region)."""
    return _plan_choices(**cache_key(), region=region)


@cached
def _strategies(
    *, url: str, revision: int, region: str | None, today: date
) -> tuple[pd.DataFrame, ...]:
    tallies.refresh(engine_for(url), today)
    with reading(url) as session:
        found = strategies.strategies(session, region)
        return found, strategies.axis_progress(session, [int(i) for i in found["id"]], today)


def strategy_list(region: str | None, today: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Strategies of one region (or all), and their axes with counts and mean progress."""
    return _strategies(**cache_key(), region=region, today=today)


@cached
def _strategy(*, url: str, revision: int, strategy: tuple, axes: tuple, today: date, limit: int):
    with reading(url) as session:
        return (
            strategies.axis_measures(session, list(axes), today, limit),
            field_sources(session, "strategy", *strategy),
        )


def strategy_detail(strategy: dict, axis_ids: list[int], today: date, limit: int) -> tuple:
    """The first `limit` measures of each of a strategy's axes, and its fields' sources."""
    key = (int(strategy["id"]), strategy["provenance"])
    return _strategy(**cache_key(), strategy=key, axes=tuple(axis_ids), today=today, limit=limit)


@cached
def _committees(*, url: str, revision: int, region: str | None, today: date) -> pd.DataFrame:
    with reading(url) as session:
        return committees.committees(session, region, today)


def committee_list(region: str | None, today: date) -> pd.DataFrame:
    """Committees of one region (or all) with their counts."""
    return _committees(**cache_key(), region=region, today=today)


@dataclass(frozen=True)
class CommitteeData:
    """One committee's members, meetings, decisions, corrections and withdrawn decisions."""

    members: pd.DataFrame
    meetings: pd.DataFrame
    decisions: pd.DataFrame
    provenance: dict[str, FieldSource]
    corrections: pd.DataFrame
    withdrawn_decisions: pd.DataFrame


@cached
def _committee(
    *, url: str, revision: int, committee_id: int, provenance: str, today: date
) -> CommitteeData:
    with reading(url) as session:
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
        **cache_key(),
        committee_id=int(committee["id"]),
        provenance=committee["provenance"],
        today=today,
    )


@cached
def _institutions(*, url: str, revision: int) -> pd.DataFrame:
    with reading(url) as session:
        return institutions.institutions(session)


def institution_registry() -> pd.DataFrame:
    """Every institution of the registry, for the forms' choices."""
    return _institutions(**cache_key())


@cached
def _evidence(*, url: str, revision: int, entity: str, ids: tuple[int, ...]) -> pd.DataFrame:
    with reading(url) as session:
        return evidence.evidence_list(session, entity, list(ids))


def evidence_files(entity: str, ids: list[int]) -> pd.DataFrame:
    """The evidence files (names and sizes, never content) of some records of one kind."""
    return _evidence(**cache_key(), entity=entity, ids=tuple(sorted(int(i) for i in ids)))


@cached
def _record(*, url: str, revision: int, kind: str, record_id: int) -> dict | None:
    with reading(url) as session:
        return record_reads.record_values(session, kind, record_id)


def record(kind: str, record_id: int) -> dict | None:
    """One editable record's stored values, id and version (services.record_kinds)."""
    return _record(**cache_key(), kind=kind, record_id=int(record_id))


@cached
def _note_corrections(*, url: str, revision: int, measure_id: int) -> pd.DataFrame:
    with reading(url) as session:
        return corrections.note_corrections(session, measure_id)


def note_corrections(measure_id: int) -> pd.DataFrame:
    """Every correction of a measure's update notes, newest first."""
    return _note_corrections(**cache_key(), measure_id=measure_id)


def clear() -> None:
    """Drop every cached read (after a write)."""
    for function in _CACHED:
        function.clear()
