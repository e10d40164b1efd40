"""Which languages read right to left, and the fonts that draw Arabic well."""

RTL_LANGUAGES = frozenset({"ar"})
# Local Noto fonts first (what the browser tests install), then common system Arabic fonts;
# Latin letters fall through to the page's own font.
ARABIC_FONTS = (
    '"Noto Sans Arabic", "Noto Naskh Arabic", "Segoe UI", Tahoma, "Source Sans", sans-serif'
)


def is_rtl(lang: str) -> bool:
    """Whether text in `lang` reads right to left."""
    return lang in RTL_LANGUAGES


def direction(lang: str) -> str:
    """The HTML `dir` value for a language: "rtl" or "ltr"."""
    return "rtl" if is_rtl(lang) else "ltr"


def arrow(lang: str) -> str:
    """The arrow between an old and a new value, pointing the way the language reads."""
    return " ← " if is_rtl(lang) else " → "
