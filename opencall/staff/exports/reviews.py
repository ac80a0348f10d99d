"""Reviews with their scores, one row per application of the queue (its filter and its
order): the team's aggregate and per-criterion means where the rulebook lets the reader
see them (`applications.view_scores`), and the reader's own scores.

Scores and comments stay with their reviewer (docs/reviewing.md): the team sees the
aggregate and the per-criterion means, never another reviewer's own scores, and no
comment; the file holds no more.
"""

from __future__ import annotations

from django.utils.translation import gettext, pgettext

from opencall.accounts.queue import HubLabel
from opencall.applications.models import Application
from opencall.core.spreadsheet import Cell, Table
from opencall.reviews.models import RubricCriterion
from opencall.reviews.selectors import OwnReview, TeamView
from opencall.staff.exports import country, person, yes_no
from opencall.staff.exports.queue import hub_name, my_review


def _scale(criterion: RubricCriterion) -> str:
    return f"{criterion.scale_min}–{criterion.scale_max}"


def _state(state: str) -> str:
    if state == "submitted":
        return pgettext("review state", "submitted")
    if state == "draft":
        return gettext("draft")
    return gettext("to do")


def table(
    rows: list[Application],
    *,
    criteria: list[RubricCriterion],
    teams: dict[int, TeamView],
    allowed: set[int],
    own: dict[int, OwnReview],
    reviewers: dict[int, list],
    hubs: dict[str, HubLabel],
    language: str,
    title: str,
) -> Table:
    """`allowed`: the applications whose team scores the reader may see."""
    words = {c.code: {"criterion": c.text, "scale": _scale(c)} for c in criteria}
    headers = [
        gettext("Reference"),
        gettext("Event"),
        gettext("Status"),
        gettext("Open Mapping Hub"),
        gettext("Country"),
        gettext("Reviewers"),
        gettext("Reviews"),
        gettext("Mean score (out of 100)"),
        gettext("Median score (out of 100)"),
        gettext("Spread (points)"),
        gettext("Disagreement"),
        *(
            pgettext("export column", "%(criterion)s: team mean (%(scale)s)") % words[c.code]
            for c in criteria
        ),
        gettext("My review"),
        gettext("My score (out of 100)"),
        *(
            pgettext("export column", "%(criterion)s: my score (%(scale)s)") % words[c.code]
            for c in criteria
        ),
    ]
    cells: list[list[Cell]] = []
    for row in rows:
        team = teams.get(row.pk)
        shown = row.pk in allowed and team is not None
        total = team.aggregate if team else None
        # A conflict hides one's own review too: the page no longer shows its form.
        mine = None if row.conflicted else own.get(row.pk)
        listed = "; ".join(
            f"{person(reviewer)} ({_state(state)})" for reviewer, state in reviewers.get(row.pk, [])
        )
        cells.append(
            [
                row.ref,
                row.event_name,
                row.status_label,
                hub_name(row.hub_code, hubs),
                country(row.country, language),
                listed,
                row.review_count,
                total.mean if shown and total else None,
                total.median if shown and total else None,
                total.spread if shown and total else None,
                yes_no(total.disagreement) if shown and total and total.count else "",
                *(item.mean if shown else None for item in (team.criteria if team else [])),
                *([] if team else [None] * len(criteria)),
                my_review(row),
                mine.score if mine else None,
                *((mine.scores.get(c.code) if mine else None) for c in criteria),
            ]
        )
    return Table(headers, cells, title=title, frozen_columns=2)
