"""What happens to a deliverable and an organiser's commitment, as explicit tables.

A deliverable is what HOT does for one granted offer; a commitment is what the
organiser promised (screening's conditions and preferences). Both are settled once
they reach a final state; a collaboration closes when all of them are settled and
the organiser's report is in (or a call administrator closes it with a reason).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliverableStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DELIVERED = "delivered", _("Delivered")
    DROPPED = "dropped", _("Dropped")


DELIVERABLE_MOVES: dict[str, frozenset[str]] = {
    DeliverableStatus.PLANNED: frozenset(
        {DeliverableStatus.IN_PROGRESS, DeliverableStatus.DELIVERED, DeliverableStatus.DROPPED}
    ),
    DeliverableStatus.IN_PROGRESS: frozenset(
        {DeliverableStatus.DELIVERED, DeliverableStatus.DROPPED, DeliverableStatus.PLANNED}
    ),
    # Settled, but a mistake can be undone while the collaboration is open.
    DeliverableStatus.DELIVERED: frozenset({DeliverableStatus.IN_PROGRESS}),
    DeliverableStatus.DROPPED: frozenset({DeliverableStatus.PLANNED}),
}
DELIVERABLE_SETTLED = frozenset({DeliverableStatus.DELIVERED, DeliverableStatus.DROPPED})
# A reason is written for these moves (kept in the timeline).
REASON_NEEDED = frozenset({DeliverableStatus.DROPPED})


class CommitmentKind(models.TextChoices):
    CODE_OF_CONDUCT = "code_of_conduct", _("Publish the code of conduct")
    VIRTUAL_COMPONENT = "virtual_component", _("Open the event to people online")
    OPEN_CONTENT = "open_content", _("Publish the event's content openly")


class CommitmentStatus(models.TextChoices):
    OPEN = "open", _("To do")
    KEPT = "kept", _("Kept")
    WAIVED = "waived", _("Waived")


COMMITMENT_MOVES: dict[str, frozenset[str]] = {
    # The organiser answers with the link(s); staff may waive it, with a reason.
    CommitmentStatus.OPEN: frozenset({CommitmentStatus.KEPT, CommitmentStatus.WAIVED}),
    # A better link may replace the first one while the collaboration is open.
    CommitmentStatus.KEPT: frozenset({CommitmentStatus.KEPT, CommitmentStatus.WAIVED}),
    CommitmentStatus.WAIVED: frozenset({CommitmentStatus.OPEN}),
}
COMMITMENT_SETTLED = frozenset({CommitmentStatus.KEPT, CommitmentStatus.WAIVED})


def can_move(table: dict[str, frozenset[str]], source: str, target: str) -> bool:
    return target in table.get(source, frozenset())
