"""The words shared by every front end: message catalogs, locale formats and text direction."""
