"""What happened to an application, for the apps below this one to follow up.

Imports point down the app table (ARCHITECTURE.md): applications may not import
mail or screening, yet a submission must be screened and confirmed by mail. The
services send these signals after the transaction commits; each receiver in a
lower app is one call to that app's service.
"""

from django.dispatch import Signal

# sender=Application class; kwargs: application
draft_started = Signal()
# kwargs: application
application_submitted = Signal()
# kwargs: application, fields (names of the document fields that changed)
application_edited = Signal()
# kwargs: application, old, new, role, user, reason
status_changed = Signal()
# kwargs: application (the applicant asked for their private link again)
link_requested = Signal()
# kwargs: application, renewal (the timeline entry's id): the private link was revoked
# and a new one made, to be mailed to the contact address only
link_renewed = Signal()
