"""What the selection announces after its commit (mail follows; see mail/receivers.py)."""

from django.dispatch import Signal

# kwargs: application, decision — every sign-off is in: the decision is final.
decision_final = Signal()
# kwargs: call, applications, user — the call administrator released decisions.
decisions_released = Signal()
# kwargs: application, decision — an offer was declined or expired: its resources are free.
offer_freed = Signal()
