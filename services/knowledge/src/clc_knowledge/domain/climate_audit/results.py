"""A run's results, from its aggregates: shown only from ``RESULTS_THRESHOLD`` respondents.

``summarise`` takes how many gave each score to each statement and returns, per statement and per
dimension, the mean score and the distribution — or, below the threshold, no figures at all and
the reason (the number who have answered is not a result: it is shown).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .instrument import INSTRUMENT, MAX_SCORE, MIN_SCORE, Dimension, Item

__all__ = ["DimensionResult", "ItemResult", "Results", "summarise", "withheld_reason"]


@dataclass(frozen=True)
class ItemResult:
    item: Item
    mean: float
    distribution: tuple[int, ...]  # how many gave 1, 2, 3, 4, 5


@dataclass(frozen=True)
class DimensionResult:
    dimension: Dimension
    mean: float  # over every score given to its statements


@dataclass(frozen=True)
class Results:
    respondents: int
    shown: bool
    reason: str | None
    items: tuple[ItemResult, ...] = ()
    dimensions: tuple[DimensionResult, ...] = ()


def withheld_reason(respondents: int, threshold: int) -> str:
    return (
        f"Results are shown only in aggregate and only once at least {threshold} members have"
        f" answered ({respondents} so far), so that no answer can be told apart."
    )


def _mean(distribution: tuple[int, ...]) -> float:
    n = sum(distribution)
    total = sum(
        score * count
        for score, count in zip(range(MIN_SCORE, MAX_SCORE + 1), distribution, strict=True)
    )
    return round(total / n, 2) if n else 0.0


def summarise(
    respondents: int,
    counts: Mapping[tuple[str, int], int],
    threshold: int,
    answered: int | None = None,
) -> Results:
    """``counts[(item_id, score)]``: how many gave ``score`` to the statement ``item_id``;
    ``respondents`` how many answers they hold; ``answered`` how many are on the roll (answers
    wait to be sealed in batches, so it may be ahead: the reason counts it)."""
    if respondents < threshold:
        shown = respondents if answered is None else max(answered, respondents)
        return Results(respondents, False, withheld_reason(shown, threshold))
    items = tuple(
        ItemResult(item, _mean(d), d)
        for item in INSTRUMENT
        for d in [tuple(counts.get((item.id, s), 0) for s in range(MIN_SCORE, MAX_SCORE + 1))]
    )
    dimensions = []
    for dimension in Dimension:
        summed = [
            sum(col)
            for col in zip(
                *(r.distribution for r in items if r.item.dimension is dimension), strict=True
            )
        ]
        dimensions.append(DimensionResult(dimension, _mean(tuple(summed))))
    return Results(respondents, True, None, items, tuple(dimensions))
