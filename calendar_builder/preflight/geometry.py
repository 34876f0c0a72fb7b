"""Affine matrices and rectangles in PDF's row-vector convention (p' = p × M), plus mm formatting."""

from __future__ import annotations

import math

from calendar_builder.preflight.settings import MM

Matrix = tuple[float, float, float, float, float, float]
Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 with x0 <= x1, y0 <= y1

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n: the matrix that maps p to (p × m) × n."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]


def transform_rect(m: Matrix, x0: float, y0: float, x1: float, y1: float) -> Rect:
    """Bounding box of a rectangle after the transform (exact for the corners, so for rotations too)."""
    xs, ys = zip(*(apply(m, x, y) for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))), strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def y_scale(m: Matrix) -> float:
    """Length of the unit y vector after the transform: how tall one text-space unit is on the page."""
    return math.hypot(m[2], m[3])


def x_scale(m: Matrix) -> float:
    return math.hypot(m[0], m[1])


def normalise(box: list[float]) -> Rect:
    x0, y0, x1, y1 = box
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def mm(points: float) -> str:
    """Points as millimetres with one decimal, the precision print shops talk in."""
    return f"{points / MM:.1f}"
