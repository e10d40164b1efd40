"""Message catalogs (gettext .po files read with Babel) and language choice; no Streamlit here."""

import gettext
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

from models.codes import (
    GCM_OBJECTIVES,
    LANGUAGES,
    SDG_TARGETS,
    SNIA_PROGRAMMES,
    SNMRE_OBJECTIVES,
    CommitteeKind,
    CommitteeRole,
    DecisionStatus,
    InstitutionKind,
    Level,
    MeasureStatus,
    ProgrammeEnd,
    Provenance,
    Role,
    ScheduleHealth,
    StrategyStatus,
    TagScheme,
)
from models.people import SignInOutcome
from models.result_codes import (
    CATEGORIES,
    Dimension,
    IndicatorKind,
    PeriodKind,
    ResultType,
    ValueStatus,
)

DEFAULT_LANGUAGE = "fr"
LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"


def _values(enum) -> tuple[str, ...]:
    """The plain string values of an enum, in definition order."""
    return tuple(member.value for member in enum)


# Code lists whose labels live in the catalogs under f"{name}.{value}", in display order.
CODE_LISTS: dict[str, tuple[str, ...]] = {
    "status": _values(MeasureStatus),
    "health": _values(ScheduleHealth),
    "level": _values(Level),
    "committee_kind": _values(CommitteeKind),
    "strategy_status": _values(StrategyStatus),
    "decision_status": _values(DecisionStatus),
    "role": _values(Role),
    "gcm": tuple(str(n) for n in GCM_OBJECTIVES),
    "snia": SNIA_PROGRAMMES,
    "snmre": SNMRE_OBJECTIVES,
    "sdg": SDG_TARGETS,
    "committee_role": _values(CommitteeRole),
    "institution_kind": _values(InstitutionKind),
    "programme_end": _values(ProgrammeEnd),
    "tag_scheme": _values(TagScheme),
    "provenance": _values(Provenance),
    "outcome": _values(SignInOutcome),
    "value_status": _values(ValueStatus),
    "dimension": _values(Dimension),
    "indicator_kind": _values(IndicatorKind),
    "result_type": _values(ResultType),
    "period_kind": _values(PeriodKind),
    # One list for every dimension's categories: "unknown" reads the same in each.
    "category": tuple(dict.fromkeys(c for codes in CATEGORIES.values() for c in codes)),
    "lang": LANGUAGES,  # each language in its own name, for the language switcher
    "language_name": LANGUAGES,  # each language in the reader's language
    "fallback": LANGUAGES,  # the mark on a text shown in another language (see localized)
}

# First-strong isolate: keeps an embedded value (an Arabic name in French text, a number in
# Arabic text) from reordering the sentence around it.
_FSI, _PDI = "\u2068", "\u2069"


def resolve_language(requested: str | None, browser_locale: str | None) -> str:
    """The language to show: a valid ?lang= value, else the browser's language, else French."""
    for candidate in (requested, browser_locale):
        if isinstance(candidate, str):
            code = candidate.strip().replace("_", "-").split("-")[0].lower()
            if code in LANGUAGES:
                return code
    return DEFAULT_LANGUAGE


@lru_cache(maxsize=len(LANGUAGES))
def _read(lang: str):
    path = LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


@lru_cache(maxsize=len(LANGUAGES))
def _catalog(lang: str) -> dict[str, str | tuple[str, ...]]:
    """Translated, non-fuzzy messages of one language, read once per process; a message with
    plural forms maps to its forms, in the order of the catalog's Plural-Forms rule."""
    found: dict[str, str | tuple[str, ...]] = {}
    for message in _read(lang):
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            forms = tuple(message.string)
            if all(forms):
                found[message.id[0]] = forms
        elif isinstance(message.string, str) and message.string:
            found[message.id] = message.string
    return found


@lru_cache(maxsize=len(LANGUAGES))
def plural_form(lang: str) -> Callable[[int], int]:
    """The index of the plural form for a count in lang (CLDR rules: Arabic has six forms)."""
    return gettext.c2py(_read(lang).plural_expr)


def translate(lang: str, msgid: str, *, plural: int | None = None, **params) -> str:
    """Plain text for a message id in lang (else French, else the id), with isolated params.

    A message with plural forms takes the form for the count `plural` in that language.
    """
    if lang not in LANGUAGES or msgid not in _catalog(lang):
        lang = DEFAULT_LANGUAGE
    text = _catalog(lang).get(msgid) or msgid
    if isinstance(text, tuple):
        if plural is None:
            raise TypeError(f"{msgid} has plural forms: pass plural=<count>")
        text = text[plural_form(lang)(abs(int(plural)))]
    if not params:
        return text
    return text.format(**{name: f"{_FSI}{value}{_PDI}" for name, value in params.items()})


def label(lang: str, codelist: str, value) -> str:
    """Label of a code-list value (a status, a GCM objective...); unknown values show as is."""
    value = str(value)
    if value not in CODE_LISTS.get(codelist, ()):
        return value
    return translate(lang, f"{codelist}.{value}")


def localized(row_or_obj, field: str, lang: str) -> tuple[str, str | None]:
    """A multilingual field's text in lang, else in fr, ar, en; and the language fallen back to."""
    order = [lang] + [other for other in ("fr", "ar", "en") if other != lang]
    for candidate in order:
        name = f"{field}_{candidate}"
        if hasattr(row_or_obj, "get"):  # dict, pandas Series
            value = row_or_obj.get(name)
        else:
            value = getattr(row_or_obj, name, None)
        if isinstance(value, str) and value.strip():
            return value, (None if candidate == lang else candidate)
    return "", None
