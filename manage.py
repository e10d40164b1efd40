"""Command line for administrators: `python manage.py <command>` (see --help)."""

import argparse
import getpass
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from i18n.catalog import translate
from seed.accounts import create_demo_accounts
from seed.loader import NotEmpty, UserDataFound, is_empty, load_demo, user_data_counts
from seed.user_data import describe
from services import accounts
from services.actors import COMMAND_LINE
from services.backup import backup
from services.db import make_engine
from services.errors import NotFound, Problem, ServiceError, ValidationFailed
from services.migrate import migrate
from services.restore import restore
from services.settings import database_url


def run_migrate(_args: argparse.Namespace) -> None:
    """Upgrade the database at DATABASE_URL to the newest schema."""
    url = database_url()
    migrate(url)
    print(f"Database {make_url(url).render_as_string(hide_password=True)} is up to date.")


def run_seed(args: argparse.Namespace) -> None:
    """Load the territory and the demo data into the database at DATABASE_URL."""
    if args.destroy_user_data and not args.force:
        raise ValueError("--destroy-user-data goes with --force")
    url = database_url()
    engine = make_engine(url)
    try:
        if args.if_empty and not is_empty(engine):
            return
        confirmed = None
        if args.destroy_user_data:
            confirmed = confirm_destruction(_database_name(url), user_data_counts(engine))
        counts = load_demo(engine, force=args.force, destroy_user_data=confirmed)
        created = create_demo_accounts(engine)
    except NotEmpty as exc:
        raise ValueError(f"{exc}; 'seed --if-empty' does nothing on a filled database") from exc
    except UserDataFound as exc:
        raise ValueError(f"{exc}; nothing was changed (see 'manage.py seed --help')") from exc
    finally:
        engine.dispose()
    print("Seeded rows: " + ", ".join(f"{table} {count}" for table, count in counts.items()))
    if created:
        # Shown this once: only the argon2 hashes are stored.
        print("Demo accounts (note the passwords now, they are not shown again):")
        for username, password in created:
            print(f"  {username:<18} {password}")


def confirm_destruction(
    database: str,
    found: dict[str, int],
    *,
    ask=input,
    at_terminal=lambda: sys.stdin.isatty(),
) -> dict[str, int]:
    """The counts of data people entered that the operator agreed, at a terminal, to delete."""
    if not at_terminal():
        raise ValueError(
            "--destroy-user-data is confirmed at a terminal, and standard input is not one; "
            "nothing was changed"
        )
    if not any(found.values()):
        return found
    prompt = (
        f"{database} holds data people entered ({describe(found)}); its measure history, "
        f"meetings and decisions will be deleted for good. Type {database} to go on: "
    )
    try:
        answer = ask(prompt)
    except (EOFError, KeyboardInterrupt):
        answer = None
    if answer != database:
        raise ValueError(f"you did not type {database}; nothing was changed")
    return found


def _database_name(url: str) -> str:
    """What the operator types to confirm: the SQLite file's name or the PostgreSQL database's."""
    parsed = make_url(url)
    name = parsed.database or ""
    # An empty name would be confirmed by a bare Enter.
    return (Path(name).name if parsed.get_backend_name() == "sqlite" else name) or "destroy"


def run_backup(args: argparse.Namespace) -> None:
    """Write a consistent backup of the database at DATABASE_URL to a new file."""
    size = backup(database_url(), args.path)
    print(f"Backup written to {args.path} ({size:,} bytes).")


def run_restore(args: argparse.Namespace) -> None:
    """Restore a backup into the database at DATABASE_URL, which must hold no data."""
    url = database_url()
    restore(url, args.path)
    print(f"Restored {args.path} into {make_url(url).render_as_string(hide_password=True)}.")


def _password() -> str:
    """The new password: typed twice at a terminal, else the first line of standard input."""
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Password (again): ") != first:
            raise ValueError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _account_change(username: str, change):
    """Run one account service call; its refusal becomes one plain-English sentence."""
    engine = make_engine()
    try:
        return change(engine)
    except NotFound:
        raise ValueError(f"no account named {username!r}") from None
    except ServiceError as error:
        raise ValueError(_explain(error.problems)) from None
    finally:
        engine.dispose()


def _explain(problems: tuple[Problem, ...]) -> str:
    # The UI's English messages, without the bidi isolates they put around values.
    texts = (translate("en", p.code, **p.params) for p in problems)
    return " ".join(texts).replace("\u2068", "").replace("\u2069", "")


