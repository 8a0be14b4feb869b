"""The seed lookup of a unit name picks the spelling with the best abbreviation score of at least 80 (the first
of equals), whichever way it is computed: a name resolved to another body would put a task on the wrong unit."""

from __future__ import annotations

import random

from zhengce.extract import units
from zhengce.extract.units import SeedEntry, abbreviation_score, fuzzy_match


def _best_by_definition(core: str) -> tuple[SeedEntry, str, float] | None:
    best = None
    for spelling, entry in units._seed_index().items():  # the seed as the resolver reads it
        score = abbreviation_score(core, spelling)
        if score >= 80 and (best is None or score > best[2]):
            best = (entry, "fuzzy", score)
    return best


def test_fuzzy_match_is_the_best_abbreviation_score() -> None:
    rng = random.Random(17)
    spellings = sorted(units._seed_index())
    names = set()
    for _ in range(600):
        s = rng.choice(spellings)
        how = rng.random()
        if how < 0.3:  # an abbreviation: characters dropped, first and last kept
            s = s[0] + "".join(c for c in s[1:-1] if rng.random() > 0.4) + s[-1] if len(s) > 2 else s
        elif how < 0.5:  # a place or level in front
            s = rng.choice(["市", "县", "青山县", "白河区"]) + s
        elif how < 0.7:  # one character changed
            k = rng.randrange(len(s))
            s = s[:k] + rng.choice("局委办厅中心教体育卫健") + s[k + 1 :]
        else:  # shuffled: mostly no match
            s = "".join(rng.sample(s, len(s)))
        names.add(s)
    matched = 0
    for name in sorted(names - set(spellings)):
        expected = _best_by_definition(name)
        assert fuzzy_match(name) == expected, name
        matched += expected is not None
    assert matched > 100  # the names exercise matches, not only misses
