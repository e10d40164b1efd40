"""Command line for administrators: `python manage.py <command>` (see --help)."""

import argparse
import getpass
import sys
import time
from pathlib import Path

from sqlalchemy.engine import make_url

from i18n.catalog import translate
from models.codes import REGIONAL_ROLES
from seed.accounts import create_demo_accounts
from seed.loader import (
    NotEmpty,
    UserDataFound,
    is_empty,
    load_demo,
    load_territory_only,
    user_data_counts,
)
from seed.national import add_national
from seed.user_data import confirm_destruction, database_name
from services import accounts, throttle
from services.actors import COMMAND_LINE
from services.backup import backup
from services.db import make_engine, refresh_statistics
from services.errors import NotFound, Problem, ServiceError, ValidationFailed
from services.migrate import migrate
from services.restore import restore
from services.retention import purge_logs
from services.settings import database_url


def run_migrate(_args: argparse.Namespace) -> None:
    """Upgrade the database at DATABASE_URL to the newest schema."""
    url = database_url()
    migrate(url)
    refresh_statistics(url)
    print(f"Database {make_url(url).render_as_string(hide_password=True)} is up to date.")


def run_seed(args: argparse.Namespace) -> None:
    """Load the territory and the demo data (or the territory only) at DATABASE_URL."""
    if args.destroy_user_data and not args.force:
        raise ValueError("--destroy-user-data goes with --force")
    url = database_url()
    engine = make_engine(url)
    try:
        if args.territory_only:
            counts, created = load_territory_only(engine), []
        elif args.if_empty and not is_empty(engine):
            return
        else:
            counts, created = _load_demo(args, url, engine)
    except NotEmpty as exc:
        raise ValueError(f"{exc}; 'seed --if-empty' does nothing on a filled database") from exc
    except UserDataFound as exc:
        raise ValueError(f"{exc}; nothing was changed (see 'manage.py seed --help')") from exc
    finally:
        engine.dispose()
    print("Seeded rows: " + _rows(counts))
    if created:
        # Shown this once: only the argon2 hashes are stored.
        print("Demo accounts (note the passwords now, they are not shown again):")
        for username, password in created:
            print(f"  {username:<18} {password}")


def _load_demo(args: argparse.Namespace, url: str, engine) -> tuple[dict, list]:
    confirmed = None
    if args.destroy_user_data:
        confirmed = confirm_destruction(database_name(url), user_data_counts(engine))
    counts = load_demo(engine, force=args.force, destroy_user_data=confirmed)
    return counts, create_demo_accounts(engine)


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
    where = f", regions {' '.join(sorted(regions))}" if args.role in REGIONAL_ROLES else ""
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


def run_lift_throttle(args: argparse.Namespace) -> None:
    """Let an account sign in again at once from every address its failures paused."""
    paused = _account_change(
        args.username,
        lambda engine: throttle.lift_throttle(engine, actor=COMMAND_LINE, username=args.username),
    )
    print(f"Sign-in throttle of {args.username} lifted ({paused} paused address(es) freed).")


def run_purge_logs(args: argparse.Namespace) -> None:
    """Delete sign-in log entries and ended sessions past the retention, and spent throttle rows."""
    engine = make_engine()
    try:
        done = purge_logs(engine, days=args.days)
    finally:
        engine.dispose()
    print(
        f"Removed {done.sign_in_events} sign-in log entries and {done.sessions} ended sessions "
        f"from before {done.cutoff:%Y-%m-%d %H:%M} UTC, and {done.throttle_rows} throttle rows."
    )


def run_bench_data(args: argparse.Namespace) -> None:
    """Migrate, seed if empty, then add national-scale illustrative data for benchmarks."""
    run_migrate(args)
    run_seed(build_parser().parse_args(["seed", "--if-empty"]))
    engine = make_engine()
    began = time.perf_counter()
    try:
        added = add_national(engine, measures=args.measures, history=args.history, seed=args.seed)
    finally:
        engine.dispose()
    refresh_statistics(database_url())
    print(f"Added rows in {time.perf_counter() - began:.1f} s: " + _rows(added))


def _rows(counts: dict[str, int]) -> str:
    return ", ".join(f"{table} {count}" for table, count in counts.items())


def _command(commands, name: str, run) -> argparse.ArgumentParser:
    """A subcommand that runs `run`, its help taken from its docstring."""
    command = commands.add_parser(name, help=run.__doc__)
    command.set_defaults(run=run)
    return command


def build_parser() -> argparse.ArgumentParser:
    """The parser: one subcommand per admin task, each bound to its run_* function."""
    parser = argparse.ArgumentParser(prog="manage.py", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")
    _command(commands, "migrate", run_migrate)
    seed_cmd = _command(commands, "seed", run_seed)
    when = seed_cmd.add_mutually_exclusive_group()
    when.add_argument(
        "--if-empty", action="store_true", help="do nothing (exit 0) when data already exists"
    )
    when.add_argument(
        "--territory-only",
        action="store_true",
        help="for a real installation: load the regions, provinces and communes only (no demo "
        "plans, no demo accounts), then create the first admin with create-user",
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
    backup_cmd = _command(commands, "backup", run_backup)
    backup_cmd.add_argument(
        "path",
        type=Path,
        help="new file (SQLite: a database file; PostgreSQL: pg_dump custom format)",
    )
    restore_cmd = _command(commands, "restore", run_restore)
    restore_cmd.add_argument("path", type=Path, help="a file written by 'manage.py backup'")
    create_cmd = _command(commands, "create-user", run_create_user)
    create_cmd.add_argument("username", help="3 to 40 of a-z, 0-9, dot, hyphen, underscore")
    create_cmd.add_argument("--role", required=True, help="viewer, editor, validator or admin")
    create_cmd.add_argument(
        "--region",
        action="append",
        metavar="CODE",
        help="HCP code of an editor's or validator's region (repeat for several)",
    )
    create_cmd.add_argument("--display-name", help="name shown in the app (default: username)")
    password_cmd = _command(commands, "set-password", run_set_password)
    password_cmd.add_argument("username")
    deactivate_cmd = _command(commands, "deactivate", run_deactivate)
    deactivate_cmd.add_argument("username")
    lift_cmd = _command(commands, "lift-throttle", run_lift_throttle)
    lift_cmd.add_argument("username")
    purge_cmd = _command(commands, "purge-logs", run_purge_logs)
    purge_cmd.add_argument("--days", type=int, help="instead of MARSAD_LOG_RETENTION_DAYS (180)")
    bench_cmd = _command(commands, "bench-data", run_bench_data)
    bench_cmd.add_argument("--measures", type=int, default=100_000, help="new measures (100000)")
    bench_cmd.add_argument("--history", type=int, default=1_000_000, help="history rows (1000000)")
    bench_cmd.add_argument(
        "--seed", type=int, default=7, help="the same seed gives the same rows (7)"
    )
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
