"""The collaborations of accepted events: HOT's deliverables, the organiser's
commitments and report, and what each took from the pools (committed and spent, the
unit in the column's name). One row per collaboration; each deliverable and commitment
a line of its cell, with its status and due date, as the collaboration page shows it."""

from __future__ import annotations

import datetime as dt

from django.utils import formats
from django.utils.translation import gettext

from opencall.accounts.queue import HubLabel
from opencall.collaborations.models import Collaboration, Commitment, Deliverable
from opencall.collaborations.workflow import CommitmentStatus, DeliverableStatus
from opencall.core.spreadsheet import Cell, Table
from opencall.selection.models import ResourcePool
from opencall.staff.exports import country, person, yes_no
from opencall.staff.exports.decisions import pool_headers
from opencall.staff.exports.queue import hub_name


def _due(day: dt.date | None) -> str:
    if day is None:
        return ""
    return gettext("due %(date)s") % {"date": formats.date_format(day, "DATE_FORMAT")}


def _deliverable(item: Deliverable) -> str:
    details = [str(item.get_status_display()), _due(item.due_on), person(item.owner), item.team]
    return f"{item.what} — {', '.join(part for part in details if part)}"


def _commitment(item: Commitment) -> str:
    details = [str(item.get_status_display()), _due(item.due_on), *item.links]
    return f"{item.get_kind_display()} — {', '.join(part for part in details if part)}"


def _count(items, status: str) -> int:
    return sum(item.status == status for item in items)


def table(
    collaborations: list[Collaboration],
    *,
    pools: list[ResourcePool],
    hubs: dict[str, HubLabel],
    language: str,
    title: str,
) -> Table:
    headers = [
        gettext("Reference"),
        gettext("Event"),
        gettext("Open Mapping Hub"),
        gettext("Country"),
        gettext("Starts"),
        gettext("Collaboration"),
        gettext("Opened on"),
        gettext("Closed on"),
        gettext("Why it was closed early"),
        gettext("HOT's deliverables"),
        gettext("Deliverables delivered"),
        gettext("Deliverables dropped"),
        gettext("Deliverables open"),
        gettext("Next deliverable due"),
        gettext("Organiser's commitments"),
        gettext("Commitments kept"),
        gettext("Commitments waived"),
        gettext("Commitments open"),
        gettext("Report filed"),
        gettext("Report filed on"),
        gettext("People in person"),
        gettext("People online"),
        gettext("Scholarships used"),
        *pool_headers(pools),
    ]
    cells: list[list[Cell]] = []
    for collaboration in collaborations:
        application = collaboration.application
        deliverables = list(collaboration.deliverables.all())
        commitments = list(collaboration.commitments.all())
        report = getattr(collaboration, "report", None)
        decision = getattr(application, "decision", None)
        committed = {c.pool_id: c.amount for c in decision.commitments.all()} if decision else {}
        spent = {s.pool_id: s.amount for s in decision.spends.all()} if decision else {}
        amounts: list[Cell] = []
        for pool in pools:
            amounts += [committed.get(pool.pk), spent.get(pool.pk)]
        open_items = [d for d in deliverables if not d.settled]
        delivered, dropped = DeliverableStatus.DELIVERED, DeliverableStatus.DROPPED
        cells.append(
            [
                application.ref,
                application.event_name,
                hub_name(application.hub_code, hubs),
                country(application.country, language),
                application.start_date,
                gettext("Open") if collaboration.is_open else gettext("Closed"),
                collaboration.opened_at,
                collaboration.closed_at,
                collaboration.close_reason,
                "\n".join(_deliverable(item) for item in deliverables),
                _count(deliverables, delivered),
                _count(deliverables, dropped),
                len(open_items),
                min((d.due_on for d in open_items if d.due_on), default=None),
                "\n".join(_commitment(item) for item in commitments),
                _count(commitments, CommitmentStatus.KEPT),
                _count(commitments, CommitmentStatus.WAIVED),
                _count(commitments, CommitmentStatus.OPEN),
                yes_no(report is not None),
                report.filed_at if report else None,
                report.attendance_in_person if report else None,
                report.attendance_online if report else None,
                report.scholarships_used if report else None,
                *amounts,
            ]
        )
    return Table(headers, cells, title=title, frozen_columns=2)
