"""Decisions with their granted offers (by name), sign-offs, dates, and what each took
from the pools: committed and spent, each amount's unit in its column's name. The
decision page shows each of these to whoever may see the application."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext, pgettext

from opencall.accounts.queue import HubLabel
from opencall.core.spreadsheet import Cell, Table
from opencall.selection.models import Decision, ResourcePool
from opencall.staff.exports import country, person
from opencall.staff.exports.queue import hub_name


def pool_headers(pools: list[ResourcePool]) -> list[str]:
    columns = []
    for pool in pools:
        words = {"pool": pool.label, "unit": pool.get_unit_display()}
        columns.append(pgettext("export column", "%(pool)s: committed (%(unit)s)") % words)
        columns.append(pgettext("export column", "%(pool)s: spent (%(unit)s)") % words)
    return columns


def table(
    decisions: list[Decision],
    *,
    pools: list[ResourcePool],
    offers: Mapping[str, str],
    hubs: dict[str, HubLabel],
    language: str,
    title: str,
) -> Table:
    headers = [
        gettext("Reference"),
        gettext("Event"),
        gettext("Open Mapping Hub"),
        gettext("Country"),
        gettext("Status"),
        gettext("Decision"),
        gettext("Granted offers"),
        gettext("Reason, for the applicant"),
        gettext("Internal note, for the team"),
        gettext("Proposed by"),
        gettext("Proposed on"),
        gettext("Sign-offs"),
        gettext("Final on"),
        gettext("Released on"),
        *pool_headers(pools),
    ]
    cells: list[list[Cell]] = []
    for decision in decisions:
        application = decision.application
        committed = {c.pool_id: c.amount for c in decision.commitments.all()}
        spent = {s.pool_id: s.amount for s in decision.spends.all()}
        amounts: list[Cell] = []
        for pool in pools:
            amounts += [committed.get(pool.pk), spent.get(pool.pk)]
        cells.append(
            [
                application.ref,
                application.event_name,
                hub_name(application.hub_code, hubs),
                country(application.country, language),
                application.status_label,
                decision.get_outcome_display(),
                ", ".join(offers.get(code, code) for code in decision.offers),
                decision.reason,
                decision.internal_note,
                person(decision.proposed_by),
                decision.proposed_at,
                "; ".join(
                    f"{sign_off.get_role_display()} ({person(sign_off.user)})"
                    for sign_off in decision.sign_offs.all()
                ),
                decision.final_at,
                decision.released_at,
                *amounts,
            ]
        )
    return Table(headers, cells, title=title, frozen_columns=2)
