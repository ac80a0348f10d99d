"""What screening found, for the apps below it to follow up (sent after commit).

Mail listens: an organiser whose event is of a format the call excludes is told whom
to contact instead (POLICY FORMAT: "send the applicant there, with the right hub's
contact").
"""

from django.dispatch import Signal

# sender=Application class; kwargs: application, verdict, redirected (the format is
# excluded and the result names the hub or team to contact)
application_screened = Signal()
