"""Small helpers shared by the service tests."""

import sqlite3
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from models import Measure
from models.codes import Role
from services.actors import Actor


def dump(engine) -> str:
    """Every row of the SQLite database behind `engine`, as SQL text."""
    with sqlite3.connect(engine.url.database) as connection:
        return "\n".join(connection.iterdump())


def measure_where(engine, **criteria) -> Measure:
    """The first measure (by code) matching column values."""
    with Session(engine) as session:
        statement = select(Measure).filter_by(**criteria).order_by(Measure.code)
        return session.execute(statement).scalars().first()


def actor(role: Role, *regions: str) -> Actor:
    """An actor with a role and regions, for permission tests."""
    return Actor(f"{role}-{'-'.join(regions) or 'all'}", "Test user", role, frozenset(regions))


ADMIN = Actor("admin", "Admin", Role.ADMIN)
EDITOR_09 = actor(Role.EDITOR, "09")
EDITOR_05 = actor(Role.EDITOR, "05")
VIEWER = actor(Role.VIEWER)
TODAY = date(2026, 11, 15)
