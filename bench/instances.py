"""Benchmark instances: synthetic counties at fixed seeds and sizes.

The main rows are exactly what ``sample.generate_county`` makes (a witness plan exists,
and about 1.35-1.55 times the Q1 minimum in posts). Those counties have few posts per
eligible teacher, so the model stays small even for 20,000 teachers; the "dense"
variants add a one-post vacancy in every subject a receiving school teaches, which
multiplies the (teacher, vacancy) pairs and makes coverage a real choice.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from rotation_planner.domain import Instance, SchoolType, Vacancy
from rotation_planner.sample import generate_county

SEED = 20260901


@dataclass(frozen=True)
class BenchInstance:
    """A named instance recipe: ``make()`` builds it (deterministically)."""

    name: str
    teachers: int
    schools: int | None
    dense: bool = False
    seed: int = SEED
    # The generator gives about 40% of eligible teachers one to three wishes (志愿);
    # False strips them (R4's no-justified-envy rows then have nothing to compare).
    wishes: bool = True

    def make(self) -> Instance:
        inst = generate_county(self.teachers, self.seed, schools=self.schools)
        if not self.wishes:
            teachers = tuple(dataclasses.replace(t, wishes=()) for t in inst.teachers)
            inst = inst.replace(teachers=teachers)
        return densify(inst) if self.dense else inst


def densify(inst: Instance) -> Instance:
    """Add one post in every subject a receiving school's own teachers teach, on top of
    the generated vacancies. P3 still caps what a school can receive."""
    taught: dict[str, set[str]] = {}
    for t in inst.teachers:
        taught.setdefault(t.school_id, set()).update(t.subjects)
    extra = [
        Vacancy(school_id=s.school_id, subject=subject, count=1)
        for s in inst.schools
        if s.type is not SchoolType.URBAN
        for subject in sorted(taught.get(s.school_id, ()))
    ]
    return inst.replace(vacancies=inst.vacancies + tuple(extra))


MAIN: tuple[BenchInstance, ...] = (
    BenchInstance("small", 300, None),
    BenchInstance("county", 5_000, 150),
    BenchInstance("county-8k", 8_000, 240),
    BenchInstance("county-10k", 10_000, 300),
    BenchInstance("district-no-wishes", 20_000, 600, wishes=False),
    BenchInstance("district", 20_000, 600),
    BenchInstance("city", 50_000, 1_500),
)

# The district made dense has a million pairs: a stress test, left out of the suite.
DENSE: tuple[BenchInstance, ...] = (BenchInstance("county-dense", 5_000, 150, dense=True),)


def scaling_sizes() -> tuple[BenchInstance, ...]:
    """Teachers from 300 to 50,000 at about three schools per hundred teachers (the
    county and district ratio); 300 uses the generator's own school count."""
    sizes = (300, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000)
    return tuple(
        BenchInstance(f"scale-{n}", n, None if n < 1_000 else round(0.03 * n)) for n in sizes
    )


BY_NAME: dict[str, Callable[[], Instance]] = {b.name: b.make for b in MAIN + DENSE}
