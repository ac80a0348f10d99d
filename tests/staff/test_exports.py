"""The staff lists as files (issue 14, "Export"): each read back with openpyxl and the
csv module, its headers and values in English and French, the page's filter and order,
formulas kept as text in both formats, and no more than the reader sees on the page."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from opencall.applications.models import Application
from opencall.core.spreadsheet import Table
from opencall.reviews import services as reviews
from opencall.reviews.models import Review
from opencall.reviews.rubric import rubric_for
from opencall.selection import selectors, services
from opencall.selection.models import Scenario
from tests.fixtures.selection import decide

SLUG = "hot-summit-2022"
BASE = f"/staff/calls/{SLUG}/"
EXPORTS = {
    "queue": BASE + "queue/export.",
    "reviews": BASE + "reviews/export.",
    "screening": BASE + "screening/export.",
    "scenarios": BASE + "selection/scenarios/export.",
    "decisions": BASE + "selection/decisions/export.",
    "collaborations": BASE + "collaborations/export.",
}
FORMULA = '=HYPERLINK("http://evil.example","Click")'


def _get(user, path: str, language: str = "en"):
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies["django_language"] = language
    return client.get(path)


def _csv(user, path: str, language: str = "en") -> list[list[str]]:
    response = _get(user, path, language)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _sheet(user, path: str, language: str = "en"):
    response = _get(user, path, language)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).active


def _values(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _records(rows: list[list]) -> list[dict]:
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _both(user, name: str, query: str = "", language: str = "en"):
    """The list as CSV records and XLSX records, which must hold the same rows."""
    suffix = f"?{query}" if query else ""
    from_csv = _records(_csv(user, EXPORTS[name] + "csv" + suffix, language))
    sheet = _sheet(user, EXPORTS[name] + "xlsx" + suffix, language)
    from_xlsx = _records(_values(sheet))
    assert [list(r) for r in from_csv] == [list(r) for r in from_xlsx]  # the same headers
    assert len(from_csv) == len(from_xlsx)
    return from_csv, from_xlsx, sheet


# The one table writer ------------------------------------------------------------------


def test_a_table_keeps_formulas_as_text_numbers_as_numbers_and_dates_as_dates():
    day = dt.date(2022, 5, 31)
    table = Table(
        ["Event", "People", "Amount (US dollars)", "Starts", "Sent"],
        [
            [FORMULA, 12, Decimal("4000.00"), day, dt.datetime(2022, 5, 1, 9, 30, tzinfo=dt.UTC)],
            ["+1", None, Decimal("2.50"), None, None],
            ["-2", 0, 0, None, None],
            ["@SUM(A1)", 1, 1.5, None, None],
            ["\tx", 1, 1, None, None],
            ["\rx", 1, 1, None, None],
            ["Ok\x00ay", 1, 1, None, None],
        ],
        title="Applications: [2022]",
        frozen_columns=1,
    )
    rows = list(csv.reader(io.StringIO(table.as_csv().decode("utf-8-sig"))))
    assert rows[1] == ["'" + FORMULA, "12", "4000", "2022-05-31", "2022-05-01 09:30"]
    assert [row[0] for row in rows[2:6]] == ["'+1", "'-2", "'@SUM(A1)", "'\tx"]
    assert rows[2][1:3] == ["", "2.5"]

    sheet = load_workbook(io.BytesIO(table.as_xlsx())).active
    assert sheet.title == "Applications 2022"
    assert sheet.freeze_panes == "B2"
    for row in range(2, 8):
        cell = sheet.cell(row=row, column=1)
        assert cell.data_type == "s", cell.value  # never "f", a formula
    assert sheet["A2"].value == FORMULA and sheet["A2"].quotePrefix
    assert [sheet["A3"].value, sheet["A4"].value, sheet["A8"].value] == ["+1", "-2", "Okay"]
    assert sheet["B2"].value == 12 and sheet["B2"].data_type == "n"
    assert sheet["C2"].value == 4000 and sheet["C3"].value == 2.5
    assert sheet["D2"].value == dt.datetime(2022, 5, 31) and sheet["D2"].is_date
    assert sheet["E2"].value == dt.datetime(2022, 5, 1, 9, 30)  # UTC is the site's zone
    assert sheet["A1"].font.b
    assert sheet.column_dimensions["A"].width > len("Event") + 1


# The queue ------------------------------------------------------------------------------


@pytest.fixture
def scored(shortlist, people, call_2022):
    """Kenya reviewed with every rubric criterion by the Working Group (all 5s) and the
    ESA hub's manager (all 3s); Paris by the Working Group (all 4s)."""
    codes = [criterion.code for criterion in rubric_for(call=call_2022)]
    for application, reviewer, value in (
        (shortlist["kenya"], people.working_group, 5),
        (shortlist["kenya"], people.hub_esa, 3),
        (shortlist["paris"], people.working_group, 4),
    ):
        reviews.review_save(
            application=application,
            reviewer=reviewer,
            scores=dict.fromkeys(codes, value),
            comment="Private words",
            submit=True,
        )
    return shortlist


