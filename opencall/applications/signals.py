"""What happened to an application, for the mail and webhooks apps to answer
(mail/receivers.py, webhooks/receivers.py).

Imports point down the app table: applications may not import mail, yet a draft's
link and a submission's confirmation go out by mail. The services send these signals
after the transaction commits. Signals carry side effects only: the next step of the
workflow (screening a submission) is called by the service that makes the change
(screening.services). docs/architecture.md ("Signals that remain") lists every
signal and its receivers.
"""

from django.dispatch import Signal

# sender=Application class; kwargs: application
draft_started = Signal()
# kwargs: application
application_submitted = Signal()
# kwargs: application (the applicant asked for their private link again)
link_requested = Signal()
# kwargs: application, renewal (the timeline entry's id): the private link was revoked
# and a new one made, to be mailed to the contact address only
link_renewed = Signal()
# kwargs: application, old, new (statuses), event (the timeline entry's id): any move
# through the status table (applications.services._move), for webhooks
status_changed = Signal()
# kwargs: application, grant (the timeline entry's id): a call administrator let the
# applicant send after the close (applications/late.py), to be mailed with the link
late_access_granted = Signal()
