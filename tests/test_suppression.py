"""Small-cell suppression as a rule: which cells hide, which complements go with them, and
where suppression applies."""

import pytest

from services.actors import ANONYMOUS
from services.suppression import required, suppress
from tests.helpers import ADMIN, EDITOR_09, VIEWER


def _recomputable(cells: dict, hidden: set, sums) -> list:
    """Hidden cells that one subtraction reveals, or whose hidden neighbours add up small."""
    found = []
    for total, parts in sums:
        gone = [key for key in (total, *parts) if key in hidden]
        if len(gone) == 1 or (
            gone and total not in hidden and 0 < sum(cells[k] for k in gone) <= 4
        ):
            found += gone
    return found


@pytest.mark.parametrize(
    "row",
    [(3, 20, 0), (12, 18, 0), (1, 1, 40), (0, 0, 7), (4, 0, 0), (2, 2, 2)],
)
def test_a_row_beside_its_total_never_reveals_a_small_cell(row):
    cells = {("r", i): count for i, count in enumerate(row)}
    sums = [(("r", "total"), [("r", i) for i in range(len(row))])]
    hidden = suppress(cells, sums)
    assert {key for key, count in cells.items() if 0 < count <= 4} <= hidden
    assert _recomputable(cells, hidden, sums) == []


def test_nothing_is_hidden_without_a_small_cell():
    cells = {("a", 0): 10, ("a", 1): 0, ("b", 0): 7, ("b", 1): 5}
    assert suppress(cells, [(("a", "t"), [("a", 0), ("a", 1)])]) == set()


def test_rows_and_columns_with_totals_settle_together():
    grid = {
        ("a", "f"): 3,
        ("a", "m"): 20,
        ("b", "f"): 12,
        ("b", "m"): 18,
        ("c", "f"): 25,
        ("c", "m"): 15,
    }
    grid |= {("all", s): sum(v for (t, c), v in grid.items() if c == s) for s in ("f", "m")}
    sums = [((t, "*"), [(t, "f"), (t, "m")]) for t in ("a", "b", "c", "all")]
    sums += [(("all", s), [(t, s) for t in ("a", "b", "c")]) for s in ("f", "m")]
    hidden = suppress(grid, sums)
    assert ("a", "f") in hidden and _recomputable(grid, hidden, sums) == []


def test_a_lone_part_hides_its_total():
    cells = {"part": 3, "total": 3}
    assert suppress(cells, [("total", ["part"])]) == {"part", "total"}


def test_where_suppression_applies():
    assert required(ANONYMOUS) and not required(VIEWER) and not required(EDITOR_09)
    assert required(ADMIN, "iati", internal=True)
    assert required(EDITOR_09, "pdf", internal=True)  # only an administrator marks internal
    assert not required(ADMIN, "xlsx", internal=True) and required(ADMIN, "xlsx")
    with pytest.raises(ValueError):
        required(ADMIN, "email")
