"""The house rules, read from the code: imports only run down the layers, files stay small.

Layers, top first (a module may import its own layer's modules and anything below):
  server    server.py (the ASGI app: Streamlit plus the web routes)
  entries   pages/, dashboard.py, manage.py, web/, benchmarks/
  ui        ui/ (Streamlit widgets, forms, cached reads)
  shared    figures/, exports/, i18n/, security/ (no Streamlit)
  services  services/ (every query and write; no Streamlit)
  models    models/ (tables, code lists, limits)
seed/ loads demo data through services and models, and is used by manage.py and the tests.
"""

import ast
from pathlib import Path

import pytest

from tests.tree import APP_CODE, ROOT, python_files

LAYERS = {
    "server": 6,
    "pages": 5, "dashboard": 5, "manage": 5, "web": 5, "benchmarks": 5,
    "ui": 4,
    "seed": 3,
    "figures": 2, "exports": 2, "i18n": 2, "security": 2,
    "services": 1,
    "models": 0,
}  # fmt: skip
# Shared packages may use each other, in this order only (a package uses those after it).
SHARED_ORDER = ("figures", "exports", "i18n", "security")
# Entries never import each other; `ui/` is for pages only.
ENTRIES_WITHOUT_UI = {"web", "manage", "seed"}
DATABASE_PACKAGES = {"sqlmodel", "sqlalchemy", "sqlite3", "psycopg"}
PAGE_MAX_LINES = 150
MODULE_MAX_LINES = 300


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


def layer_of(path: Path) -> str:
    """The project package (or top-level module) a file belongs to."""
    return path.relative_to(ROOT).parts[0].removesuffix(".py")


def wrong_imports(path: Path) -> list[str]:
    """The imports of one file that run up the layers, sideways between entries, or in a circle
    of shared packages."""
    own = layer_of(path)
    wrong = []
    for name in sorted(imported_packages(path) & set(LAYERS)):
        if name == own:
            continue
        up = LAYERS[name] > LAYERS[own]
        sideways = LAYERS[name] == LAYERS[own] and (
            own not in SHARED_ORDER or SHARED_ORDER.index(name) < SHARED_ORDER.index(own)
        )
        if up or sideways or (name == "ui" and own in ENTRIES_WITHOUT_UI):
            wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    return wrong


def app_files() -> list[Path]:
    return python_files(*APP_CODE, "benchmarks")


def test_every_import_runs_down_the_layers():
    offenders = [hit for path in app_files() for hit in wrong_imports(path)]
    assert offenders == []


@pytest.mark.parametrize(
    ("where", "source", "expected"),
    [
        ("web/x.py", "from ui import context", ["web/x.py imports ui"]),
        ("manage.py", "import ui.frame", ["manage.py imports ui"]),
        ("services/x.py", "from ui import data", ["services/x.py imports ui"]),
        ("models/x.py", "from services import db", ["models/x.py imports services"]),
        ("i18n/x.py", "from figures import charts", ["i18n/x.py imports figures"]),
        ("ui/x.py", "from web.routes import routes", ["ui/x.py imports web"]),
        ("pages/x.py", "from ui import data\nfrom services import db", []),
        ("figures/x.py", "from i18n import catalog", []),
    ],
)
def test_the_import_rule_bites(tmp_path, monkeypatch, where, source, expected):
    monkeypatch.setattr("tests.test_layers.ROOT", tmp_path)
    path = tmp_path / where
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source + "\n", encoding="utf-8")
    assert wrong_imports(path) == expected


def test_every_project_package_has_a_layer():
    packages = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()}
    assert packages - {"tests", "migrations"} <= set(LAYERS)


def test_pages_and_dashboard_do_not_touch_the_database_or_models():
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            imported_packages(path) & (DATABASE_PACKAGES | {"models"})
        )
        for path in python_files("pages", "dashboard.py")
        if imported_packages(path) & (DATABASE_PACKAGES | {"models"})
    }
    assert offenders == {}


def test_only_ui_and_pages_import_streamlit():
    # server.py builds the st.App and the benchmarks time pages under AppTest; the shared
    # packages and everything below stay framework-free.
    allowed = {"pages", "dashboard", "server", "ui", "benchmarks"}
    offenders = [
        str(path.relative_to(ROOT))
        for path in app_files()
        if "streamlit" in imported_packages(path) and layer_of(path) not in allowed
    ]
    assert offenders == []


def test_pages_and_modules_stay_small():
    too_long = []
    for path in app_files():
        limit = PAGE_MAX_LINES if layer_of(path) == "pages" else MODULE_MAX_LINES
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > limit:
            too_long.append(f"{path.relative_to(ROOT)}: {lines} > {limit}")
    assert too_long == []


def test_the_language_and_the_region_are_named_once():
    """One session key and one URL parameter each, declared in ui/context.py only."""
    names = {"frame.lang", "frame.region", "ctx.lang", "ctx.region", "sidebar.lang"}
    found = []
    for path in app_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in names:
                found.append(f"{path.relative_to(ROOT)}: {node.value}")
    assert found == ["ui/context.py: frame.lang", "ui/context.py: frame.region"]
