"""What a reader sees when the database fails: one message in their language, not a traceback.

Streamlit's own control flow (st.rerun, st.stop, st.switch_page) raises BaseExceptions that are
not caught here, so they keep working inside `shown()`.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from i18n import catalog
from services.db import classify
from services.errors import DatabaseUnavailable
from ui import context

logger = logging.getLogger("marsad.database")


@contextmanager
def shown() -> Iterator[None]:
    """Run the frame and the page; a database failure becomes one translated error message."""
    try:
        yield
    except DatabaseUnavailable as failure:
        st.error(catalog.translate(language(), failure.code))
    except SQLAlchemyError as error:
        # Escaped the transaction scopes of services.db, so it may be a bug: keep its traceback.
        logger.exception("database error outside a service scope")
        st.error(catalog.translate(language(), classify(error)))


def language() -> str:
    """The reader's language, found without the database: the frame's choice, else French."""
    # The frame settles the language before its first read, in every run. The run context
    # would be the previous run's when this one failed while beginning, and current() would
    # read the database again to begin one.
    held = st.session_state.get(context.LANG_KEY)
    return held if held in catalog.LANGUAGES else catalog.DEFAULT_LANGUAGE
