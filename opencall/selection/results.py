"""What the optimiser and the greedy baseline return: a `Selection` and its parts.

Pure Python: no Django import. Frozen dataclasses only, so that `optimiser`,
`explain` and `greedy` can all build them without importing one another.
Import them from `opencall.selection.optimiser`, which re-exports them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from opencall.core.messages import _
from opencall.selection.texts import Text

# How a solve ended (not an application's status), and its words for the comparison
# page (English, the gettext message ids).
SolverStatus = Literal[
    "optimal", "infeasible", "time_limit", "heuristic", "heuristic_failed", "improving", "stopped"
]
SOLVER_STATUS_LABELS: dict[str, str] = {
    "optimal": _("proven optimal"),
    "time_limit": _("stopped at the time limit"),
    "infeasible": _("no selection possible"),
    "heuristic": _("by hand"),
    "heuristic_failed": _("by hand, with rules broken"),
    "improving": _("best so far, still improving"),
    "stopped": _("stopped and kept, not proven optimal"),
}
BindingKind = Literal["pool", "max_events", "hub_min", "hub_max"]


@dataclass(frozen=True)
class Grant:
    """A supported application and the offer types granted to it."""

    ref: str
    offers: tuple[str, ...]
    value: float


@dataclass(frozen=True)
class Binding:
    """A constraint that holds the selection back (definition in docs/optimiser.md)."""

    kind: BindingKind
    name: str | None  # the pool or hub; None for max_events
    limit: float
    used: float
    detail: Text


@dataclass(frozen=True)
class Need:
    """What one way into the selection lacks: a bundle of offers and the pool shortfalls."""

    offers: tuple[str, ...]  # an offer with the offers it requires, or all (all_or_nothing)
    value: float
    short: Mapping[str, float]  # pool -> amount missing beyond what is left; empty if it fits


@dataclass(frozen=True)
class LeftOut:
    ref: str
    why: tuple[Text, ...]  # sentences, most decisive first
    needs: tuple[Need, ...]


@dataclass(frozen=True)
class Selection:
    status: SolverStatus
    value: float | None  # None when no feasible selection is known
    gap: float | None  # relative MIP gap; 0.0 when proven optimal, None when unknown
    selected: tuple[Grant, ...]
    pools_left: Mapping[str, float]
    binding: tuple[Binding, ...]
    left_out: tuple[LeftOut, ...]
    explanation: tuple[Text, ...]  # why infeasible / why no solution; empty otherwise
    message: Text
    seconds: float
