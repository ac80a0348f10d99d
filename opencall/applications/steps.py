"""The steps of the application form, in order, with the rules each one carries.

The page form of each step lives with the pages (`cfp/forms.py`, `STEP_FORMS`)."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    slug: str
    number: int
    title: Promise
    criteria: tuple[str, ...]


STEPS: tuple[Step, ...] = (
    Step("event", 1, _("The event"), ("FORMAT", "TEAM")),
    Step("when-where", 2, _("When and where"), ("WHEN_WHERE", "PERIOD")),
    Step("audience", 3, _("Audience"), ("GEO",)),
    Step(
        "content",
        4,
        _("Content"),
        ("PROGRAMME", "THEMES", "COMMUNITY_VALUE"),
    ),
    Step(
        "participation",
        5,
        _("Participation"),
        ("PUBLIC_TICKETS", "CODE_OF_CONDUCT"),
    ),
    Step("support", 6, _("Support you would like"), ()),
)
STEPS_BY_SLUG = {step.slug: step for step in STEPS}
LAST_STEP = len(STEPS)


def step_after(step: Step) -> Step | None:
    return STEPS[step.number] if step.number < LAST_STEP else None


def criteria_up_to(number: int, extra: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The criteria the applicant has answered so far (shown in the live check);
    `extra` maps the call's own criteria to their step (`Call.criterion_steps`)."""
    done = STEPS[:number]
    slugs = {step.slug for step in done}
    own = tuple(cid for cid, slug in (extra or {}).items() if slug in slugs)
    return tuple(c for step in done for c in step.criteria) + own
