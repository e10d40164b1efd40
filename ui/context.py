"""One frozen context per script run: language, region, today, the acting user, data revision.

The frame (ui.frame) builds it at the start of every run and pages read it with `current()`.
Writes never trust it for rights: the save path resolves the acting user again at submit.
"""

from dataclasses import dataclass, replace
from datetime import date

import streamlit as st

from i18n import catalog
from services.actors import Actor
from services.db import data_revision, engine
from services.settings import today as settings_today
from ui import identity

RUN_KEY = "frame.run"
RUN_NUMBER_KEY = "frame.run_number"
FLASH_KEY = "frame.flash"
ENTERED_KEY = "frame.entered"
# The language and the region: one session key each (the frame's widgets) and one URL parameter.
LANG_KEY, LANG_PARAM = "frame.lang", "lang"
REGION_KEY, REGION_PARAM = "frame.region", "region"


@dataclass(frozen=True)
class RunContext:
    """What every part of one run agrees on; plain values, safe in session state.

    `run_number` counts this browser session's runs: a form not drawn in the previous run is
    being opened again (ui.forms).
    """

    lang: str
    today: date
    actor: Actor
    via_sso: bool
    revision: int
    run_number: int
    region: str | None = None
    path: str = "/"

    def query(self) -> dict[str, str]:
        """The URL parameters that keep this run's language and region on another page."""
        return {LANG_PARAM: self.lang} | ({REGION_PARAM: self.region} if self.region else {})


def start(lang: str) -> RunContext:
    """Begin a run: read today, the acting user and the data revision once, in `lang`."""
    actor, via_sso = identity.resolve_actor()
    number = st.session_state.get(RUN_NUMBER_KEY, 0) + 1
    st.session_state[RUN_NUMBER_KEY] = number
    run = RunContext(
        lang=lang,
        today=settings_today(),
        actor=actor,
        via_sso=via_sso,
        revision=data_revision(engine()),
        run_number=number,
    )
    st.session_state[RUN_KEY] = run
    return run


def settle(**changes) -> RunContext:
    """Add what the frame learns later in the run (region, path) to this run's context."""
    run = replace(current(), **changes)
    st.session_state[RUN_KEY] = run
    return run


def current() -> RunContext:
    """This run's context (begun with the session's language if the frame has not run yet)."""
    run = st.session_state.get(RUN_KEY)
    if run is None:
        run = start(st.session_state.get(LANG_KEY, catalog.DEFAULT_LANGUAGE))
    return run


def t(msgid: str, **params) -> str:
    """The message `msgid` in this run's language."""
    return catalog.translate(current().lang, msgid, **params)


def label(codelist: str, value) -> str:
    """A code list value's label in this run's language."""
    if value is None:
        return "—"
    return catalog.label(current().lang, codelist, value)


def flash(msgid: str, **params) -> None:
    """Keep a confirmation to show after the next rerun."""
    st.session_state[FLASH_KEY] = (msgid, params)


def pop_flash() -> tuple[str, dict] | None:
    """The pending confirmation, removed from the session."""
    return st.session_state.pop(FLASH_KEY, None)


def enter_page() -> None:
    """Called by the frame right before the page runs: the page may trust the context."""
    st.session_state[ENTERED_KEY] = True


def frame_ran() -> bool:
    """Whether the frame ran before this page in this run (asked once, by the page)."""
    return bool(st.session_state.pop(ENTERED_KEY, False))
