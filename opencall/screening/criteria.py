"""The call's rules as people read them: a title and an explanation per criterion id
(POLICY.md). The engine judges; this module only names and explains."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from opencall.calls.questions import ExtraCriterion


@dataclass(frozen=True)
class Criterion:
    id: str
    title: Promise | str
    explanation: Promise | str


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "FORMAT",
        _("A conference-type event"),
        _(
            "Mapathons, training sessions and community meetups are not part of this call: "
            "they are the daily work of the Open Mapping Hubs and HOT's community team, "
            "who are glad to hear from you at any time."
        ),
    ),
    Criterion("WHEN_WHERE", _("When and where"), _("It is clear when and where it takes place.")),
    Criterion(
        "PROGRAMME",
        _("A published programme"),
        _("A published agenda or call for proposals shows what kind of content it will have."),
    ),
    Criterion(
        "TEAM",
        _("An organising team"),
        _("A team organises and runs it, and can work with HOT's Summit Working Group."),
    ),
    Criterion(
        "PUBLIC_TICKETS",
        _("Open to the public"),
        _("A member of the public can buy a ticket or register, and attend."),
    ),
    Criterion(
        "COMMUNITY_VALUE",
        _("Value for HOT's communities"),
        _("It brings value to the communities HOT supports: tell us how."),
    ),
    Criterion(
        "CODE_OF_CONDUCT",
        _("A code of conduct"),
        _("A code of conduct is in place, or you plan to write one (then it is a condition)."),
    ),
    Criterion(
        "THEMES",
        _("Relevant themes"),
        _(
            "It touches OpenStreetMap; open data, communities or software; data for "
            "humanitarian action, development or social impact; or data for disaster "
            "response, resilience or risk reduction."
        ),
    ),
    Criterion(
        "GEO",
        _("Geography"),
        _(
            "A regional event takes place where an Open Mapping Hub is active and serves "
            "people from HOT priority countries; a national event takes place in a priority "
            "country; international events are welcome, preferably with an online part or "
            "content published openly afterwards."
        ),
    ),
    Criterion(
        "DEADLINE",
        _("On time"),
        _("The application arrives before the call closes."),
    ),
    Criterion(
        "PERIOD",
        _("In the call's period"),
        _("The event takes place within the period this call supports."),
    ),
)
CRITERIA_BY_ID = {criterion.id: criterion for criterion in CRITERIA}


def call_criteria(extra: Iterable[ExtraCriterion]) -> tuple[Criterion, ...]:
    """POLICY's criteria, then the call's own, in the reader's language."""
    language = get_language()
    own = tuple(Criterion(c.id, c.title_in(language), c.explanation_in(language)) for c in extra)
    return CRITERIA + own


def criterion_titles(extra: Iterable[ExtraCriterion]) -> dict[str, str]:
    return {criterion.id: str(criterion.title) for criterion in call_criteria(extra)}
