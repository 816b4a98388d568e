"""A metric's worked formula as executable arithmetic.

A template such as ``"({0} − {1}) / |{1}|"`` is written once, in its :class:`MetricSpec`;
lessons fill it with labels and numbers, the engine evaluates it over arrays of quantities,
and the quiz evaluates it over the figures it shows. Supported: ``+ − × /``, ``^`` (power),
``|x|`` (absolute value), parentheses, numbers and operands ``{0}``, ``{1}``, ...
"""

from __future__ import annotations

import ast
import math
import operator
import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

_SYMBOLS = (("×", "*"), ("−", "-"), ("^", "**"))
_OPERATORS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Pow: operator.pow,
}


@cache
def parse(template: str) -> ast.expr:
    """The template as a Python expression tree over names ``x0``, ``x1``, ..."""
    text = re.sub(r"\{(\d+)\}", r"x\1", template)
    for symbol, python in _SYMBOLS:
        text = text.replace(symbol, python)
    text = re.sub(r"\|([^|]*)\|", r"abs(\1)", text)
    return ast.parse(text, mode="eval").body


def evaluate(
    template: str,
    values: Sequence[Any],
    divide: Callable[[Any, Any], Any] = operator.truediv,
) -> Any:
    """The template's arithmetic on ``values`` (numbers or quantities); ``divide(a, b)`` does
    each division, so the engine can say why a denominator is zero."""

    def walk(node: ast.expr) -> Any:
        if isinstance(node, ast.Name):
            return values[int(node.id[1:])]
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -walk(node.operand)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "abs":
            return abs(walk(node.args[0]))
        if isinstance(node, ast.BinOp):
            left, right = walk(node.left), walk(node.right)
            if isinstance(node.op, ast.Div):
                return divide(left, right)
            return _OPERATORS[type(node.op)](left, right)
        raise ValueError(f"unsupported formula element in {template!r}")

    return walk(parse(template))


def scalar_divide(numerator: float, denominator: float) -> float:
    """a / b on plain numbers; NaN (never an error) when b is 0."""
    return numerator / denominator if denominator != 0 else math.nan


def evaluate_number(template: str, values: Sequence[float]) -> float:
    """The template on plain numbers; NaN where it is undefined (b = 0, a complex power)."""
    try:
        result = evaluate(template, [float(v) for v in values], scalar_divide)
    except (OverflowError, ZeroDivisionError):
        return math.nan
    return float(result) if isinstance(result, int | float) else math.nan
