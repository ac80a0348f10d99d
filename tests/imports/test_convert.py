"""Reading, mapping and converting, one value at a time."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from opencall.calls.questions import parse_questions
from opencall.imports.convert import (
    Converter,
    Vocabulary,
    read_date,
    read_decimal,
    read_moment,
    split_known,
)
from opencall.imports.mapping import CallTargets, guess_mapping, parse_mapping
from opencall.imports.problems import Problem, Problems
from opencall.imports.reading import Row, Sheet, read_file
from tests.imports.conftest import MAPPING_FILE

ROOT = MAPPING_FILE.parents[3]
OFFERS = {
    "scholarships": {"en": "Scholarship programme", "fr": "Programme de bourses"},
    "logistics": {"en": "Logistics management", "fr": "Gestion de la logistique"},
}
TARGETS = CallTargets(offers=OFFERS)


def _words(values=None) -> Vocabulary:
    return Vocabulary(parse_mapping({"columns": {}, "values": values or {}}, TARGETS), TARGETS)


# -- countries ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Sénégal", "SN"),
        ("senegal", "SN"),
        ("Côte d'Ivoire", "CI"),
        ("République démocratique du Congo", "CD"),
        ("Kenia", "KE"),  # Spanish
        ("Quénia", "KE"),  # Portuguese
        ("Royaume-Uni", "GB"),
        ("ke", "KE"),
        ("PHL", "PH"),
    ],
)
def test_countries_are_known_in_every_language_of_the_app(written, code):
    assert _words().country(written) == code


def test_an_unknown_country_is_named_with_what_to_write_instead():
    with pytest.raises(Problem) as problem:
        _words().country("Wakanda")
    assert problem.value.message() == (
        "“Wakanda” is not a country we know; write its name in English, French, Spanish or "
        "Portuguese, or its two-letter code."
    )


def test_several_countries_split_on_their_names_even_with_commas_in_them():
    written = "Kenya, Congo, The Democratic Republic of the, Ouganda"
    assert _words().countries_in(written) == ["KE", "CD", "UG"]


# -- choices ------------------------------------------------------------------------------


def test_a_choice_is_its_code_its_label_in_any_language_or_the_mappings_value():
    words = _words({"scope": {"Nationwide": "national"}})
    assert words.choice("scope", "national") == "national"
    assert words.choice("scope", "National: people from one country") == "national"
    assert words.choice("scope", "Nationwide") == "national"
    assert words.choice("code_of_conduct", "Yes, it is in place") == "in_place"


def test_an_unknown_choice_lists_the_answers():
    with pytest.raises(Problem, match="“Sometimes” is not one of the answers: Yes, it is in place"):
        _words().choice("code_of_conduct", "Sometimes")


def test_several_choices_split_on_the_labels_not_on_the_commas_inside_them():
    merged = (
        "Open data, open communities or free and open-source software, "
        "Data for disaster response, resilience or risk reduction"
    )
    assert _words().several("themes", merged) == ["open", "disaster"]


def test_a_several_choice_answer_with_an_unknown_part_names_that_part():
    with pytest.raises(Problem, match="“Space mapping” is not one of the answers"):
        _words().several("themes", "OpenStreetMap data or communities, Space mapping")


def test_split_known_keeps_unknown_text_between_known_labels():
    index = {"a b": "ab", "c": "c"}
    assert split_known("A, B, whatever, it is, C", index) == (["ab", "c"], ["whatever, it is"])


def test_offers_take_labels_in_any_language():
    assert _words().several("offers", "Programme de bourses, Logistics management") == [
        "scholarships",
        "logistics",
    ]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("Yes", True),
        ("Oui", True),
        ("Sí", True),
        ("Sim", True),
        ("No", False),
        ("Non", False),
        ("Não", False),
    ],
)
def test_yes_and_no_in_the_apps_languages(written, value):
    assert _words().yes_no("virtual_component", written) is value


def test_neither_yes_nor_no_says_so():
    with pytest.raises(Problem, match="“Maybe” is neither yes nor no"):
        _words().yes_no("virtual_component", "Maybe")


# -- dates and numbers -----------------------------------------------------------------------


def test_dates_in_either_order_iso_or_as_a_spreadsheet_keeps_them():
    assert read_date("31/05/2022", None) == dt.date(2022, 5, 31)
    assert read_date("5/31/2022", None) == dt.date(2022, 5, 31)
    assert read_date("2022-05-31", None) == dt.date(2022, 5, 31)
    assert read_date("05/06/2022", "dmy") == dt.date(2022, 6, 5)
    assert read_date("05/06/2022", "mdy") == dt.date(2022, 5, 6)
    assert read_date(dt.datetime(2022, 5, 31, 10), None) == dt.date(2022, 5, 31)
    assert read_date(44712, None) == dt.date(2022, 5, 31)  # an Excel serial number


def test_an_ambiguous_date_without_an_order_asks_for_one():
    with pytest.raises(Problem, match="set “date_order” in the mapping"):
        read_date("05/06/2022", None)


def test_timestamps_take_the_mappings_zone_and_a_12_hour_clock():
    assert read_moment("5/31/2022 2:03:22 PM", None, "UTC") == dt.datetime(
        2022, 5, 31, 14, 3, 22, tzinfo=dt.UTC
    )
    paris = read_moment("31/05/2022 14:03:22", None, "Europe/Paris")
    assert paris.astimezone(dt.UTC) == dt.datetime(2022, 5, 31, 12, 3, 22, tzinfo=dt.UTC)
    assert read_moment("2022-05-31T10:00:00Z", None, "Europe/Paris").utcoffset() == dt.timedelta(0)


def _sheet(*dates: str) -> Sheet:
    rows = tuple(
        Row(line=n, cells=(f"{d} 10:00:00", "a@example.org", d)) for n, d in enumerate(dates, 2)
    )
    return Sheet(headers=("Timestamp", "Email", "First day"), rows=rows)


def _converter(sheet: Sheet, **mapping) -> Converter:
    columns = {"Timestamp": "submitted_at", "Email": "contacts[0].email", "First day": "start_date"}
    return Converter(sheet, parse_mapping({"columns": columns, **mapping}, TARGETS), TARGETS)


def test_the_file_as_a_whole_decides_an_ambiguous_day_and_month():
    assert _converter(_sheet("05/06/2022", "31/05/2022")).order == "dmy"
    assert _converter(_sheet("05/06/2022", "5/31/2022")).order == "mdy"
    assert _converter(_sheet("05/06/2022")).order is None
    assert _converter(_sheet("05/06/2022"), date_order="mdy").order == "mdy"
    # A file that shows both orders cannot decide: the mapping's order decides.
    assert _converter(_sheet("31/05/2022", "5/31/2022"), date_order="dmy").order == "dmy"


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("4,000", "4000"),
        ("4 000", "4000"),
        ("US$ 1,500.50", "1500.50"),
        ("1500,5", "1500.5"),
        (250, "250"),
    ],
)
def test_amounts_as_people_write_them(written, amount):
    assert read_decimal(written) == Decimal(amount)


# -- reading ----------------------------------------------------------------------------------


def test_a_csv_with_a_byte_order_mark_semicolons_and_blank_rows():
    content = "\ufeffTimestamp;Name\n31/05/2022 10:00:00;Ana\n;\n1/6/2022 9:00:00;Bo\n\n".encode()
    sheet = read_file("responses.csv", content)
    assert sheet.headers == ("Timestamp", "Name")
    assert [row.line for row in sheet.rows] == [2, 4]
    assert sheet.blank == (3,)
    assert sheet.notes == ()


def test_a_csv_in_windows_1252_is_read_with_a_note():
    sheet = read_file("responses.csv", "Ville\nQuébec\n".encode("cp1252"))
    assert sheet.rows[0].cells == ("Québec",)
    assert "is not in UTF-8; it was read as Windows-1252" in sheet.notes[0].message()


def test_an_empty_file_says_so():
    with pytest.raises(Problem, match="The file is empty"):
        read_file("responses.csv", b"")


# -- mappings ---------------------------------------------------------------------------------


def test_the_shipped_example_mapping_is_the_tests_one():
    shipped = ROOT / "docs" / "examples" / "responses-2022-mapping.json"
    assert json.loads(shipped.read_text()) == json.loads(MAPPING_FILE.read_text())


def test_a_mapping_names_every_wrong_column_and_field():
    with pytest.raises(Problems) as problems:
        parse_mapping(
            {
                "columns": {"A": "town", "B": "offers.catering.details", "C": "city", "D": "city"},
                "values": {"scope": {"Big": "huge"}},
                "date_order": "ymd",
            },
            TARGETS,
        )
    assert problems.value.messages() == [
        "Column “A”: “town” is not a field of an application.",
        "Column “B”: the call has no offer “catering”.",
        "Columns “C” and “D” both fill “city”.",
        "“values” of “scope”: “huge” is not one of its codes (regional, national, international).",
        "“date_order” must be “dmy” (31/05/2022) or “mdy” (5/31/2022).",
    ]


def test_a_mapping_round_trips_through_json():
    data = json.loads(MAPPING_FILE.read_text())
    assert parse_mapping(data, CallTargets(offers={"scholarships": {}})).to_json() == data


def test_guessing_from_the_2022_forms_english_headers():
    headers = read_file("r.csv", (MAPPING_FILE.parent / "responses-2022.csv").read_bytes()).headers
    guessed = guess_mapping(headers, TARGETS).to_json()
    expected = json.loads(MAPPING_FILE.read_text())["columns"]
    expected.pop("Scholarships: how much (USD)?")  # an offer's amount is not guessed
    assert guessed["columns"] == expected
    assert "defaults" not in guessed  # the replies' language has its column


def test_guessing_from_french_headers():
    headers = [
        "Horodateur",
        "Adresse e-mail",
        "Nom de l'événement",
        "Organisme ou équipe organisatrice",
        "Votre nom",
        "Type d'événement",
        "Date de début",
        "Date de fin",
        "Ville",
        "Pays",
        "Quel est le public de l'événement ?",
        "Thèmes abordés",
        "L'événement a-t-il un code de conduite ?",
        "Quels types de collaboration ?",
    ]
    guessed = guess_mapping(headers, TARGETS).to_json()
    assert guessed["columns"] == {
        "Horodateur": "submitted_at",
        "Adresse e-mail": "contacts[0].email",
        "Nom de l'événement": "event_name",
        "Organisme ou équipe organisatrice": "organisation",
        "Votre nom": "contacts[0].name",
        "Type d'événement": "format",
        "Date de début": "start_date",
        "Date de fin": "end_date",
        "Ville": "city",
        "Pays": "country",
        "Quel est le public de l'événement ?": "scope",
        "Thèmes abordés": "themes",
        "L'événement a-t-il un code de conduite ?": "code_of_conduct",
        "Quels types de collaboration ?": "offers",
    }
    assert guessed["defaults"] == {"language": "fr"}


def test_guessing_finds_a_calls_own_question_by_its_label_in_any_language():
    questions = parse_questions(
        [
            {
                "id": "budget",
                "type": "number",
                "label": {"en": "Total budget", "fr": "Budget total"},
            }
        ],
        languages=("en", "fr"),
    )
    targets = CallTargets(questions=questions)
    guessed = guess_mapping(["Horodateur", "Budget total"], targets).to_json()
    assert guessed["columns"] == {"Horodateur": "submitted_at", "Budget total": "answers.budget"}
