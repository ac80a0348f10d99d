"""The document digest: orjson's bytes are the standard library's for every document but
those with a float in exponent form, and migration 0004 moves the stored digests that
differ, so no stored result is taken for one computed from another document."""

import hashlib
import importlib
import json

import pytest
from django.apps import apps
from hypothesis import given
from hypothesis import strategies as st

from opencall.screening import services
from opencall.screening.models import ScreeningResult
from opencall.screening.preferences import document_digest
from tests.factories import SubmittedApplicationFactory

migration = importlib.import_module("opencall.screening.migrations.0004_document_digest_orjson")


def _stdlib_digest(document) -> str:
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


# What a stored document holds: text of any kind (control characters, quotes, accents,
# emoji), whole numbers, yes/no, nothing, lists and objects of them.
_json = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(_json)
def test_the_digest_is_the_standard_librarys_for_documents_without_floats(document):
    assert document_digest(document) == _stdlib_digest(document)


@pytest.mark.parametrize(
    "document",
    [
        {"answers": {"q": 10**30}},
        {"answers": {"q": 0.25, "r": 1200.5}},
    ],
    ids=["integer past 64 bits", "plain floats"],
)
def test_what_orjson_refuses_or_writes_alike_keeps_its_digest(document):
    assert document_digest(document) == _stdlib_digest(document)


@pytest.mark.django_db
def test_the_migration_moves_the_digests_that_differ_and_only_those(call_2022):
    small = SubmittedApplicationFactory(call=call_2022)
    small.document = {**small.document, "answers": {"share": 0.00001}}
    small.save()
    stale = SubmittedApplicationFactory(call=call_2022)
    plain = SubmittedApplicationFactory(call=call_2022)
    for application in (small, stale, plain):
        services.screening_refresh(application=application)
    assert document_digest(small.document) != _stdlib_digest(small.document)  # 1e-5, 1e-05
    # As stored before: the old way's digests; `stale`'s document changed after it.
    ScreeningResult.objects.filter(application=small).update(
        document_digest=_stdlib_digest(small.document)
    )
    ScreeningResult.objects.filter(application=stale).update(document_digest="0" * 64)
    before = {r.application_id: r.document_digest for r in ScreeningResult.objects.all()}

    migration.forwards(apps, None)

    after = {r.application_id: r.document_digest for r in ScreeningResult.objects.all()}
    assert after[small.pk] == document_digest(small.document)
    assert after[stale.pk] == "0" * 64
    assert after[plain.pk] == before[plain.pk] == document_digest(plain.document)


def test_a_lone_surrogate_has_a_digest():
    # The standard library's way failed on it (no valid UTF-8 holds one).
    assert len(document_digest({"answers": {"q": "\ud800"}})) == 64
