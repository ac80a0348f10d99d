"""Any valid document, however incomplete, gets a verdict and a reason for every criterion."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pycountry
from hypothesis import given, settings
from hypothesis import strategies as st

from opencall.applications.document import (
    ApplicationDocument,
    CodeOfConduct,
    Format,
    Registration,
    Scope,
    Theme,
)
from opencall.screening import engine
from opencall.screening.engine import (
    Criterion,
    Outcome,
    Screener,
    ScreeningResult,
    Verdict,
    render,
    screen,
)
from opencall.screening.messages import MESSAGES, identity
from tests.screening.documents import call_2022

COUNTRIES = sorted(country.alpha_2 for country in pycountry.countries)
OFFERS = [offer.code for offer in call_2022().offers] + ["other"]


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def choice(values: Any) -> st.SearchStrategy[Any]:
    return maybe(
        st.sampled_from([value.value if hasattr(value, "value") else value for value in values])
    )


text = st.text(max_size=60)
countries = st.sampled_from(COUNTRIES)
urls = st.sampled_from(["https://example.org/programme", "http://sotm.example.net/x?y=1"])
emails = st.builds(
    "{}@{}.org".format,
    st.from_regex(r"[a-z]{1,8}", fullmatch=True),
    st.from_regex(r"[a-z]{1,8}", fullmatch=True),
)
moments = st.datetimes(
    min_value=dt.datetime(2021, 6, 1),
    max_value=dt.datetime(2023, 6, 1),
    timezones=st.none() | st.timezones(),
)


@st.composite
def event_dates(draw: st.DrawFn) -> dict[str, str | None]:
    start = draw(maybe(st.dates(dt.date(2021, 6, 1), dt.date(2023, 6, 1))))
    end = draw(maybe(st.dates(start or dt.date(2021, 6, 1), dt.date(2023, 12, 31))))
    return {
        "start_date": start.isoformat() if start else None,
        "end_date": end.isoformat() if end else None,
    }


offers = st.lists(
    st.fixed_dictionaries(
        {"type": st.sampled_from(OFFERS)},
        optional={"details": maybe(text), "amount_usd": maybe(st.integers(0, 100_000))},
    ),
    max_size=4,
    unique_by=lambda offer: offer["type"],
)

FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "ref": maybe(text),
    "event_name": maybe(text),
    "format": choice(Format),
    "city": maybe(text),
    "country": maybe(countries),
    "online_only": st.booleans(),
    "scope": choice(Scope),
    "virtual_component": maybe(st.booleans()),
    "open_publication": maybe(st.booleans()),
    "serves_countries": st.lists(countries, max_size=5),
    "programme_url": maybe(urls),
    "organisation": maybe(text),
    "contacts": st.lists(
        st.fixed_dictionaries({"email": emails}, optional={"name": maybe(text)}), max_size=3
    ),
    "registration": choice(Registration),
    "registration_url": maybe(urls),
    "code_of_conduct": choice(CodeOfConduct),
    "code_of_conduct_url": maybe(urls),
    "themes": st.lists(st.sampled_from([theme.value for theme in Theme]), unique=True),
    "community_value": maybe(st.text(max_size=400)),
    "offers": offers,
    "expected_attendance": maybe(st.integers(0, 10_000_000)),
    "event_languages": st.lists(st.sampled_from(["en", "fr", "es", "pt", "sw"]), max_size=3),
    "language": choice(["en", "fr", "es"]),
    "submitted_at": maybe(moments.map(dt.datetime.isoformat)),
}


@st.composite
def documents(draw: st.DrawFn) -> ApplicationDocument:
    """Valid documents, from empty drafts to complete ones: any field may be left out."""
    record = draw(st.fixed_dictionaries({}, optional=FIELDS))
    record.update(draw(event_dates()))
    return ApplicationDocument.model_validate(record)


def check_complete(result: ScreeningResult) -> None:
    assert list(result.criteria) == list(Criterion)
    for item in result.criteria.values():
        assert isinstance(item.result, Outcome)
        assert item.code in MESSAGES
        assert isinstance(item.reason, str)
        assert item.reason
    outcomes = {item.result for item in result.criteria.values()}
    expected = (
        Verdict.INELIGIBLE
        if Outcome.FAIL in outcomes
        else Verdict.NEEDS_REVIEW
        if Outcome.UNCLEAR in outcomes
        else Verdict.ELIGIBLE
    )
    assert result.verdict is expected
    for extra in (*result.preferences, *result.conditions, result.redirect):
        assert extra is None or (extra.code in MESSAGES and extra.reason)


@settings(max_examples=400, deadline=None)
@given(document=documents(), now=maybe(moments))
def test_any_valid_document_gets_a_verdict_and_a_reason_for_every_criterion(document, now):
    check_complete(screen(call_2022(), document, now=now))


@settings(max_examples=200, deadline=None)
@given(document=documents())
def test_rendering_a_result_again_in_the_same_language_changes_nothing(document):
    result = screen(call_2022(), document)
    assert render(result, identity) == result


@settings(max_examples=200, deadline=None)
@given(document=documents())
def test_an_excluded_format_always_fails_and_always_redirects(document):
    result = screen(call_2022(), document)
    excluded = document.format in {Format.MAPATHON, Format.TRAINING, Format.MEETUP}
    assert (result.criteria[Criterion.FORMAT].result is Outcome.FAIL) == excluded
    assert (result.redirect is not None) == excluded


@settings(max_examples=200, deadline=None)
@given(document=documents())
def test_the_result_serialises_to_json(document):
    data = screen(call_2022(), document).to_json()
    assert json.loads(json.dumps(data)) == data
    assert list(data["criteria"]) == [criterion.value for criterion in Criterion]


# A few countries of the call's hub regions, priority or not, and one outside them: the
# kept parts of a screener (engine.Screener.screen) meet the same answers again and again.
FEW_COUNTRIES = st.sampled_from(["KE", "BO", "AR", "TH", "ZA", "FR"])
SHARED = Screener(call_2022())


@st.composite
def repeating_documents(draw: st.DrawFn) -> ApplicationDocument:
    fields = {
        **FIELDS,
        "country": maybe(FEW_COUNTRIES),
        "serves_countries": st.lists(FEW_COUNTRIES, max_size=2),
    }
    record = draw(st.fixed_dictionaries({}, optional=fields))
    record.update(draw(event_dates()))
    return ApplicationDocument.model_validate(record)


@settings(max_examples=600, deadline=None)
@given(document=repeating_documents(), now=maybe(moments))
def test_a_screener_judges_a_document_as_a_new_one_would_whatever_it_judged_before(document, now):
    assert SHARED.screen(document, now=now) == Screener(call_2022()).screen(document, now=now)


def test_a_screener_keeps_at_most_kept_max_parts_and_judges_the_same_past_it(monkeypatch):
    monkeypatch.setattr(engine, "KEPT_MAX", 3)
    screener = Screener(call_2022())
    for number, country in enumerate(["KE", "UG", "PE", "BO", "NP", "IN", "PH", "FR"]):
        document = ApplicationDocument.model_validate(
            {"country": country, "scope": "regional", "start_date": f"2022-09-{number + 1:02d}"}
        )
        assert screener.screen(document) == Screener(call_2022()).screen(document)
    kept = (screener._by_place, screener._by_reach, screener._by_themes, screener._by_dates)
    assert [len(table) for table in kept] == [3, 3, 1, 3]
