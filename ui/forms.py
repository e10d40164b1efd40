"""The one save path of every form: the record it shows, fresh rights at submit, exact or refused.

A form is filled from the database when the person opens it (it was not drawn in the previous
run) and after a successful save; otherwise Streamlit keeps what was typed. The record's
identity and version are kept from the moment the form was filled, never re-derived from a
widget. At submit the acting user is resolved again from the session, and the service decides:
it saves exactly what was typed, or refuses with every problem next to its field, the typed
input left in place and nothing written.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import streamlit as st

from services.actors import Actor
from services.errors import Problem, ServiceError, StaleVersion
from ui import account, context, data, identity, widgets
from ui.context import t

# Wide enough that every date typed with a four-digit year reaches the service, which applies
# the real rule (a widget silently drops a typed date outside its own range).
DATE_MIN, DATE_MAX = date(1000, 1, 1), date(9999, 12, 31)
# Numbers are floats in the widget so a typed decimal reaches the service as typed (an integer
# widget rounds it); shown without exponent or trailing zeros.
NUMBER_FORMAT = "%.15g"
SESSION_ENDED = Problem(None, "error.session_ended")


@dataclass(frozen=True)
class Shown:
    """The record a form was filled from: its id, its version and the values shown then."""

    id: Any = None
    version: int | None = None
    values: dict = field(default_factory=dict)


class Form:
    """One form: its widget keys, the record it shows, its problems and its save."""

    def __init__(self, key: str, record: str | None = None):
        """`record` names what the form shows: a save through one form of a record (an
        account's roles) refills every other form of it (its email), whose version changed."""
        self.key = key
        self.record = record or key
        self.slots: dict[str, Any] = {}

    def widget(self, name: str) -> str:
        """The session-state key of one of the form's widgets."""
        return f"{self.key}.{name}"

    def _state(self, name: str) -> str:
        return f"{self.key}:{name}"

    def _saves_key(self) -> str:
        # Counts successful saves of the record through any of its forms.
        return f"record:{self.record}:saves"

    def value(self, name: str):
        """What the person typed or chose in one widget."""
        return st.session_state.get(self.widget(name))

    @property
    def shown(self) -> Shown:
        """The record this form was filled from."""
        return st.session_state[self._state("shown")]

    def saves(self) -> int:
        """How often the record was saved through its forms; a file widget keyed with it is
        empty again after a save (Streamlit lets no code empty one)."""
        return st.session_state.get(self._saves_key(), 0)

    def just_submitted(self) -> bool:
        """Whether this run follows a click on the form's submit button."""
        return bool(st.session_state.get(self.widget("submit")))

    def visible(self, allowed: bool) -> bool:
        """Whether to draw the form: the person may use it, or they just submitted it (a submit
        whose session ended must be refused in words, with the typed input still there)."""
        return allowed or self.just_submitted() or self._state("held") in st.session_state

    def prepare(self, shown: Shown, values: dict, *, kept_on_reload: Iterable[str] = ()) -> Shown:
        """Fill the widgets from the record when the form is opened, saved or reloaded."""
        state = st.session_state
        run = context.current().run_number
        opened = state.get(self._state("drawn")) != run - 1
        refill = state.pop(self._state("refill"), None)
        saves = state.get(self._saves_key(), 0)
        saved = state.get(self._state("saves_seen"), 0) != saves
        state[self._state("saves_seen")] = saves
        if opened or refill or saved or self._state("shown") not in state:
            keep = set(kept_on_reload) if refill == "reload" else set()
            for name, value in values.items():
                if name not in keep or self.widget(name) not in state:
                    state[self.widget(name)] = value
            state[self._state("shown")] = shown
            state.pop(self._state("conflict"), None)
            state.pop(self._state("held"), None)
        return self.shown

    @contextmanager
    def frame(self, *, border: bool = True) -> Iterator["Form"]:
        """The st.form the widgets go in; the top slot holds problems about no single field."""
        with st.form(self.key, border=border):
            self.slots = {"": st.empty()}
            yield self
        # Only a form drawn to its end counts as drawn: a run stopped by a newer one can leave
        # its widgets unregistered, Streamlit then forgets their values, and the next run must
        # fill them again from the record rather than show them empty.
        st.session_state[self._state("drawn")] = context.current().run_number

    def slot(self, name: str, where=st) -> None:
        """Room for the problems of one field, right below its widget."""
        self.slots[name] = where.empty()

    def submit(self, text: str, **options) -> bool:
        """The form's submit button; True in the run it was clicked."""
        return st.form_submit_button(text, key=self.widget("submit"), **options)

    def show(self, problems: Iterable[Problem]) -> None:
        """Every problem next to its field (the rest above the form's fields)."""
        widgets.show_problems(self.slots, problems)

    def save(
        self,
        write: Callable[[Actor, Shown], Any],
        confirm: Callable[[Any], tuple[str, dict]],
        place: Callable[[Problem], Problem] = lambda problem: problem,
    ) -> None:
        """Run the write as the user acting now; confirm and refill, or say why not.

        `place` moves a problem to the slot of the widget it concerns when the service names
        the field differently (the n-th decision sent is not always the n-th row).
        """
        actor, _ = identity.resolve_actor()
        if actor.is_anonymous:
            st.session_state[self._state("held")] = True
            self.show([SESSION_ENDED])
            account.sign_in_link(t("auth.sign_in"))
            return
        try:
            result = write(actor, self.shown)
        except StaleVersion as error:
            st.session_state[self._state("conflict")] = error.record
            return
        except ServiceError as error:
            self.show(place(problem) for problem in error.problems)
            return
        st.session_state[self._saves_key()] = st.session_state.get(self._saves_key(), 0) + 1
        data.clear()
        msgid, params = confirm(result)
        context.flash(msgid, **params)
        st.rerun()

    def conflict(self, reload_text: str) -> None:
        """After a refused stale save: say so, and offer to reload the record's values."""
        record = st.session_state.get(self._state("conflict"))
        if record is None:
            return
        self.show(StaleVersion(record).problems)
        st.button(
            reload_text, on_click=self._reload, icon=":material/refresh:", key=self.widget("reload")
        )

    def in_conflict(self) -> bool:
        """Whether the last save was refused because the record had changed meanwhile."""
        return self._state("conflict") in st.session_state

    def _reload(self) -> None:
        st.session_state[self._state("refill")] = "reload"
        st.session_state.pop(self._state("conflict"), None)
        data.clear()


def section(title: str, *, icon: str, form_key: str, key: str | None = None):
    """An expander holding a form, kept open on the run its form was submitted: a refusal's
    problems and the typed input stay in sight (Streamlit closes it on a rerun otherwise).
    `key` names the expander when its form changes with a choice inside it."""
    state = st.session_state
    key = key or f"{form_key}.section"
    submitted = bool(state.get(f"{form_key}.submit"))
    if submitted:
        state[key] = True
    is_open = bool(state.get(key))
    # The browser draws a closed section's widgets only when it is opened, with the values
    # sent in that run: a form filled while closed would open empty, so opening fills it.
    if is_open and not submitted and not state.get(f"{key}:was_open"):
        state[Form(form_key)._state("refill")] = "opened"
    state[f"{key}:was_open"] = is_open
    return st.expander(title, icon=icon, key=key, on_change="rerun")


def shown_to(allowed: bool, *form_keys: str) -> bool:
    """Whether to draw the section of some forms: the person may use them, or one was just
    submitted (rights taken away meanwhile are refused in words, the typed input kept)."""
    state = st.session_state
    return allowed or any(state.get(f"{key}.submit") or f"{key}:held" in state for key in form_keys)


def kept_choice(picker: str, choices: dict, form_key_of: Callable[[Any], str]) -> dict:
    """A picker's choices, keeping its current pick while that record's form was just
    submitted even if the record left the list meanwhile (withdrawn by someone else): the save
    then runs against the version the person saw and is refused in words, not dropped."""
    picked = st.session_state.get(picker)
    if picked is None or picked in choices:
        return choices
    if not st.session_state.get(f"{form_key_of(picked)}.submit"):
        return choices
    return choices | {picked: t("forms.record_gone")}


def date_range() -> dict:
    """The keyword arguments giving a date widget the widest range (see DATE_MIN)."""
    return {"min_value": DATE_MIN, "max_value": DATE_MAX, "format": "YYYY-MM-DD"}


def number(value) -> float | None:
    """A stored whole number as the float a number widget holds (None stays None)."""
    return None if value is None else float(value)


def max_chars_help(limit: int) -> str:
    """A field's help saying how long its text may be (the service refuses longer text)."""
    return t("forms.max_chars", max=limit)
