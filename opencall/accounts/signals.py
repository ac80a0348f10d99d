"""What happened to a staff account, for the mail app to tell its owner.

Accounts sits below mail in the app table: it cannot send the mail itself, so it
announces the change and mail's receiver (mail/receivers.py) sends it. Sent inside
the change's transaction, so the mail's outbox row is saved with the change or not
at all.
"""

from django.dispatch import Signal

# sender=the user model; kwargs: user, change (two_factor.Change), by (who made the
# change, or None when nobody did, e.g. a recovery code used), call (the call the
# change was made on, or None)
second_factor_changed = Signal()
