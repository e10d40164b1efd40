"""Small-cell suppression for what leaves the app or reaches the public view.

A disaggregated cell counting 1 to 4 people is hidden (a zero discloses nobody). So is any cell
from which a hidden one could be recomputed: wherever a total is shown beside its parts, one
hidden part would be the total minus the others, so more parts are hidden with it.
"""

from collections.abc import Hashable, Iterable, Sequence

from services.actors import Actor

SMALL_CELL_MAX = 4  # counts from 1 to this are hidden
# Where figures go: the app's screens, or files that leave it.
CHANNELS = ("screen", "iati", "pdf", "xlsx")
Counts = int | None | tuple[int | None, ...]


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


def _columns(counts: Counts) -> tuple[int, ...]:
    """A cell's counts as a tuple (a percentage's numerator and denominator), None as 0."""
    values = counts if isinstance(counts, tuple) else (counts,)
    return tuple(value or 0 for value in values)


def suppress(
    cells: dict[Hashable, Counts], sums: Iterable[tuple[Hashable, Sequence[Hashable]]]
) -> set[Hashable]:
    """The keys of the cells to hide.

    `cells` maps a key to its count, or to a tuple of counts that add up separately (a
    percentage's numerator and denominator); a cell with any small count is hidden. `sums`
    lists each shown total with the keys of its parts (a total may itself be a part of another
    sum, or a key outside `cells`: a total always shown). Each sum ends with no hidden cell, or
    with two or more whose counts, column by column, do not add up to a small count, so no
    hidden count follows from one subtraction.
    """
    counts = {key: _columns(value) for key, value in cells.items()}
    hidden = {key for key, columns in counts.items() if any(map(is_small, columns))}
    sums = [(total, tuple(parts)) for total, parts in sums]
    changed = True
    while changed:
        changed = False
        for total, parts in sums:
            if _safe(counts, hidden, total, parts):
                continue
            shown = sorted(
                (key for key in parts if key not in hidden), key=lambda k: (sum(counts[k]), str(k))
            )
            if not shown:
                hidden.add(total)  # its one part is hidden: the total would repeat it
            else:
                # The smallest shown part that makes the hidden ones add up to more than a
                # small count (it costs the reader the least), else the largest.
                gone = [key for key in parts if key in hidden]
                enough = [k for k in shown if not _small_sum(counts, [*gone, k])]
                hidden.add(enough[0] if enough else shown[-1])
            changed = True
    return hidden


def _small_sum(counts: dict, keys: list) -> bool:
    """Whether the cells' counts add up to a small count in any column."""
    width = len(counts[keys[0]])
    return any(is_small(sum(counts[key][i] for key in keys)) for i in range(width))


def _safe(counts: dict, hidden: set, total: Hashable, parts: Sequence[Hashable]) -> bool:
    """No hidden part follows from the shown total: none hidden, or two or more whose sum is
    not itself a small count."""
    gone = [key for key in parts if key in hidden]
    if total in hidden:
        return bool(gone)  # a hidden total beside shown parts would be their sum
    if not gone:
        return True
    return len(gone) >= 2 and not _small_sum(counts, gone)