def test_the_queue_file_holds_every_row_of_the_filter_in_the_pages_order(scored, people):
    kenya, manila, paris = scored["kenya"], scored["manila"], scored["paris"]
    rows, _, sheet = _both(people.call_admin, "queue", "sort=name")
    assert [row["Reference"] for row in rows] == [paris.ref, manila.ref, kenya.ref]
    first = rows[-1]
    assert first["Event"] == kenya.event_name
    assert first["Status"] == "Shortlisted"
    assert first["Open Mapping Hub"] == "Open Mapping Hub - Eastern and Southern Africa"
    assert first["Country"] == "Kenya"
    assert first["Offers asked for"] == "Scholarship programme, Content co-design"
    assert first["Score (out of 100)"] == "75.0"  # (100 + 50) / 2
    assert first["Reviews"] == "2"
    assert first["Disagreement"] == "Yes"  # 50 points apart
    assert rows[1]["Open Mapping Hub"] == "Open Mapping Hub - Asia Pacific"
    assert rows[0]["Open Mapping Hub"] == "No hub region"
    # In the spreadsheet: numbers and dates as such.
    values = _values(sheet)
    headers = values[0]
    kenya_row = values[-1]
    assert kenya_row[headers.index("Score (out of 100)")] == 75
    assert kenya_row[headers.index("Reviews")] == 2
    assert isinstance(kenya_row[headers.index("Starts")], dt.datetime)
    assert sheet.freeze_panes == "C2"

    only_esa, _, _ = _both(people.call_admin, "queue", "hub=esa")
    assert [row["Reference"] for row in only_esa] == [kenya.ref]


def test_the_queue_file_in_french(scored, people):
    rows, _, _ = _both(people.call_admin, "queue", "hub=esa", language="fr")
    (kenya,) = rows
    assert {"Référence", "Événement", "Statut", "Pays", "Début", "Mon évaluation"} <= set(kenya)
    assert kenya["Statut"] == "Présélectionnée"
    assert kenya["Centre de cartographie ouverte"].startswith("Centre de cartographie ouverte")
    assert list(kenya.values())[12] == "Oui"  # disagreement: 50 points apart


def test_the_queue_file_shows_a_score_only_where_the_page_does(scored, people):
    kenya, paris = scored["kenya"], scored["paris"]
    # The AP hub's manager sees Manila only, and reviewed nothing: no score.
    (manila,) = _both(people.hub_ap, "queue")[0]
    assert manila["Reference"] == scored["manila"].ref
    # The ESA hub's manager sees Kenya only; reviewed it, so sees its score.
    (row,) = _both(people.hub_esa, "queue")[0]
    assert (row["Reference"], row["Score (out of 100)"]) == (kenya.ref, "75.0")
    assert row["My review"] == "submitted"
    # A conflict hides the scores from the Working Group member, as the page does.
    reviews.conflict_declare(application=paris, user=people.working_group, reason="I organise it")
    rows = {row["Reference"]: row for row in _both(people.working_group, "queue")[0]}
    assert rows[paris.ref]["Score (out of 100)"] == ""
    assert rows[paris.ref]["My review"] == "conflict"
    assert rows[paris.ref]["Disagreement"] == ""
    assert rows[kenya.ref]["Score (out of 100)"] == "75.0"


