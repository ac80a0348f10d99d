"""The eligibility screening engine: one application document in, a verdict out.

Pure Python (no Django, no clock, no database), so that the web form, the review
queue, the command line and the benchmark all judge an application the same way.
Each criterion of POLICY.md (FORMAT ... PERIOD) gets `pass`, `fail` or `unclear`:

- `fail` only where the application *states* something the rules exclude;
- `unclear` where an answer is missing or cannot be judged without a person;
- the verdict is `ineligible` on any fail, else `needs_review` on any unclear,
  else `eligible`.

The engine is total: any document and any `now` get a verdict, even dates at the
calendar's limits that the document itself would refuse (year 1, 9999, any offset).

Reasons are rendered in the applicant's language through the `gettext` given,
and each also carries a stable code and params (see messages.py) so that a stored
result can be rendered again in another language.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import pycountry

from opencall.applications.document import (
    ApplicationDocument,
    CodeOfConduct,
    Format,
    Registration,
    Scope,
)
from opencall.calls.definition import CallDefinition
from opencall.reference.data import Hub
from opencall.screening import extra
from opencall.screening.messages import (
    MESSAGES,
    Gettext,
    identity,
    render_message,
    translated_templates,
)
from opencall.screening.results import (
    FAIL,
    PASS,
    UNCLEAR,
    Condition,
    Criterion,
    CriterionResult,
    Outcome,
    Params,
    Preference,
    Redirect,
    ScreeningResult,
    Verdict,
)

__all__ = [
    "COMMUNITY_VALUE_MIN_CHARS",
    "FAIL",
    "PASS",
    "UNCLEAR",
    "Condition",
    "Criterion",
    "CriterionResult",
    "Outcome",
    "Params",
    "Preference",
    "Redirect",
    "Rendered",
    "Screener",
    "ScreeningResult",
    "Verdict",
    "render",
    "screen",
]

# Enum members the criteria compare with, looked up once: in Python 3.11 each
# `Enum.MEMBER` goes through a descriptor, and a screening made two dozen of them.
_OTHER_FORMAT = Format.OTHER
_OPEN, _INVITE_ONLY, _UNKNOWN = Registration.OPEN, Registration.INVITE_ONLY, Registration.UNKNOWN
_IN_PLACE, _PLANNED, _NO_CODE = CodeOfConduct.IN_PLACE, CodeOfConduct.PLANNED, CodeOfConduct.NONE
_INTERNATIONAL, _NATIONAL, _REGIONAL = Scope.INTERNATIONAL, Scope.NATIONAL, Scope.REGIONAL
_ELIGIBLE, _INELIGIBLE, _NEEDS_REVIEW = Verdict.ELIGIBLE, Verdict.INELIGIBLE, Verdict.NEEDS_REVIEW
_FORMAT, _WHEN_WHERE, _PROGRAMME, _TEAM, _PUBLIC_TICKETS = tuple(Criterion)[:5]
_COMMUNITY_VALUE, _CODE_OF_CONDUCT, _THEMES, _GEO, _DEADLINE, _PERIOD = tuple(Criterion)[5:]

# Shorter answers are too thin to argue anything ("yes", "OSM community"): a
# reviewer would have to ask anyway, so the engine says so to the applicant.
COMMUNITY_VALUE_MIN_CHARS = 20


@dataclass(frozen=True, slots=True)
class _Contact:
    kind: str
    name: str
    email: str
    url: str
    hub_code: str = ""  # so a reader can be given the hub's name in their language

    @property
    def address(self) -> str:
        return self.email or self.url


def _aware(moment: dt.datetime) -> dt.datetime:
    # A time without offset comes from an import, not from our own stamp (always
    # aware): it is read as UTC, the server's time zone.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _moment(moment: dt.datetime, zone: dt.tzinfo) -> str:
    try:
        local = _aware(moment).astimezone(zone)
    except OverflowError:  # year 1 or 9999, moved out of the calendar: say it as given
        local = _aware(moment)
    # "2022-05-31 23:59-12:00" (isoformat writes every year with four digits, 0001), said
    # "2022-05-31 23:59 UTC-12:00", the offset cut to its minutes; none when it is zero.
    # A third of the cost of formatting the fields one by one.
    written = local.isoformat(" ", "minutes")
    offset = written[16:22]
    if offset in ("+00:00", "") and not written[22:]:
        return f"{written[:16]} UTC"
    return f"{written[:16]} UTC{offset}"


class Screener:
    """Screens many documents against one call, with the call's lookups built once.

    The templates are translated once, when the screener is built: build one per
    language (with a gettext bound to that language), or use `screen()`.
    """

    def __init__(
        self,
        call: CallDefinition,
        *,
        gettext: Gettext = identity,
        country_names: Callable[[str], str] | None = None,
    ) -> None:
        self.call = call
        self._templates = translated_templates(gettext)
        # How to name a country in the reasons (the reader's language); by default the
        # reference data's own (English) names.
        self._country_names = country_names
        self._excluded = frozenset(call.excluded_formats)
        self._zone = zoneinfo.ZoneInfo(call.timezone)
        self._closes_at = call.closes_at
        self._closes = _moment(call.closes_at, self._zone)
        self._closes_params = {"closes": self._closes}
        self._window = (call.event_window_start, call.event_window_end)
        self._window_params = {
            "window_start": call.event_window_start.isoformat(),
            "window_end": call.event_window_end.isoformat(),
        }
        reference = call.reference
        self._names = {iso2: country.name for iso2, country in reference.countries.items()}
        self._priority = frozenset(
            iso2 for iso2, country in reference.countries.items() if country.priority
        )
        self._region_hub: dict[str, Hub] = {}
        self._active_hub: dict[str, Hub] = {}
        self._index_hubs(call)
        # The call's own criteria, each with the question it reads (screening/extra.py).
        questions = {question.id: question for question in call.questions}
        self._extra = tuple((c, questions[c.question]) for c in call.criteria)
        team = reference.community_team
        self._team = _Contact("community_team", team.name or call.organiser, team.email, team.url)
        # Items whose params depend on the call alone, by outcome and code: each is made once,
        # then shared by every result that has it (frozen; nothing writes to their params).
        self._plain: dict[tuple[Outcome, str], CriterionResult] = {}
        # The parts of a result kept by the answers they read (`screen`).
        self._by_place: dict[Any, tuple[CriterionResult, Redirect | None, str | None]] = {}
        self._by_reach: dict[Any, tuple[CriterionResult, tuple[Preference, ...]]] = {}
        self._by_themes: dict[Any, CriterionResult] = {}
        self._by_dates: dict[Any, CriterionResult] = {}
        self._planned = self._conditions_planned()

    def _index_hubs(self, call: CallDefinition) -> None:
        closing_day = call.closing_day
        for iso2, country in call.reference.countries.items():
            region_hubs = [hub for hub in call.reference.hubs if hub.region == country.hub_region]
            if region_hubs and country.hub_region:
                self._region_hub[iso2] = region_hubs[0]
            active = [hub for hub in region_hubs if hub.active_on(closing_day)]
            if active and country.hub_region:
                self._active_hub[iso2] = active[0]

    # -- building blocks -------------------------------------------------

    def _item(self, outcome: Outcome, code: str, params: Params | None = None) -> CriterionResult:
        if params is not None:
            return CriterionResult(outcome, self._templates[code].format_map(params), code, params)
        return self._fixed(outcome, code, {})

    def _fixed(self, outcome: Outcome, code: str, params: Params) -> CriterionResult:
        """An item whose params depend on the call alone (or none): made once a screener."""
        item = self._plain.get((outcome, code))
        if item is None:
            reason = self._templates[code].format_map(params)
            item = self._plain[outcome, code] = CriterionResult(outcome, reason, code, params)
        return item

    def _name(self, iso2: str) -> str:
        if self._country_names is not None:
            return self._country_names(iso2)
        name = self._names.get(iso2)
        if name is None:  # outside the reference list: pycountry knows every code
            found = pycountry.countries.get(alpha_2=iso2)
            name = self._names[iso2] = found.name if found else iso2
        return name

    def _contact(self, iso2: str | None) -> _Contact:
        # Only a hub active on the closing day can take the applicant in.
        hub = self._active_hub.get(iso2) if iso2 else None
        if hub is None:
            return self._team
        return _Contact("hub", hub.name, hub.contact_email, hub.contact_url, hub.code)

    # -- the criteria ----------------------------------------------------

    def _format(self, doc: ApplicationDocument) -> CriterionResult:
        kind = doc.format
        if kind is None:
            return self._item(UNCLEAR, "format.missing")
        if kind in self._excluded:
            contact = self._contact(doc.country)
            code = f"format.excluded.{kind.value}"
            params = {"format": kind.value, "contact": contact.name, "address": contact.address}
            if contact.hub_code:
                params["hub_code"] = contact.hub_code
            return self._item(FAIL, code if code in MESSAGES else "format.excluded", params)
        if kind is _OTHER_FORMAT:
            return self._item(UNCLEAR, "format.other")
        return self._item(PASS, "format.conference")

    def _when_where(self, doc: ApplicationDocument) -> CriterionResult:
        start, end, city, country = doc.start_date, doc.end_date, doc.city, doc.country
        placed = doc.online_only or (city is not None and country is not None)
        if start is None or end is None:
            code = "when_where.dates_missing" if placed else "when_where.missing"
            return self._item(UNCLEAR, code)
        params = {"start": start.isoformat(), "end": end.isoformat()}
        if doc.online_only:
            return self._item(PASS, "when_where.online", params)
        if city is None or country is None:
            return self._item(UNCLEAR, "when_where.place_missing")
        params.update(city=city, country=self._name(country), country_code=country)
        return self._item(PASS, "when_where.place", params)

    def _programme(self, doc: ApplicationDocument) -> CriterionResult:
        if doc.programme_url is None:
            return self._item(UNCLEAR, "programme.missing")
        return self._item(PASS, "programme.published", {"url": doc.programme_url})

    def _team_criterion(self, doc: ApplicationDocument) -> CriterionResult:
        # A Contact cannot exist without an email: one contact is enough.
        if doc.organisation is None:
            return self._item(
                UNCLEAR, "team.missing" if not doc.contacts else "team.organisation_missing"
            )
        if not doc.contacts:
            return self._item(UNCLEAR, "team.contact_missing")
        params = {"organisation": doc.organisation, "email": doc.contacts[0].email}
        return self._item(PASS, "team.ok", params)

    def _public_tickets(self, doc: ApplicationDocument) -> CriterionResult:
        registration = doc.registration
        if registration is _OPEN:
            if doc.registration_url is None:
                return self._item(PASS, "public_tickets.open_no_link")
            return self._item(PASS, "public_tickets.open", {"url": doc.registration_url})
        if registration is _INVITE_ONLY:
            return self._item(FAIL, "public_tickets.invite_only")
        if registration is _UNKNOWN:
            return self._item(UNCLEAR, "public_tickets.unknown")
        return self._item(UNCLEAR, "public_tickets.missing")

    def _community_value(self, doc: ApplicationDocument) -> CriterionResult:
        # PASS means "argued", not "decided": POLICY leaves the judgement to reviewers.
        text = doc.community_value
        if text is None:
            return self._item(UNCLEAR, "community_value.missing")
        if len(text) < COMMUNITY_VALUE_MIN_CHARS:
            minimum = {"minimum": str(COMMUNITY_VALUE_MIN_CHARS)}
            return self._fixed(UNCLEAR, "community_value.too_short", minimum)
        return self._item(PASS, "community_value.argued")

    def _code_of_conduct(self, doc: ApplicationDocument) -> CriterionResult:
        state = doc.code_of_conduct
        if state is _IN_PLACE:
            if doc.code_of_conduct_url is None:
                return self._item(PASS, "code_of_conduct.in_place_no_link")
            return self._item(PASS, "code_of_conduct.in_place", {"url": doc.code_of_conduct_url})
        if state is _PLANNED:
            return self._item(PASS, "code_of_conduct.planned")  # with a condition
        if state is _NO_CODE:
            return self._item(FAIL, "code_of_conduct.none")
        return self._item(UNCLEAR, "code_of_conduct.missing")

    def _themes(self, doc: ApplicationDocument) -> CriterionResult:
        if doc.themes:
            return self._item(PASS, "themes.touched", {"themes": ",".join(doc.themes)})
        # An empty selection is also what a draft holds before the content step. The
        # themes question sits with the programme link and the community value: when
        # either is answered, the applicant saw the question and chose no theme.
        if doc.community_value is not None or doc.programme_url is not None:
            return self._item(FAIL, "themes.none_selected")
        return self._item(UNCLEAR, "themes.missing")

    def _geo(self, doc: ApplicationDocument) -> CriterionResult:
        scope = doc.scope
        if scope is None:
            return self._item(UNCLEAR, "geo.scope_missing")
        if scope is _INTERNATIONAL:
            return self._item(PASS, "geo.international")  # accessibility is a preference
        if doc.country is None:
            return self._item(
                UNCLEAR, "geo.online_unplaced" if doc.online_only else "geo.country_missing"
            )
        if scope is _NATIONAL:
            return self._national(doc.country)
        return self._regional(doc, doc.country)

    def _national(self, iso2: str) -> CriterionResult:
        params = {"country": self._name(iso2), "country_code": iso2}
        if iso2 in self._priority:
            return self._item(PASS, "geo.national_priority", params)
        return self._item(FAIL, "geo.national_not_priority", params)

    def _regional(self, doc: ApplicationDocument, iso2: str) -> CriterionResult:
        params = {"country": self._name(iso2), "country_code": iso2}
        hub = self._active_hub.get(iso2)
        if hub is None:
            return self._item(FAIL, "geo.regional_outside_hubs", params)
        params["hub"], params["hub_code"] = hub.name, hub.code
        if iso2 in self._priority:
            return self._item(PASS, "geo.regional_priority", params)
        if not doc.serves_countries:
            return self._item(UNCLEAR, "geo.regional_serves_unknown", params)
        served = [code for code in doc.serves_countries if code in self._priority]
        if served:
            params["served"] = ", ".join(self._name(code) for code in served)
            params["served_codes"] = ",".join(served)
            return self._item(PASS, "geo.regional_serves_priority", params)
        params["served"] = ", ".join(self._name(code) for code in doc.serves_countries)
        params["served_codes"] = ",".join(doc.serves_countries)
        return self._item(FAIL, "geo.regional_serves_no_priority", params)

    def _deadline(
        self, doc: ApplicationDocument, now: dt.datetime | None, until: dt.datetime | None
    ) -> CriterionResult:
        # `until`: the late access a call administrator granted this applicant
        # (applications/late.py), given as plain data; it moves their close.
        extended = until is not None and _aware(until) > self._closes_at
        arrived = doc.submitted_at
        if arrived is not None:
            params = {"arrived": _moment(arrived, self._zone), "closes": self._closes}
            if not _aware(arrived) > self._closes_at:
                return self._item(PASS, "deadline.on_time", params)
            if extended and until is not None and _aware(arrived) <= _aware(until):
                params["until"] = _moment(until, self._zone)
                return self._item(PASS, "deadline.extended", params)
            return self._item(FAIL, "deadline.late", params)
        # Not submitted: judged at `now`, the moment it would arrive (a live check of
        # a draft). Without `now` the engine does not read the clock: it stays pure,
        # and an arrival it cannot know is unclear.
        if now is None:
            return self._fixed(UNCLEAR, "deadline.not_submitted", self._closes_params)
        if not _aware(now) > self._closes_at:
            return self._fixed(PASS, "deadline.open", self._closes_params)
        params = dict(self._closes_params)
        if extended and until is not None and _aware(now) <= _aware(until):
            params["until"] = _moment(until, self._zone)
            return self._item(PASS, "deadline.extended_open", params)
        return self._item(FAIL, "deadline.closed", params)

    def _period(self, doc: ApplicationDocument) -> CriterionResult:
        start, end = doc.start_date, doc.end_date
        known = [day for day in (start, end) if day is not None]
        first, last = self._window
        if any(day < first or day > last for day in known):
            params = dict(self._window_params)
            params["dates"] = " – ".join(dict.fromkeys(day.isoformat() for day in known))
            return self._item(FAIL, "period.outside_window", params)
        if len(known) < 2:
            return self._fixed(UNCLEAR, "period.dates_missing", self._window_params)
        return self._fixed(PASS, "period.in_window", self._window_params)

    # -- preferences, conditions, redirect ---------------------------------

    def _preferences(self, doc: ApplicationDocument) -> tuple[Preference, ...]:
        if doc.scope is _INTERNATIONAL:
            virtual, published = bool(doc.virtual_component), bool(doc.open_publication)
            variant = {
                (True, True): "both",
                (True, False): "virtual",
                (False, True): "open_publication",
                (False, False): "not_met",
            }[virtual, published]
            return (self._preference("international_accessible", variant != "not_met", variant),)
        if doc.scope is _REGIONAL:
            if doc.country is None:
                return (self._preference("regional_in_priority_country", False, "unknown"),)
            met = doc.country in self._priority
            params = {"country": self._name(doc.country), "country_code": doc.country}
            variant = "met" if met else "not_met"
            return (self._preference("regional_in_priority_country", met, variant, params),)
        return ()

    def _preference(
        self, key: str, met: bool, variant: str, params: Params | None = None
    ) -> Preference:
        code, params = f"preference.{key}.{variant}", params or {}
        return Preference(key, met, self._templates[code].format_map(params), code, params)

    def _conditions_planned(self) -> tuple[Condition, ...]:
        """The conditions of a code of conduct only planned (none otherwise)."""
        code = "condition.code_of_conduct"
        return (Condition(code, self._templates[code], {}),)

    def _redirect(self, doc: ApplicationDocument) -> Redirect | None:
        if doc.format is None or doc.format not in self._excluded:
            return None
        contact = self._contact(doc.country)
        code = f"redirect.{contact.kind}"
        params = {"name": contact.name, "address": contact.address}
        if contact.hub_code:
            params["hub_code"] = contact.hub_code
        reason = self._templates[code].format_map(params)
        return Redirect(
            contact.kind, contact.name, contact.email, contact.url, reason, code, params
        )

    # -- the whole screening -------------------------------------------------

    def screen(
        self,
        document: ApplicationDocument,
        *,
        now: dt.datetime | None = None,
        extended_until: dt.datetime | None = None,
    ) -> ScreeningResult:
        """Judges one document; `now` stands in for the arrival of an unsubmitted draft;
        `extended_until` is the applicant's late access, if a call administrator gave it."""
        doc = document
        # The parts that read a few answers with few values between them are judged once
        # for each of their values and kept (frozen, so shared by every result that has
        # them): most of a call's applications repeat a format and country, a scope...
        key = doc.format, doc.country
        place = self._by_place.get(key)
        if place is None:
            place = _keep(self._by_place, key, self._place(doc))
        key = self._reach_key(doc)
        reach = self._by_reach.get(key)
        if reach is None:
            reach = _keep(self._by_reach, key, (self._geo(doc), self._preferences(doc)))
        key = doc.themes, doc.community_value is None, doc.programme_url is None
        themes = self._by_themes.get(key)
        if themes is None:
            themes = _keep(self._by_themes, key, self._themes(doc))
        key = doc.start_date, doc.end_date
        period = self._by_dates.get(key)
        if period is None:
            period = _keep(self._by_dates, key, self._period(doc))
        criteria: dict[Criterion | str, CriterionResult] = {
            _FORMAT: place[0],
            _WHEN_WHERE: self._when_where(doc),
            _PROGRAMME: self._programme(doc),
            _TEAM: self._team_criterion(doc),
            _PUBLIC_TICKETS: self._public_tickets(doc),
            _COMMUNITY_VALUE: self._community_value(doc),
            _CODE_OF_CONDUCT: self._code_of_conduct(doc),
            _THEMES: themes,
            _GEO: reach[0],
            _DEADLINE: self._deadline(doc, now, extended_until),
            _PERIOD: period,
        }
        for criterion, question in self._extra:
            outcome, code, params = extra.judge(criterion, question, doc.answers)
            criteria[criterion.id] = self._item(outcome, code, params)
        verdict = verdict_of({item.result for item in criteria.values()})
        conditions = self._planned if doc.code_of_conduct is _PLANNED else ()
        return ScreeningResult(verdict, criteria, reach[1], conditions, place[1], place[2])

    def _reach_key(self, doc: ApplicationDocument) -> tuple[Any, ...]:
        """The answers GEO and the preferences read, as far as they change them."""
        scope = doc.scope
        if scope is _INTERNATIONAL:
            return scope, bool(doc.virtual_component), bool(doc.open_publication)
        if scope is _REGIONAL and doc.country not in self._priority:
            return scope, doc.country, doc.online_only, doc.serves_countries
        return scope, doc.country, doc.online_only

    def _place(
        self, doc: ApplicationDocument
    ) -> tuple[CriterionResult, Redirect | None, str | None]:
        """What the format and the country decide: FORMAT, the redirect, the hub."""
        hub = self._region_hub.get(doc.country) if doc.country else None
        return self._format(doc), self._redirect(doc), hub.code if hub else None


