"""The teaching layer: lessons and glossary, the quiz generator and the workshop.
Imports analysis, data and the core."""
