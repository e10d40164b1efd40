"""Small-cell suppression for what leaves the app or reaches the public view.

A disaggregated cell counting 1 to 4 people is hidden (a zero discloses nobody). So is any cell
from which a hidden one could be recomputed: wherever a total is shown beside its parts, one
hidden part would be the total minus the others, so a second part is hidden with it.
"""

from collections.abc import Hashable, Iterable, Sequence

from services.actors import Actor

SMALL_CELL_MAX = 4  # counts from 1 to this are hidden
# Where figures go: the app's screens, or files that leave it.
CHANNELS = ("screen", "iati", "pdf", "xlsx")


def required(actor: Actor, channel: str = "screen", *, internal: bool = False) -> bool:
    """Whether small cells are hidden: on screen for the public (nobody signed in); in IATI
    always; in PDF and Excel files unless an administrator marked the file internal."""
    if channel not in CHANNELS:
        raise ValueError(channel)
    if channel == "screen":
        return actor.is_anonymous
    if channel == "iati":
        return True
    return not (internal and actor.can_manage_users)


def is_small(count: int | None) -> bool:
    """Whether a count of people is too small to show."""
    return count is not None and 0 < count <= SMALL_CELL_MAX


def suppress(
    cells: dict[Hashable, int | None], sums: Iterable[tuple[Hashable, Sequence[Hashable]]]
) -> set[Hashable]:
    """The keys of the cells to hide.

    `cells` maps a key to its count; `sums` lists each shown total with the keys of its parts (a
    total may itself be a part of another sum). Each sum ends with no hidden cell, or with two or
    more whose sum is not a small count, so no hidden count follows from one subtraction.
    """
    hidden = {key for key, count in cells.items() if is_small(count)}
    sums = [(total, tuple(parts)) for total, parts in sums]
    changed = True
    while changed:
        changed = False
        for total, parts in sums:
            if _safe(cells, hidden, total, parts):
                continue
            shown = sorted(
                (key for key in parts if key not in hidden),
                key=lambda key: (cells.get(key) or 0, str(key)),
            )
            if not shown:
                hidden.add(total)  # its one part is hidden: the total would repeat it
            else:
                # The smallest shown part that makes the hidden ones add up to more than a
                # small cell (it costs the reader the least), else the largest.
                hidden_sum = sum(cells.get(key) or 0 for key in parts if key in hidden)
                enough = [k for k in shown if not is_small(hidden_sum + (cells.get(k) or 0))]
                hidden.add(enough[0] if enough else shown[-1])
            changed = True
    return hidden


def _safe(cells: dict, hidden: set, total: Hashable, parts: Sequence[Hashable]) -> bool:
    """No hidden part follows from the shown total: none hidden, or two or more whose sum is
    not itself a small count."""
    count = sum(key in hidden for key in (total, *parts))
    if count == 0:
        return True
    if count == 1:
        return False
    if total in hidden:
        return True
    return not is_small(sum(cells.get(key) or 0 for key in parts if key in hidden))