def test_formulas_in_answers_stay_text_in_both_files(scored, people):
    Application.objects.filter(pk=scored["kenya"].pk).update(event_name=FORMULA)
    rows = _records(_csv(people.call_admin, EXPORTS["queue"] + "csv?hub=esa"))
    assert rows[0]["Event"] == "'" + FORMULA
    sheet = _sheet(people.call_admin, EXPORTS["queue"] + "xlsx?hub=esa")
    cell = sheet.cell(row=2, column=2)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (FORMULA, "s", True)
    for name in ("reviews", "screening", "decisions"):
        if name == "decisions":
            decide(scored["kenya"], people, "accepted", ["scholarships"])
        sheet = _sheet(people.call_admin, EXPORTS[name] + "xlsx")
        cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == FORMULA]
        assert cells and all(cell.data_type == "s" for cell in cells), name
        text = _csv(people.call_admin, EXPORTS[name] + "csv")
        assert any("'" + FORMULA in row for row in text), name
        assert not any(FORMULA in row for row in text), name


# Reviews ---------------------------------------------------------------------------------


def test_the_reviews_file_holds_the_aggregate_and_means_never_anothers_scores(
    scored, people, call_2022
):
    kenya = scored["kenya"]
    criteria = list(rubric_for(call=call_2022))
    first = criteria[0].text
    reviews.assignment_add(application=kenya, reviewer=people.hub_esa, by=people.call_admin)
    rows = {row["Reference"]: row for row in _both(people.call_admin, "reviews")[0]}
    row = rows[kenya.ref]
    assert row["Reviews"] == "2"
    assert (row["Mean score (out of 100)"], row["Median score (out of 100)"]) == ("75.0", "75.0")
    assert row["Spread (points)"] == "50.0"
    assert row["Disagreement"] == "Yes"
    assert row[f"{first}: team mean (1–5)"] == "4.0"
    assert row["Reviewers"] == "hub-esa (submitted)"  # the assigned ones, as on the page
    # The administrator reviewed nothing: their own columns are empty.
    assert row["My score (out of 100)"] == "" and row[f"{first}: my score (1–5)"] == ""
    # No comment and no other reviewer's own scores anywhere in the file.
    text = _get(people.call_admin, EXPORTS["reviews"] + "csv").content.decode("utf-8-sig")
    assert "Private words" not in text

    # The ESA hub's manager: Kenya only, the team's figures, and their own 3s.
    (mine,) = _both(people.hub_esa, "reviews")[0]
    assert mine["Reference"] == kenya.ref
    assert mine["Mean score (out of 100)"] == "75.0"
    assert mine["My score (out of 100)"] == "50.0"
    assert mine[f"{first}: my score (1–5)"] == "3"
    assert mine["My review"] == "submitted"


def test_the_reviews_file_keeps_the_scores_from_whom_the_page_keeps_them(scored, people):
    kenya, paris = scored["kenya"], scored["paris"]
    reviews.conflict_declare(application=kenya, user=people.hub_esa, reason="My own event")
    (row,) = _both(people.hub_esa, "reviews")[0]
    assert row["Reference"] == kenya.ref
    assert row["My review"] == "conflict"
    team = [value for key, value in row.items() if "mean" in key.lower() or "score" in key]
    assert team and all(value == "" for value in team)
    # Before their own review, a Working Group member sees no team score: Manila
    # reviewed by the AP hub's manager only.
    Review.objects.filter(application=scored["manila"]).delete()
    reviews.review_save(
        application=scored["manila"],
        reviewer=people.hub_ap,
        scores=dict.fromkeys([c.code for c in rubric_for(call=kenya.call)], 2),
        comment="",
        submit=True,
    )
    rows = {row["Reference"]: row for row in _both(people.working_group, "reviews")[0]}
    assert rows[scored["manila"].ref]["Mean score (out of 100)"] == ""
    assert rows[scored["manila"].ref]["Reviews"] == "1"
    assert rows[paris.ref]["Mean score (out of 100)"] == "75.0"


def test_the_reviews_file_in_french(scored, people, call_2022):
    rows = _both(people.hub_esa, "reviews", language="fr")[0]
    (row,) = rows
    assert row["Référence"] == scored["kenya"].ref
    assert row["Mon évaluation"] == "soumise"
    label = rubric_for(call=call_2022)[0].label["fr"]
    assert any(key.startswith(label) for key in row)


# Screening ----------------------------------------------------------------------------


