"""The reports layer: the goal summary and meeting brief, CSV export, PDF, HTML and the
Plotly figure builders. Imports teaching, plan, analysis, data and the core."""
