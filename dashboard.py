"""Marsad's entry point: the shared frame (language, styles, sidebar, navigation) picks the
page from the URL, and the page runs here. See ui/sidebar.py for the frame."""

from ui import sidebar

sidebar.frame().run()
