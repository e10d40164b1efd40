"""Marsad's entry point: the shared frame (language, styles, sidebar, navigation) picks the
page from the URL, and the page runs here. See ui/frame.py."""

from ui import frame

frame.draw().run()
