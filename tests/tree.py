"""The project's own source tree, for the tests that read code rather than run it."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Every folder and top-level file of application code, top layer first (tests/test_layers.py).
APP_CODE = (
    "pages", "dashboard.py", "server.py", "manage.py", "web", "ui",
    "figures", "exports", "i18n", "security", "services", "models", "seed",
)  # fmt: skip


def python_files(*names: str) -> list[Path]:
    """Python files under the given folders and files of the project; each must exist."""
    found = []
    for name in names:
        path = ROOT / name
        assert path.exists(), f"{name} is not in the project any more: update the test"
        found += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    assert found, f"no Python files under {names}"
    return found
