"""What screening found, for the apps below it to follow up (sent after commit).

Mail listens: an organiser whose event is of a format the call excludes is told whom
to contact instead (POLICY FORMAT: "send the applicant there, with the right hub's
contact").
"""

from django.dispatch import Signal

# sender=Application class; kwargs: application, verdict, redirected (the format is
# excluded and the result names the hub or team to contact)
application_screened = Signal()

# The same for many applications at once (a call screened again in batches:
# services.screening_refresh_call), so a receiver can read what it needs once a batch.
# sender=Application class; kwargs: call_id, screened (a list of (application, verdict,
# redirected) as application_screened sends them one by one)
applications_screened = Signal()
