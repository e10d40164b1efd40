"""A measure's alignment tags ("scheme:code") as translated labels."""

from ui.context import label

TAG_SCHEMES = ("gcm", "snia", "snmre", "sdg")


def tag_label(tag: str) -> str:
    """A "scheme:code" tag as its translated label and scheme ("… (GCM 5)")."""
    scheme, _, code = tag.partition(":")
    number = "" if scheme in ("snia", "snmre") else f" {code}"
    return f"{label(scheme, code)} ({label('tag_scheme', scheme)}{number})"


def tag_labels(tags: dict[str, list[str]]) -> str:
    """A measure's tags as translated labels, one per line, GCM first."""
    found = (f"{scheme}:{code}" for scheme in TAG_SCHEMES for code in tags.get(scheme, []))
    return "\n".join(map(tag_label, found))
