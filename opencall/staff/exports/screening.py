"""The screening list as filtered on its page, with each criterion's result (overrides
applied) beside the verdict."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext

from opencall.accounts.queue import HubLabel
from opencall.applications.models import Application
from opencall.core.spreadsheet import Cell, Table
from opencall.screening.criteria import Criterion
from opencall.screening.models import Outcome
from opencall.staff.exports import country
from opencall.staff.exports.queue import hub_name


def table(
    applications: Iterable[Application],
    *,
    criteria: Iterable[Criterion],
    hubs: dict[str, HubLabel],
    language: str,
    title: str,
) -> Table:
    """`applications` with `screening__outcomes` and `screening_overrides` prefetched."""
    criteria = list(criteria)
    outcomes = dict(Outcome.choices)
    titles = {criterion.id: str(criterion.title) for criterion in criteria}
    headers = [
        gettext("Reference"),
        gettext("Event"),
        gettext("Country"),
        gettext("Open Mapping Hub"),
        gettext("Verdict"),
        *(titles[criterion.id] for criterion in criteria),
        gettext("Overridden by a reviewer"),
    ]
    cells: list[list[Cell]] = []
    for application in applications:
        screening = getattr(application, "screening", None)
        found = {o.criterion: o.effective for o in screening.outcomes.all()} if screening else {}
        overridden = [o.criterion for o in application.screening_overrides.all()]
        cells.append(
            [
                application.ref,
                application.event_name,
                country(application.country, language),
                hub_name(application.hub_code, hubs),
                screening.get_verdict_display() if screening else "",
                *(str(outcomes.get(found.get(c.id, ""), "")) for c in criteria),
                ", ".join(titles.get(code, code) for code in overridden),
            ]
        )
    return Table(headers, cells, title=title, frozen_columns=2)
