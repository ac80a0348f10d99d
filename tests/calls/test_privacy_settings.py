"""The call file's privacy notice (per language) and retention period."""

import tomllib
from pathlib import Path

import pytest

from opencall.calls.definition import CallDefinitionError, parse_definition

CALL_FILE = Path(__file__).resolve().parents[2] / "calls" / "hot-summit-2022.toml"


@pytest.mark.django_db
def test_the_2022_call_has_a_notice_in_each_of_its_languages(call_2022):
    assert call_2022.retention_months == 24
    for lang in ("en", "fr", "es", "pt"):
        notice = getattr(call_2022, f"privacy_notice_{lang}")
        assert "24 " in notice
        assert "{deadline}" in notice  # filled on the page
    assert "31 May 2022" in call_2022.privacy_notice_html


@pytest.mark.parametrize("months", [0, 241, "24", 1.5, True])
def test_a_retention_period_that_is_not_a_number_of_months_is_refused(months):
    data = tomllib.loads(CALL_FILE.read_text())
    data["retention_months"] = months
    with pytest.raises(CallDefinitionError, match="'retention_months' must be a whole number"):
        parse_definition(data, base=CALL_FILE.parent, where="call.toml")


def test_an_unknown_placeholder_in_a_notice_is_refused():
    data = tomllib.loads(CALL_FILE.read_text())
    data["texts"]["fr"]["privacy_notice"] = "Gardé jusqu'au {retention_end}."
    with pytest.raises(CallDefinitionError, match=r"texts\.fr\.privacy_notice"):
        parse_definition(data, base=CALL_FILE.parent, where="call.toml")