def run_create_user(args: argparse.Namespace) -> None:
    """Create an account; the password comes from standard input (or is asked for twice)."""
    password = _password()
    regions = args.region or []
    _account_change(
        args.username,
        lambda engine: accounts.create_user(
            engine,
            actor=COMMAND_LINE,
            username=args.username,
            display_name=args.display_name or args.username,
            password=password,
            role=args.role,
            regions=regions,
        ),
    )
    where = f", regions {' '.join(sorted(regions))}" if args.role == "editor" else ""
    print(f"Account {args.username.strip().lower()} created ({args.role}{where}).")


def run_set_password(args: argparse.Namespace) -> None:
    """Replace an account's password (from standard input or asked twice); ends its sessions."""
    password = _password()
    _account_change(
        args.username,
        lambda engine: accounts.set_password(
            engine, actor=COMMAND_LINE, username=args.username, password=password
        ),
    )
    print(f"Password of {args.username} changed; its open sessions were ended.")


def run_deactivate(args: argparse.Namespace) -> None:
    """Deactivate an account: it can no longer sign in, and its sessions end."""

    def deactivate(engine) -> bool:
        try:
            accounts.set_active(engine, actor=COMMAND_LINE, username=args.username, active=False)
        except ValidationFailed as error:
            if [p.code for p in error.problems] != ["error.nothing_changed"]:
                raise
            return False
        return True

    if _account_change(args.username, deactivate):
        print(f"Account {args.username} deactivated; its open sessions were ended.")
    else:
        print(f"Account {args.username} was already inactive.")


def build_parser() -> argparse.ArgumentParser:
    """The parser: one subcommand per admin task, each bound to its run_* function."""
    parser = argparse.ArgumentParser(prog="manage.py", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")

    migrate_cmd = commands.add_parser("migrate", help=run_migrate.__doc__)
    migrate_cmd.set_defaults(run=run_migrate)

    seed_cmd = commands.add_parser("seed", help=run_seed.__doc__)
    when = seed_cmd.add_mutually_exclusive_group()
    when.add_argument(
        "--if-empty", action="store_true", help="do nothing (exit 0) when data already exists"
    )
    when.add_argument(
        "--force",
        action="store_true",
        help="replace untouched demo data (the territory and accounts are kept); refused when "
        "people entered data (measure history, meetings, decisions, accounts, audit entries)",
    )
    seed_cmd.add_argument(
        "--destroy-user-data",
        action="store_true",
        help="with --force: also delete the measure history, meetings and decisions people "
        "entered (accounts and the audit trail stay); asks you to type the database name at a "
        "terminal, refused without one",
    )
    seed_cmd.set_defaults(run=run_seed)

    backup_cmd = commands.add_parser("backup", help=run_backup.__doc__)
    backup_cmd.add_argument(
        "path",
        type=Path,
        help="new file (SQLite: a database file; PostgreSQL: pg_dump custom format)",
    )
    backup_cmd.set_defaults(run=run_backup)

    restore_cmd = commands.add_parser("restore", help=run_restore.__doc__)
    restore_cmd.add_argument("path", type=Path, help="a file written by 'manage.py backup'")
    restore_cmd.set_defaults(run=run_restore)

    create_cmd = commands.add_parser("create-user", help=run_create_user.__doc__)
    create_cmd.add_argument("username", help="3 to 40 of a-z, 0-9, dot, hyphen, underscore")
    create_cmd.add_argument("--role", required=True, help="viewer, editor or admin")
    create_cmd.add_argument(
        "--region",
        action="append",
        metavar="CODE",
        help="HCP code of a region an editor may change (repeat for several)",
    )
    create_cmd.add_argument("--display-name", help="name shown in the app (default: username)")
    create_cmd.set_defaults(run=run_create_user)

    password_cmd = commands.add_parser("set-password", help=run_set_password.__doc__)
    password_cmd.add_argument("username")
    password_cmd.set_defaults(run=run_set_password)

    deactivate_cmd = commands.add_parser("deactivate", help=run_deactivate.__doc__)
    deactivate_cmd.add_argument("username")
    deactivate_cmd.set_defaults(run=run_deactivate)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; any failure becomes one line on stderr and exit code 1."""
    args = build_parser().parse_args(argv)
    try:
        args.run(args)
    except Exception as exc:
        print(f"manage.py {args.command}: error: {_first_line(exc)}", file=sys.stderr)
        return 1
    return 0


def _first_line(exc: Exception) -> str:
    # SQLAlchemy messages run on with the SQL and a help link; the first line says it all.
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


if __name__ == "__main__":
    sys.exit(main())
