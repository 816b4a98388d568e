"""Acumen: a financial-acumen calculator and teaching tool (pure-Python core)."""

from acumen.analysis.metrics import compute_metrics, compute_metrics_with_reasons
from acumen.data.sources import load, load_all
from acumen.errors import AcumenError

__all__ = ["AcumenError", "compute_metrics", "compute_metrics_with_reasons", "load", "load_all"]