def test_the_screening_file_follows_the_lists_filter_with_each_criterion(scored, people):
    rows, _, _ = _both(people.working_group, "screening")
    assert [row["Reference"] for row in rows] == [
        scored[name].ref for name in ("kenya", "manila", "paris")
    ]
    kenya = rows[0]
    assert kenya["Verdict"] in ("Eligible", "Not eligible", "Needs review")
    assert kenya["A conference-type event"] == "Passes"
    assert kenya["Open Mapping Hub"] == "Open Mapping Hub - Eastern and Southern Africa"
    only_ap, _, _ = _both(people.working_group, "screening", "hub=ap")
    assert [row["Reference"] for row in only_ap] == [scored["manila"].ref]
    # A hub manager gets their own hub's applications only, whatever the filter asks.
    assert [row["Reference"] for row in _both(people.hub_ap, "screening")[0]] == [
        scored["manila"].ref
    ]
    assert _both(people.hub_ap, "screening", "hub=esa")[0] == []
    french = _both(people.working_group, "screening", "hub=ap", language="fr")[0]
    assert french[0]["Un événement de type conférence"] == "Conforme"
    assert french[0]["Référence"] == scored["manila"].ref


def test_a_screening_filter_it_cannot_read_answers_the_list_with_the_error(scored, people):
    response = _get(people.working_group, EXPORTS["screening"] + "csv?verdict=bogus")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Verdict" in response.content.decode()


# Scenarios ------------------------------------------------------------------------------


def _run(call, user, name: str, **changes):
    params = {**selectors.default_params(call=call), "hubs": {}, **changes}
    scenario = Scenario.objects.create(call=call, name=name, params=params, created_by=user)
    scenario = services.scenario_run(scenario=scenario)
    assert scenario.state == "done", scenario.error
    return scenario


def test_the_scenarios_side_by_side_as_columns(scored, people, call_2022):
    paris = scored["paris"]
    _run(call_2022, people.working_group, "Everything")
    _run(call_2022, people.working_group, "Without Paris", locks={paris.ref: "out"})
    rows = _csv(people.working_group, EXPORTS["scenarios"] + "csv")
    assert rows[0] == ["Scenario", "Without Paris", "Everything"]
    by_label = {row[0]: row[1:] for row in rows[1:]}
    assert by_label["Run by"] == ["wg", "wg"]
    (paris_row,) = [label for label in by_label if label.startswith(paris.ref)]
    assert paris_row.endswith("(differs)")
    assert by_label[paris_row][0] == "not selected"
    assert by_label[paris_row][1] == "Sponsorship and funding"
    assert "− " + paris.ref in by_label["Against the scenario before"][0]
    pools = [label for label in by_label if label.endswith("(US dollars)")]
    assert pools
    sheet = _sheet(people.working_group, EXPORTS["scenarios"] + "xlsx")
    values = {row[0]: row[1:] for row in _values(sheet)[1:]}
    assert isinstance(values["Events"][0], int)
    assert isinstance(values["Run on"][0], dt.datetime)
    assert sheet.freeze_panes == "B2"
    french = _csv(people.working_group, EXPORTS["scenarios"] + "csv", language="fr")
    assert french[0][0] == "Scénario"
    assert "Valeur totale" in {row[0] for row in french}


def test_a_hub_manager_gets_the_scenarios_with_others_only_counted(scored, people, call_2022):
    _run(call_2022, people.working_group, "Everything")
    rows = _csv(people.hub_esa, EXPORTS["scenarios"] + "csv")
    text = "\n".join(",".join(row) for row in rows)
    assert scored["kenya"].ref in text
    for hidden in ("manila", "paris"):
        assert scored[hidden].ref not in text
        assert scored[hidden].event_name not in text
    by_label = {row[0]: row[1:] for row in rows[1:]}
    assert "not shown to you" in by_label["Not shown to you"][0]


# Decisions ------------------------------------------------------------------------------


def test_the_decisions_file_names_offers_and_what_each_takes_from_the_pools(
    scored, people, call_2022
):
    kenya, manila = scored["kenya"], scored["manila"]
    decide(kenya, people, "accepted", ["scholarships"], internal_note="Watch the budget")
    decide(manila, people, "declined", reason="Not this year")
    pool = call_2022.pools.get(code="scholarships_usd")
    column = f"{pool.label}: committed (US dollars)"
    rows, _, sheet = _both(people.working_group, "decisions")
    assert [row["Reference"] for row in rows] == [kenya.ref, manila.ref]
    accepted, declined = rows
    assert accepted["Decision"] == "Accepted"
    assert accepted["Granted offers"] == "Scholarship programme"
    assert accepted[column] == "4000"
    assert accepted["Internal note, for the team"] == "Watch the budget"
    assert "Working group (wg)" in accepted["Sign-offs"]
    assert declined["Decision"] == "Declined" and declined["Reason, for the applicant"] == (
        "Not this year"
    )
    assert declined[column] == ""
    values = _values(sheet)
    assert values[1][values[0].index(column)] == 4000
    assert isinstance(values[1][values[0].index("Final on")], dt.datetime)
    french = _both(people.working_group, "decisions", language="fr")[0]
    assert french[0]["Décision"] == "Acceptée"
    assert any("dollars américains" in key for key in french[0])

    # A hub manager gets the decisions of the applications they see, no more.
    (only,) = _both(people.hub_esa, "decisions")[0]
    assert only["Reference"] == kenya.ref


