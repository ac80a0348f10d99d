"""The selection's scenarios side by side, as the page lays them out: one column per
scenario (newest first), one row per figure, pool and application. What the reader may
not see of a portfolio is only counted, as on the page (selection/visibility.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext, ngettext, pgettext

from opencall.core.spreadsheet import Cell, Table
from opencall.selection.comparison import ApplicationRow, Column, PoolUse
from opencall.staff.exports import person


def _unit(pool: Any) -> str:
    return str(pool.get_unit_display()) if hasattr(pool, "get_unit_display") else ""


def _in_unit(pool: Any, amount: float) -> str:
    return pool.amount_text(amount) if hasattr(pool, "amount_text") else f"{amount:g}"


def _pool_rows(pool_rows: list[tuple[Any, list[PoolUse | None]]]) -> list[list[Cell]]:
    rows = []
    for pool, uses in pool_rows:
        words = {"pool": str(pool), "unit": _unit(pool)}
        rows.append(
            [
                pgettext("export column", "%(pool)s: taken (%(unit)s)") % words,
                *(use.used if use else None for use in uses),
            ]
        )
        rows.append(
            [
                pgettext("export column", "%(pool)s: in this scenario (%(unit)s)") % words,
                *(use.capacity if use else None for use in uses),
            ]
        )
    return rows


def _changes(column: Column) -> str:
    lines = []
    if column.added:
        lines.append("+ " + ", ".join(column.added))
    if column.added_others:
        lines.append(
            ngettext("+ %(count)s other", "+ %(count)s others", column.added_others)
            % {"count": column.added_others}
        )
    if column.removed:
        lines.append("− " + ", ".join(column.removed))
    if column.removed_others:
        lines.append(
            ngettext("− %(count)s other", "− %(count)s others", column.removed_others)
            % {"count": column.removed_others}
        )
    return "\n".join(lines)


def _left_out(column: Column) -> str:
    portfolio = column.optimal
    if portfolio is None:
        return ""
    lines = [f"{item['ref']}: {' '.join(item['why'])}" for item in portfolio.left_out]
    if portfolio.left_out_others:
        lines.append(
            ngettext(
                "%(count)s other application left out, not shown to you",
                "%(count)s other applications left out, not shown to you",
                portfolio.left_out_others,
            )
            % {"count": portfolio.left_out_others}
        )
    return "\n".join(lines)


def _others(column: Column) -> str:
    others = column.optimal.others if column.optimal else None
    if not others or not others.count:
        return ""
    text = ngettext(
        "%(count)s other application selected, not shown to you",
        "%(count)s other applications selected, not shown to you",
        others.count,
    ) % {"count": others.count}
    uses = [f"{pool}: {_in_unit(pool, amount)}" for pool, amount in others.uses.items()]
    return "\n".join([text, *uses])


def _application(
    row: ApplicationRow, names: Mapping[str, str], offers: Mapping[str, str]
) -> list[Cell]:
    label = f"{row.ref} {names.get(row.ref, '')}".strip()
    if row.differs:
        label += " " + gettext("(differs)")
    return [
        label,
        *(
            ", ".join(offers.get(code, code) for code in grant.offers)
            if grant
            else gettext("not selected")
            for grant in row.grants
        ),
    ]


def table(
    comparison: list[Column],
    *,
    rows: list[ApplicationRow],
    pool_rows: list[tuple[Any, list[PoolUse | None]]],
    hub_names: Mapping[str, str],
    event_names: Mapping[str, str],
    offer_labels: Mapping[str, str],
    title: str,
) -> Table:
    headers = [gettext("Scenario"), *(column.scenario.name for column in comparison)]
    optimal = [column.optimal for column in comparison]
    greedy = [column.greedy for column in comparison]
    hubs = sorted({hub for p in optimal if p for hub in p.by_hub})

    def line(label: str, values: list[Cell]) -> list[Cell]:
        return [label, *values]

    cells: list[list[Cell]] = [
        line(gettext("Run by"), [person(c.scenario.created_by) for c in comparison]),
        line(gettext("Run on"), [c.scenario.created_at for c in comparison]),
        line(
            gettext("State"),
            [
                "\n".join(filter(None, [str(c.scenario.get_state_display()), c.error]))
                for c in comparison
            ],
        ),
        line(gettext("Total value"), [p.value if p else None for p in optimal]),
        line(gettext("How the optimiser finished"), [p.status if p else "" for p in optimal]),
        line(gettext("Picked by hand: total value"), [g.value if g else None for g in greedy]),
        line(
            gettext("The best combination is worth more than by hand (%)"),
            [c.gain for c in comparison],
        ),
        line(gettext("Events"), [p.count if p else None for p in optimal]),
        line(gettext("Events picked by hand"), [g.count if g else None for g in greedy]),
        *(
            line(
                pgettext("export column", "Events: %(hub)s") % {"hub": hub_names.get(hub, hub)},
                [p.by_hub.get(hub, 0) if p else None for p in optimal],
            )
            for hub in hubs
        ),
        *_pool_rows(pool_rows),
        *(_application(row, event_names, offer_labels) for row in rows),
    ]
    if any(p and p.others for p in optimal):
        cells.append(line(gettext("Not shown to you"), [_others(c) for c in comparison]))
    cells += [
        line(gettext("Against the scenario before"), [_changes(c) for c in comparison]),
        line(
            gettext("What held it back"),
            ["\n".join([*p.binding, *p.explanation]) if p else "" for p in optimal],
        ),
        line(gettext("Left out, and why"), [_left_out(c) for c in comparison]),
    ]
    return Table(headers, cells, title=title, frozen_columns=1)
