"""Every text the screening engine can say, keyed by a stable reason code.

The English text is the template and the gettext message id: `makemessages` finds
each one through the no-op marker `_`, translators translate it, and a stored
result (code + params) is rendered again in any language with `render_message`.
Codes are part of the stored data and the public API: never rename one; retire it
and add a new one instead. Placeholders take plain strings (names, ISO dates, URLs).
"""

from __future__ import annotations

from collections.abc import Mapping

from opencall.core.messages import Catalogue, Gettext, _, identity

__all__ = ["MESSAGES", "Gettext", "identity", "render_message", "translated_templates"]

MESSAGES: dict[str, str] = {
    # FORMAT
    "format.conference": _("A conference is the kind of event this call is for."),
    "format.excluded.mapathon": _(
        "Mapathons are not part of this call: supporting them is the daily work of the "
        "Open Mapping Hubs and of HOT's community team. Please contact {contact} "
        "({address}): they are glad to hear about your event."
    ),
    "format.excluded.training": _(
        "Training sessions are not part of this call: supporting them is the daily work "
        "of the Open Mapping Hubs and of HOT's community team. Please contact {contact} "
        "({address}): they are glad to hear about your event."
    ),
    "format.excluded.meetup": _(
        "Community meetups are not part of this call: supporting them is the daily work "
        "of the Open Mapping Hubs and of HOT's community team. Please contact {contact} "
        "({address}): they are glad to hear about your event."
    ),
    "format.excluded": _(
        "This kind of event ({format}) is not part of this call. Please contact "
        "{contact} ({address}): they are glad to hear about your event."
    ),
    "format.other": _(
        "You described the event as another kind of event: a reviewer will check that it "
        "is a conference-type event, which is what this call is for."
    ),
    "format.missing": _(
        "The kind of event is not given yet: this call is for conference-type events."
    ),
    # WHEN_WHERE
    "when_where.place": _("The event takes place from {start} to {end} in {city}, {country}."),
    "when_where.online": _("The event takes place online from {start} to {end}."),
    "when_where.dates_missing": _(
        "The dates of the event are not given yet: please give its first and last day."
    ),
    "when_where.place_missing": _(
        "The place of the event is not given yet: please give its city and country, or "
        "say that it is online only."
    ),
    "when_where.missing": _("The dates and the place of the event are not given yet."),
    # PROGRAMME
    "programme.published": _("The agenda or call for proposals is published at {url}."),
    "programme.missing": _(
        "There is no link to a published agenda or call for proposals yet: reviewers need "
        "it to see what content the event will have."
    ),
    # TEAM
    "team.ok": _("The event is organised by {organisation}; HOT's contact is {email}."),
    "team.organisation_missing": _(
        "The organisation or team that runs the event is not named yet."
    ),
    "team.contact_missing": _("No contact person with an email address is given yet."),
    "team.missing": _(
        "Neither the organising team nor a contact person with an email address is given yet."
    ),
    # PUBLIC_TICKETS
    "public_tickets.open": _("Members of the public can register or buy a ticket, at {url}."),
    "public_tickets.open_no_link": _(
        "Members of the public can register or buy a ticket. Please share the "
        "registration page once it is online."
    ),
    "public_tickets.invite_only": _(
        "Attendance is by invitation only: this call is for events that any member of "
        "the public can register for, or buy a ticket to, and attend."
    ),
    "public_tickets.unknown": _(
        "It is not decided yet whether members of the public can register: this call is "
        "for events that are open to the public."
    ),
    "public_tickets.missing": _(
        "It is not said yet how people can attend: this call is for events that members "
        "of the public can register for, or buy a ticket to."
    ),
    # COMMUNITY_VALUE
    "community_value.argued": _(
        "You explained what the event brings to the communities HOT supports; the "
        "reviewers will weigh it."
    ),
    "community_value.too_short": _(
        "The explanation of what the event brings to the communities HOT supports is too "
        "short to judge: please say more (at least {minimum} characters)."
    ),
    "community_value.missing": _(
        "Please explain what the event brings to the communities HOT supports: the "
        "reviewers judge this."
    ),
    # CODE_OF_CONDUCT
    "code_of_conduct.in_place": _("The event has a code of conduct, at {url}."),
    "code_of_conduct.in_place_no_link": _("The event has a code of conduct."),
    "code_of_conduct.planned": _(
        "A code of conduct is planned: this is accepted, on the condition that it is "
        "published before the event."
    ),
    "code_of_conduct.none": _(
        "The event has no code of conduct and none is planned: this call requires one, "
        "or at least a plan to write one."
    ),
    "code_of_conduct.missing": _(
        "It is not said yet whether the event has a code of conduct: this call requires "
        "one, or at least a plan to write one."
    ),
    # THEMES
    "themes.touched": _("The event's content touches at least one of the call's themes."),
    "themes.none_selected": _(
        "No theme was selected: the event must touch at least one of OpenStreetMap, open "
        "data or open source, data for humanitarian action or social impact, or data for "
        "disaster response and resilience."
    ),
    "themes.missing": _(
        "The event's themes are not given yet: it must touch at least one of the call's themes."
    ),
    # GEO
    "geo.scope_missing": _(
        "The event's audience (regional, national or international) is not given yet: it "
        "decides which geography rule applies."
    ),
    "geo.country_missing": _(
        "The country of the event is not given yet: it decides whether the event fits "
        "the call's geography."
    ),
    "geo.online_unplaced": _(
        "The event is online only and no country is given: please say in which country "
        "its community is, as it decides whether the event fits the call's geography."
    ),
    "geo.national_priority": _("A national event in {country}, one of HOT's priority countries."),
    "geo.national_not_priority": _(
        "National events are accepted only in HOT's priority countries, and {country} is "
        "not one of them."
    ),
    "geo.regional_priority": _(
        "A regional event in {country}, a HOT priority country in the region of the {hub}."
    ),
    "geo.regional_serves_priority": _(
        "A regional event in {country}, in the region of the {hub}, that serves "
        "communities from priority countries ({served})."
    ),
    "geo.regional_outside_hubs": _(
        "Regional events must take place in a region where an Open Mapping Hub is active, "
        "and {country} is not in one."
    ),
    "geo.regional_serves_no_priority": _(
        "A regional event must serve communities from HOT's priority countries: neither "
        "{country} nor the countries it serves ({served}) are among them."
    ),
    "geo.regional_serves_unknown": _(
        "{country} is not a HOT priority country: please say which countries' communities "
        "the event serves, as a regional event must serve communities from priority "
        "countries."
    ),
    "geo.international": _("International events are welcome, wherever they take place."),
    # DEADLINE
    "deadline.on_time": _(
        "The expression of interest arrived on {arrived}, before the call closed ({closes})."
    ),
    "deadline.late": _(
        "The expression of interest arrived on {arrived}, after the call closed ({closes})."
    ),
    "deadline.extended": _(
        "The expression of interest arrived on {arrived}, after the call closed ({closes}) "
        "but within the extension to {until} granted by the call's team."
    ),
    "deadline.open": _("The call is open until {closes}: submit before then."),
    "deadline.extended_open": _(
        "The call closed on {closes}, but the call's team granted an extension to {until}: "
        "submit before then."
    ),
    "deadline.closed": _(
        "The call closed on {closes} and this application was not submitted before then."
    ),
    "deadline.not_submitted": _(
        "The application has no submission time, so it cannot be checked that it arrived "
        "before the call closed ({closes})."
    ),
    # PERIOD
    "period.in_window": _(
        "The event falls within the period of the call ({window_start} to {window_end})."
    ),
    "period.outside_window": _(
        "The event must take place between {window_start} and {window_end}, and its dates "
        "({dates}) fall outside that period."
    ),
    "period.dates_missing": _(
        "The event's dates are not given yet: it must take place between {window_start} "
        "and {window_end}."
    ),
    # The call's own criteria (screening/extra.py), on its own questions
    "extra.missing": _("“{question}” is not answered yet."),
    "extra.not_asked": _("“{question}” is not asked, given the other answers."),
    "extra.answered": _("“{question}” is answered."),
    "extra.uploaded": _("“{question}”: {answer} is uploaded."),
    "extra.at_most.pass": _("“{question}”: {answer}, within the limit of {limit}."),
    "extra.at_most.fail": _("“{question}”: {answer}, above the limit of {limit}."),
    "extra.at_least.pass": _("“{question}”: {answer}, at least the {limit} this call asks for."),
    "extra.at_least.fail": _("“{question}”: {answer}, below the {limit} this call asks for."),
    "extra.one_of.pass": _("“{question}”: {answer}."),
    "extra.one_of.fail": _("“{question}”: {answer}; this call takes only {expected}."),
    # Preferences
    "preference.international_accessible.both": _(
        "The event has a virtual component and will publish its content openly: both "
        "make it accessible to people who cannot travel, as preferred for international "
        "events."
    ),
    "preference.international_accessible.virtual": _(
        "The event has a virtual component, which makes it accessible to people who "
        "cannot travel, as preferred for international events."
    ),
    "preference.international_accessible.open_publication": _(
        "The event will publish its content openly afterwards, which makes it accessible "
        "to people who cannot travel, as preferred for international events."
    ),
    "preference.international_accessible.not_met": _(
        "International events with a virtual component, or that publish their content "
        "openly afterwards, are preferred: this one has neither yet."
    ),
    "preference.regional_in_priority_country.met": _(
        "The event takes place in a HOT priority country ({country}), as preferred for "
        "regional events."
    ),
    "preference.regional_in_priority_country.not_met": _(
        "Regional events are preferably held in a HOT priority country, and {country} is not one."
    ),
    "preference.regional_in_priority_country.unknown": _(
        "The country of the event is not given yet: regional events are preferably held "
        "in a HOT priority country."
    ),
    # Conditions
    "condition.code_of_conduct": _(
        "Before the collaboration goes ahead, the event publishes its code of conduct and "
        "shares the link with HOT."
    ),
    # Redirects
    "redirect.hub": _(
        "Mapathons, training sessions and community meetups are the daily work of the "
        "{name}: contact them at {address} about your event."
    ),
    "redirect.community_team": _(
        "Mapathons, training sessions and community meetups are supported by the {name}: "
        "contact them at {address} about your event."
    ),
}


CATALOGUE = Catalogue(MESSAGES)


def translated_templates(gettext: Gettext) -> dict[str, str]:
    """Every template in one language, checked once so that rendering cannot fail."""
    return CATALOGUE.templates(gettext)


def render_message(code: str, params: Mapping[str, str], gettext: Gettext = identity) -> str:
    """A stored reason (code + params) in the language `gettext` translates to."""
    return CATALOGUE.render(code, params, gettext)
