"""The data layer: the canonical schema, statements, loaders for files and live sources,
the bundled samples, aliases and the on-disk cache. Imports only the core (errors,
formatting, display_text). Also holds the data files (CSV tables, lesson YAML)."""
