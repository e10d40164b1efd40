"""Demo data with provenance (seed/data/*.yaml) and the loader that puts it in a database."""