# Collaborations -------------------------------------------------------------------------


def test_the_collaborations_file_holds_deliverables_commitments_and_spending(
    kenya_collaboration, people, call_2022
):
    kenya = kenya_collaboration.application
    rows, _, sheet = _both(people.working_group, "collaborations")
    (row,) = rows
    assert row["Reference"] == kenya.ref
    assert row["Collaboration"] == "Open"
    assert row["Report filed"] == "No"
    assert "Planned" in row["HOT's deliverables"]
    assert "Publish the code of conduct — To do" in row["Organiser's commitments"]
    assert row["Commitments open"] == "3"
    pool = call_2022.pools.get(code="scholarships_usd")
    assert row[f"{pool.label}: committed (US dollars)"] == "4000"
    values = _values(sheet)
    assert isinstance(values[1][values[0].index("Opened on")], dt.datetime)
    assert values[1][values[0].index("Commitments open")] == 3
    assert _both(people.working_group, "collaborations", "hub=ap")[0] == []
    assert len(_both(people.working_group, "collaborations", "hub=esa")[0]) == 1
    french = _both(people.working_group, "collaborations", language="fr")[0]
    assert french[0]["Référence"] == kenya.ref
    assert any("— Prévu" in value for value in french[0].values())
    # The AP hub's manager may read the outcome page, but Kenya is not theirs.
    assert _both(people.hub_ap, "collaborations")[0] == []
    assert len(_both(people.hub_esa, "collaborations")[0]) == 1


# Who may have them ------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_a_file_is_refused_to_whoever_may_not_see_its_page(name, shortlist, people):
    for format in ("csv", "xlsx"):
        path = EXPORTS[name] + format
        response = _get(None, path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert _get(people.outsider, path).status_code == 403  # another call's staff
        assert _get(people.nobody, path).status_code == 403
        response = _get(people.working_group, path)
        assert response.status_code == 200
        today = timezone.localdate().isoformat()
        assert response["Content-Disposition"] == (
            f'attachment; filename="{SLUG}-{name.replace("queue", "applications")}-{today}.'
            f'{format}"'
        )
        assert response["Cache-Control"] == "private, no-store"
    assert _get(people.working_group, EXPORTS[name] + "pdf").status_code == 404


def test_each_page_links_its_files_with_its_filters(scored, people, call_2022):
    _run(call_2022, people.working_group, "Everything")
    for page, links in (
        (BASE + "?hub=esa&sort=name", ["queue/export.xlsx?hub=esa&amp;sort=name"]),
        (BASE + "?hub=esa", ["reviews/export.csv?hub=esa"]),
        (BASE + "screening/?hub=ap", ["screening/export.xlsx?hub=ap"]),
        (BASE + "selection/", ["selection/scenarios/export.csv", "decisions/export.xlsx"]),
        (BASE + "outcome/?hub=esa", ["collaborations/export.csv?hub=esa"]),
    ):
        html = _get(people.working_group, page).content.decode()
        for link in links:
            assert link in html, (page, link)
        assert "Spreadsheet (XLSX)" in html


# Speed ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["queue", "reviews", "screening", "decisions"])
def test_a_file_takes_as_many_queries_for_one_row_as_for_three(name, scored, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(query: str = "") -> tuple[int, int]:
        client = Client()
        client.force_login(people.call_admin)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(EXPORTS[name] + "xlsx" + query)
        assert response.status_code == 200
        return load_workbook(io.BytesIO(response.content)).active.max_row - 1, len(captured)

    if name == "decisions":  # no filter on this list: one decision, then three
        decide(scored["kenya"], people, "accepted", ["scholarships"])
        one = queries()
        decide(scored["manila"], people, "declined")
        decide(scored["paris"], people, "accepted", ["sponsorship_funding"])
    else:
        one = queries("?hub=esa")
    three = queries()
    assert (one[0], three[0]) == (1, 3)
    assert one[1] == three[1]
