"""What changed in a collaboration, sent after the transaction commits, for the
webhooks app (webhooks/receivers.py). A side effect only: telling other tools."""

from django.dispatch import Signal

# sender=Collaboration class; kwargs: application, what ("opened", "deliverable",
# "deliverable_edited", "commitment", "report", "closed"), event (the timeline entry's id)
collaboration_updated = Signal()