# A kept table stops growing here: the values repeat in a real call, but a long-lived
# screener (`screen()`'s) must not grow without end on values that do not.
KEPT_MAX = 4096
_Kept = TypeVar("_Kept")


def _keep(table: dict[Any, _Kept], key: Any, value: _Kept) -> _Kept:
    if len(table) < KEPT_MAX:
        table[key] = value
    return value


def verdict_of(outcomes: Iterable[str]) -> Verdict:
    """The call's rule: any fail makes it ineligible, else any unclear needs review.
    Also what a reviewer's overrides are judged by (screening/services.py)."""
    outcomes = set(outcomes)
    if FAIL in outcomes:
        return _INELIGIBLE
    if UNCLEAR in outcomes:
        return _NEEDS_REVIEW
    return _ELIGIBLE


# One screener is kept for the last call: `screen()` in a loop over one call then
# costs little more than `Screener.screen`. It screens in English and translates
# the result afterwards, because a gettext such as Django's keeps its identity
# while the active language changes from one request to the next.
_last: tuple[CallDefinition, Screener] | None = None


def screen(
    call: CallDefinition,
    document: ApplicationDocument,
    *,
    now: dt.datetime | None = None,
    extended_until: dt.datetime | None = None,
    gettext: Gettext = identity,
) -> ScreeningResult:
    """Screens one application against a call's rules (see the module docstring)."""
    global _last  # a one-entry cache
    cached = _last
    if cached is None or cached[0] is not call:
        cached = _last = (call, Screener(call))
    result = cached[1].screen(document, now=now, extended_until=extended_until)
    return result if gettext is identity else render(result, gettext)


Rendered = TypeVar("Rendered", ScreeningResult, CriterionResult, Preference, Condition, Redirect)


def render(item: Rendered, gettext: Gettext) -> Rendered:
    """The same result or item with its reasons rendered again through `gettext`."""
    if isinstance(item, ScreeningResult):
        return replace(
            item,
            criteria={key: render(value, gettext) for key, value in item.criteria.items()},
            preferences=tuple(render(value, gettext) for value in item.preferences),
            conditions=tuple(render(value, gettext) for value in item.conditions),
            redirect=None if item.redirect is None else render(item.redirect, gettext),
        )
    return replace(item, reason=render_message(item.code, item.params, gettext))
