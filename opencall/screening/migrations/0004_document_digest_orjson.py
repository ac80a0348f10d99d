"""The document digest is written by orjson (screening.preferences.document_digest).

It writes the same bytes as before for every document but those holding a float in
exponent form (a number answer of 0.00001: 1e-05 before, 1e-5 now). A stored result
whose digest matched its document the old way gets the new way's, so it is not taken
for one computed from another document; one that did not match stays as it is.
"""

import hashlib
import json

import orjson
from django.db import migrations


def _stdlib(document) -> bytes:
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode(errors="surrogatepass")


def _old(document) -> str:
    # As screening.preferences.document_digest before this migration (which failed on a
    # lone surrogate; `_stdlib` writes its bytes, which match no stored digest).
    return hashlib.sha256(_stdlib(document)).hexdigest()


def _new(document) -> str:
    # As screening.preferences.document_digest at the time of this migration.
    try:
        text = orjson.dumps(document, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:
        text = _stdlib(document)
    return hashlib.sha256(text).hexdigest()


def forwards(apps, schema_editor):
    ScreeningResult = apps.get_model("screening", "ScreeningResult")
    rows = ScreeningResult.objects.select_related("application").only(
        "document_digest", "application__document"
    )
    for stored in rows.iterator(chunk_size=1000):
        document = stored.application.document
        matched = stored.document_digest == _old(document)
        if matched and (new := _new(document)) != stored.document_digest:
            stored.document_digest = new
            stored.save(update_fields=["document_digest"])


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0003_document_digest"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
