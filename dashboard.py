"""Marsad's entry point: the shared frame (language, styles, sidebar, navigation) picks the
page from the URL, and the page runs here. See ui/frame.py; a database failure in either is
shown as one message in the reader's language (ui/failures.py)."""

from ui import failures, frame

with failures.shown():
    frame.draw().run()
