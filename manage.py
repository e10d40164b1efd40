"""Command line for administrators: `python manage.py <command>` (see --help)."""

import argparse
import sys

from sqlalchemy.engine import make_url

from seed.loader import NotEmpty, is_empty, load_demo
from services.db import database_url, make_engine
from services.migrate import migrate


def run_migrate(_args: argparse.Namespace) -> None:
    """Upgrade the database at DATABASE_URL to the newest schema."""
    url = database_url()
    migrate(url)
    print(f"Database {make_url(url).render_as_string(hide_password=True)} is up to date.")


def run_seed(args: argparse.Namespace) -> None:
    """Load the territory and the demo data into the database at DATABASE_URL."""
    engine = make_engine()
    try:
        if args.if_empty and not is_empty(engine):
            return
        counts = load_demo(engine, force=args.force)
    except NotEmpty as exc:
        raise NotEmpty(f"{exc}; 'seed --force' replaces it, 'seed --if-empty' skips") from exc
    finally:
        engine.dispose()
    print("Seeded rows: " + ", ".join(f"{table} {count}" for table, count in counts.items()))


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
        help="replace the existing demo data (the territory is kept)",
    )
    seed_cmd.set_defaults(run=run_seed)
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
