"""The layers only depend downwards: pages → ui → services → models."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_PACKAGES = {"sqlmodel", "sqlalchemy", "sqlite3", "psycopg"}


def imported_packages(path: Path) -> set[str]:
    """Top-level package names a Python file imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def files(*folders: str) -> list[Path]:
    found = [p for folder in folders for p in (ROOT / folder).rglob("*.py")]
    assert found, f"no Python files under {folders}"
    return found


def test_pages_and_dashboard_do_not_touch_the_database():
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & DATABASE_PACKAGES)
        for path in [*files("pages"), ROOT / "dashboard.py"]
        if imported_packages(path) & DATABASE_PACKAGES
    }
    assert offenders == {}


def test_pages_do_not_call_services_for_reads_or_models():
    offenders = [
        str(path.relative_to(ROOT))
        for path in [*files("pages"), ROOT / "dashboard.py"]
        if "models" in imported_packages(path)
    ]
    assert offenders == []


def test_services_and_models_do_not_import_streamlit():
    offenders = [
        str(path.relative_to(ROOT))
        for path in files("services", "models", "seed")
        if "streamlit" in imported_packages(path)
    ]
    assert offenders == []


def test_models_do_not_import_services_or_ui():
    offenders = [
        str(path.relative_to(ROOT))
        for path in files("models")
        if imported_packages(path) & {"services", "ui", "pages"}
    ]
    assert offenders == []


def test_the_web_routes_do_not_import_streamlit():
    offenders = [
        str(path.relative_to(ROOT))
        for path in files("web")
        if imported_packages(path) & {"streamlit", "pages"}
    ]
    assert offenders == []
