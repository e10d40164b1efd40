"""Demo accounts: an admin, one editor and one validator per pilot region, passwords made at
seed time.

The passwords are random (secrets.token_urlsafe), returned once for manage.py to print, and
stored only as argon2 hashes; nothing here is committed or written anywhere else.
"""

import secrets

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import User
from models.codes import Role
from services.accounts import create_user
from services.actors import COMMAND_LINE

# (username, display name, role, regions)
DEMO_ACCOUNTS = (
    ("admin", "Administrateur (démo)", Role.ADMIN, ()),
    ("editor.oriental", "Éditeur Oriental (démo)", Role.EDITOR, ("02",)),
    ("editor.bmk", "Éditeur Béni Mellal-Khénifra (démo)", Role.EDITOR, ("05",)),
    ("editor.souss", "Éditeur Souss-Massa (démo)", Role.EDITOR, ("09",)),
    ("validator.oriental", "Validateur Oriental (démo)", Role.VALIDATOR, ("02",)),
    ("validator.bmk", "Validateur Béni Mellal-Khénifra (démo)", Role.VALIDATOR, ("05",)),
    ("validator.souss", "Validateur Souss-Massa (démo)", Role.VALIDATOR, ("09",)),
)
PASSWORD_BYTES = 12  # 16 URL-safe characters


def create_demo_accounts(engine: Engine) -> list[tuple[str, str]]:
    """Create the demo accounts that do not exist yet; (username, password) of each new one."""
    with Session(engine) as session:
        existing = set(session.execute(select(User.username)).scalars())
    created = []
    for username, display_name, role, regions in DEMO_ACCOUNTS:
        if username in existing:
            continue
        password = secrets.token_urlsafe(PASSWORD_BYTES)
        create_user(
            engine,
            actor=COMMAND_LINE,
            username=username,
            display_name=display_name,
            password=password,
            role=role,
            regions=regions,
        )
        created.append((username, password))
    return created
