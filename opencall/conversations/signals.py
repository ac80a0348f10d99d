"""What happened in a conversation, sent after the transaction commits.

The mail app sends the email (mail/receivers.py); the front end re-runs the
screening when an applicant answers a request for information.
"""

from django.dispatch import Signal

# sender=Message class; kwargs: application, message
staff_message_sent = Signal()
# kwargs: application, message, criterion
info_requested = Signal()
# kwargs: application, message, answered (criteria of the requests this reply answers)
applicant_replied = Signal()
