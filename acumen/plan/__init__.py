"""The account plan: the client's people, decision process, culture, goals, communication
and commitments beside its numbers (schema as data, validation, analysis, export)."""
