"""Hand survey of the differential test: ``python -m tests.differential.survey 2000``
runs that many seeds and prints, per failure class, how many rosters fail and the
first seeds. Not a test; prints only figures about synthetic rosters."""

from __future__ import annotations

import sys
import time
from collections import Counter

from tests.differential.compare import compare
from tests.differential.rosters import random_case


def main(n: int = 300, first: int = 0) -> None:
    classes: Counter[str] = Counter()
    seeds: dict[str, list[int]] = {}
    outcome: Counter[str] = Counter()
    failing = 0
    start = time.perf_counter()
    for seed in range(first, first + n):
        verdict = compare(random_case(seed))
        best = verdict.oracle.best
        if best is None:
            outcome["no lawful plan"] += 1
        else:
            outcome[
                "best plan places someone" if best.assignments else "best plan places nobody"
            ] += 1
        kinds = sorted({d.kind for d in verdict.disagreements})
        failing += bool(kinds)
        for kind in kinds:
            classes[kind] += 1
            seeds.setdefault(kind, []).append(seed)
    print(f"{n} rosters (seeds {first}..{first + n - 1}) in {time.perf_counter() - start:.1f} s")
    print("outcomes: " + ", ".join(f"{k} {v}" for k, v in outcome.most_common()))
    print(f"rosters with a disagreement: {failing}")
    for kind, count in classes.most_common():
        print(f"{count:6d}  {kind}  (seeds {', '.join(map(str, seeds[kind][:10]))})")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*args)
