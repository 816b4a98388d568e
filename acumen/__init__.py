"""Acumen: a financial-acumen calculator and teaching tool (pure-Python core)."""

from acumen.errors import AcumenError
from acumen.metrics import compute_metrics, compute_metrics_with_reasons
from acumen.sources import load, load_all

__all__ = ["AcumenError", "compute_metrics", "compute_metrics_with_reasons", "load", "load_all"]
