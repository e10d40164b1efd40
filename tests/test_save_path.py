"""Every form goes through the one save path (ui/forms.py): read from the code, so a new form
cannot skip it.

- Only ui/forms.py opens a Streamlit form or draws a submit button.
- A write service (a services/ function taking the acting user as `actor=`) is called from
  pages/ and ui/ only inside the write handed to `Form.save`: a lambda passed to `.save(`, or
  a function of the same module that such a lambda calls.
"""

import ast
from pathlib import Path

import pytest

from tests.tree import ROOT, python_files

SAVE_HELPER = ROOT / "ui" / "forms.py"
FORM_CALLS = {"form", "form_submit_button"}


def write_services() -> set[str]:
    """Names of the service functions that write: they take the acting user as `actor=`."""
    names = set()
    for path in python_files("services"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                keywords = {a.arg for a in node.args.kwonlyargs}
                if "actor" in keywords and _writes(node):
                    names.add(node.name)
    return names


def _writes(function: ast.FunctionDef) -> bool:
    # Reads take an actor too (to filter what they show); writes open a write transaction.
    return any(isinstance(n, ast.Name) and n.id == "write_session" for n in ast.walk(function))


def _called_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def offenders(path: Path, writes: set[str], root: Path = ROOT) -> list[str]:
    """Forms opened, and write services called, outside the save path in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = str(path.relative_to(root))
    found = []
    allowed: set[int] = set()
    helpers: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called_name(node) == "save" and node.args:
            write = node.args[0]
            if isinstance(write, ast.Lambda):
                allowed |= {id(n) for n in ast.walk(write)}
                helpers |= {_called_name(n) for n in ast.walk(write) if isinstance(n, ast.Call)}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name in helpers:
            allowed |= {id(n) for n in ast.walk(node)}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _called_name(node)
        if name in FORM_CALLS and path != SAVE_HELPER:
            found.append(f"{where}:{node.lineno} opens a form without ui/forms.py")
        if name in writes and id(node) not in allowed:
            found.append(f"{where}:{node.lineno} calls {name} outside Form.save")
    return found


def test_the_write_services_are_found():
    assert {"update_measure", "record_meeting", "set_decision_status", "create_user"} <= (
        write_services()
    )
    assert "audit_trail" not in write_services()  # a read that takes an actor


def test_forms_and_writes_go_through_the_save_path():
    writes = write_services()
    found = [hit for path in python_files("pages", "ui") for hit in offenders(path, writes)]
    assert found == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "import streamlit as st\nwith st.form('x'):\n    pass\n",
            ["opens a form without ui/forms.py"],
        ),
        ("st.form_submit_button('ok')\n", ["opens a form without ui/forms.py"]),
        ("update_measure(engine(), actor=a)\n", ["calls update_measure outside Form.save"]),
        ("form.save(lambda actor, shown: update_measure(e, actor=actor), done)\n", []),
        (
            "def _update(form, actor):\n    return update_measure(e, actor=actor)\n"
            "form.save(lambda actor, shown: _update(form, actor), done)\n",
            [],
        ),
        (
            "def _update(form, actor):\n    return update_measure(e, actor=actor)\n"
            "_update(form, actor)\n",
            ["calls update_measure outside Form.save"],
        ),
    ],
)
def test_the_rule_bites(tmp_path, source, expected):
    path = tmp_path / "ui" / "sample.py"
    path.parent.mkdir()
    path.write_text(source, encoding="utf-8")
    found = offenders(path, {"update_measure"}, root=tmp_path)
    assert [hit.split(" ", 1)[1] for hit in found] == expected
