"""What happened in a conversation, sent after the transaction commits, for the mail
app to send the email (mail/receivers.py). Screening an application again after an
answer is no side effect: the service that records the answer calls it.
"""

from django.dispatch import Signal

# sender=Message class; kwargs: application, message
staff_message_sent = Signal()
# kwargs: application, message, criterion
info_requested = Signal()
