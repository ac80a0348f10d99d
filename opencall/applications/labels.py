"""The applicant-facing labels of the application document's enums.

The form's choices, the call page and the staff pages (the `application_labels` filters)
all read them here, so one wording serves every page.
"""

from django.utils.translation import gettext_lazy as _

from opencall.applications.document import CodeOfConduct, Format, Registration, Scope, Theme

FORMAT_LABELS = {
    Format.CONFERENCE: _("Conference"),
    Format.MAPATHON: _("Mapathon"),
    Format.TRAINING: _("Training session"),
    Format.MEETUP: _("Community meetup"),
    Format.OTHER: _("Other"),
}
SCOPE_LABELS = {
    Scope.REGIONAL: _("Regional: people from several countries of one region"),
    Scope.NATIONAL: _("National: people from one country"),
    Scope.INTERNATIONAL: _("International: people from around the world"),
}
REGISTRATION_LABELS = {
    Registration.OPEN: _("Open: anyone can buy a ticket or register"),
    Registration.INVITE_ONLY: _("By invitation only"),
    Registration.UNKNOWN: _("Not yet known"),
}
CODE_OF_CONDUCT_LABELS = {
    CodeOfConduct.IN_PLACE: _("Yes, it is in place"),
    CodeOfConduct.PLANNED: _("Not yet, but we plan to write one"),
    CodeOfConduct.NONE: _("No"),
}
THEME_LABELS = {
    Theme.OSM: _("OpenStreetMap data or communities"),
    Theme.OPEN: _("Open data, open communities or free and open-source software"),
    Theme.IMPACT: _("Data for humanitarian action, development or social impact"),
    Theme.DISASTER: _("Data for disaster response, resilience or risk reduction"),
}
