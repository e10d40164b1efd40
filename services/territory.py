"""Regions, provinces and communes for filters and labels."""

import pandas as pd
from sqlalchemy import select
from sqlmodel import Session

from models import Axis, Province, Region, Strategy
from services.result_frames import result_frame


def regions(session: Session) -> pd.DataFrame:
    """All regions, pilot flag included, in HCP order."""
    return result_frame(
        session,
        select(
            Region.code, Region.name_fr, Region.name_ar, Region.name_en, Region.is_pilot
        ).order_by(Region.code),
    )


def provinces(session: Session, region: str | None) -> pd.DataFrame:
    """Provinces and prefectures, of one region when given."""
    statement = select(
        Province.code, Province.region_code, Province.kind, Province.name_fr, Province.name_ar
    ).order_by(Province.code)
    if region:
        statement = statement.where(Province.region_code == region)
    return result_frame(session, statement)


def axes(session: Session, region: str | None) -> pd.DataFrame:
    """Strategy axes, of one region's strategies when given."""
    statement = (
        select(
            Axis.id,
            Axis.code,
            Axis.title_fr,
            Axis.title_ar,
            Axis.title_en,
            Strategy.region_code,
        )
        .join(Strategy, Strategy.id == Axis.strategy_id)
        .order_by(Strategy.region_code, Axis.position, Axis.code)
    )
    if region:
        statement = statement.where(Strategy.region_code == region)
    return result_frame(session, statement)
