"""A rule's constraints as plain linear rows, written once and read by both solvers.

A rule builds its constraints from ``m.sum_x(ks)``, ``m.y[i]``, integers, ``+``, ``-``,
``*`` by an integer, ``<=`` and ``>=`` (rules/base.py). Here those make a ``LinExpr`` (a
sum of integer multiples of the model's columns: ``x`` per move, then ``y`` per
teacher) and a comparison makes a ``Bound``. ``RotationModel.require`` turns the bound
into a ``Row`` (integer coefficients, merged per column, and integer bounds), which
becomes a CP-SAT constraint and a row of the LP: the two solvers read the same rows.

Only integers are accepted: every rule is a statement about whole teachers, so a row
with a fractional coefficient is a bug to report at once, not a rounding to hide.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import overload

import numpy as np

Part = tuple[Sequence[int], int]  # columns, and the multiple of each


def _integer(value: object) -> int:
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return int(value)
    raise TypeError(f"a model row takes integers only, not {type(value).__name__} {value!r}")


class LinExpr:
    """``sum(coef * column) + constant`` with integer coefficients, kept as the parts a
    rule added (flattened only when the row is made, so a long sum costs nothing)."""

    __slots__ = ("constant", "parts")

    def __init__(self, parts: tuple[Part, ...] = (), constant: int = 0) -> None:
        self.parts = parts
        self.constant = constant

    @staticmethod
    def of(other: LinExpr | int) -> LinExpr:
        return other if isinstance(other, LinExpr) else LinExpr((), _integer(other))

    def __add__(self, other: LinExpr | int) -> LinExpr:
        o = LinExpr.of(other)
        return LinExpr(self.parts + o.parts, self.constant + o.constant)

    __radd__ = __add__

    def __neg__(self) -> LinExpr:
        return self * -1

    def __sub__(self, other: LinExpr | int) -> LinExpr:
        return self + (-LinExpr.of(other))

    def __rsub__(self, other: int) -> LinExpr:
        return LinExpr.of(other) - self

    def __mul__(self, factor: int) -> LinExpr:
        f = _integer(factor)
        return LinExpr(tuple((ks, c * f) for ks, c in self.parts), self.constant * f)

    __rmul__ = __mul__

    def __le__(self, other: LinExpr | int) -> Bound:  # type: ignore[override]
        return Bound(self - other, None, 0)

    def __ge__(self, other: LinExpr | int) -> Bound:  # type: ignore[override]
        return Bound(self - other, 0, None)

    def __bool__(self) -> bool:
        raise TypeError("a linear expression has no truth value (compare it with <= or >=)")

    def terms(self) -> tuple[np.ndarray, np.ndarray]:
        """(columns ascending, their integer coefficients), each column once, no zeros."""
        lengths = [len(ks) for ks, _ in self.parts]
        cols = np.fromiter(chain.from_iterable(ks for ks, _ in self.parts), np.int64,
                           sum(lengths))  # fmt: skip
        coefs = np.repeat(np.array([c for _, c in self.parts], np.int64), lengths)
        unique, inverse = np.unique(cols, return_inverse=True)
        if len(unique) == len(cols):
            merged = coefs[np.argsort(cols, kind="stable")]
        else:
            merged = np.zeros(len(unique), np.int64)
            np.add.at(merged, inverse, coefs)
        keep = merged != 0
        return unique[keep], merged[keep]


@dataclass(frozen=True, slots=True)
class Bound:
    """``lo <= expr <= hi`` (``None``: no bound on that side), as a rule states it."""

    expr: LinExpr
    lo: int | None
    hi: int | None

    def row(self, label: str) -> Row:
        cols, coefs = self.expr.terms()
        c = self.expr.constant
        return Row(
            label,
            cols,
            coefs,
            None if self.lo is None else self.lo - c,
            None if self.hi is None else self.hi - c,
        )


@dataclass(frozen=True, slots=True, eq=False)
class Row:
    """``lo <= sum(coefs * columns) <= hi`` over the model's columns. ``label`` is
    "<rule ID> <scope>" for a rule's row ("" for the model's own rows)."""

    label: str
    cols: np.ndarray
    coefs: np.ndarray
    lo: int | None
    hi: int | None

    def holds(self, values: np.ndarray) -> bool:
        """Whether an integer assignment of every column satisfies the row, exactly."""
        activity = int(np.dot(self.coefs, values[self.cols].astype(np.int64)))
        return (self.lo is None or activity >= self.lo) and (self.hi is None or activity <= self.hi)


class Columns(Sequence[LinExpr]):
    """``count`` columns from ``start`` on, each seen by a rule as a one-term LinExpr."""

    def __init__(self, start: int, count: int) -> None:
        self.start, self.count = start, count

    def __len__(self) -> int:
        return self.count

    @overload
    def __getitem__(self, i: int) -> LinExpr: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[LinExpr]: ...
    def __getitem__(self, i: int | slice) -> LinExpr | Sequence[LinExpr]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self.count))]
        if not -self.count <= i < self.count:
            raise IndexError(i)
        col = self.start + i % self.count
        return LinExpr((((col,), 1),))

    def __iter__(self) -> Iterator[LinExpr]:
        return (self[i] for i in range(self.count))

    def total(self, ks: Iterable[int]) -> LinExpr:
        """The sum of the columns ``ks`` (positions within this block)."""
        cols = tuple(ks) if self.start == 0 else tuple(self.start + k for k in ks)
        return LinExpr(((cols, 1),)) if cols else LinExpr()
