"""Files applicants upload to a file question: checked by content, kept privately."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from opencall.applications import uploads
from opencall.applications.uploads import (
    FILE_KINDS,
    content_kind,
    delete_upload,
    open_upload,
    safe_name,
    store_upload,
    upload_problem,
)
from opencall.core import filekinds
from opencall.core.filekinds import MB
from tests.applications.sample_files import (
    EXE,
    JPEG,
    PDF,
    PNG,
    WORD_MACROS,
    docx,
    opendocument,
    xlsx,
    zipped,
)

# What a call's file question offers (calls/questions.py): only these three are read.
PROGRAMME = SimpleNamespace(id="programme", max_bytes=2 * MB, file_types=("pdf", "docx"))


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def problem(name: str, content: bytes, question=PROGRAMME) -> str | None:
    return upload_problem(
        upload(name, content), max_bytes=question.max_bytes, kinds=question.file_types
    )


# The kinds --------------------------------------------------------------------------


def test_every_kind_has_a_label_a_mime_type_and_extensions():
    assert set(FILE_KINDS) == {"pdf", "docx", "odt", "xlsx", "ods", "png", "jpeg"}
    assert set(filekinds.KINDS) == set(FILE_KINDS)
    for code, kind in FILE_KINDS.items():
        assert str(kind.label) == filekinds.KINDS[code].label
        assert "/" in kind.mime
        assert kind.extensions and all(
            e.startswith(".") and e == e.lower() for e in kind.extensions
        )
    assert FILE_KINDS["jpeg"].extensions == (".jpg", ".jpeg")
    assert filekinds.unknown_kinds(("pdf", "exe")) == ["exe"]


def test_the_pure_kinds_import_no_django():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(filekinds.__file__).read_text())
    modules = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ] + [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [m for m in modules if m and m.startswith("django")]


# What a file is: by its content ------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF, "pdf"),
        (PNG, "png"),
        (JPEG, "jpeg"),
        (docx(), "docx"),
        # filetype 1.2.0 alone takes these two for plain zips:
        (docx(word_late=True), "docx"),
        (opendocument("application/vnd.oasis.opendocument.text"), "odt"),
        (opendocument("application/vnd.oasis.opendocument.text", compressed_mimetype=True), "odt"),
        (opendocument("application/vnd.oasis.opendocument.spreadsheet"), "ods"),
        (xlsx(), "xlsx"),
        (docx(WORD_MACROS), None),  # a .docm: macros
        (opendocument("application/vnd.oasis.opendocument.presentation"), None),
        (zipped(("notes.txt", "hello")), None),
        (EXE, None),
        (b"\x13\x37 random bytes, nothing known" * 20, None),
        (b"PK\x03\x04 a broken zip", None),
    ],
)
def test_the_kind_comes_from_the_content(content, kind):
    assert content_kind(upload("whatever.bin", content)) == kind


def test_filetype_alone_would_take_these_office_files_for_plain_zips():
    # Why content_kind reads the zip itself (filetype 1.2.0).
    import filetype

    assert filetype.guess(docx(word_late=True)).extension == "zip"
    text = opendocument("application/vnd.oasis.opendocument.text", compressed_mimetype=True)
    assert filetype.guess(text).extension == "zip"


# What is refused, and why -------------------------------------------------------------


def test_a_valid_pdf_and_a_valid_docx_are_accepted():
    assert problem("Programme 2022.pdf", PDF) is None
    assert problem("Programme.PDF", PDF) is None
    assert problem("programme.docx", docx()) is None


def test_an_empty_file_is_refused():
    assert problem("programme.pdf", b"") == (
        "This file is empty. Choose the file again, or another one."
    )


def test_a_file_over_the_limit_is_refused_naming_the_limit_in_mb():
    too_big = PDF + b"\0" * (2 * MB)
    assert problem("programme.pdf", too_big) == (
        "This file is larger than 2 MB, the most this question accepts."
    )
    small = SimpleNamespace(id="programme", max_bytes=MB * 5 // 2, file_types=("pdf",))
    with translation.override("fr"):
        message = problem("programme.pdf", PDF + b"\0" * (3 * MB), small)
    assert "2,5" in message


def test_a_file_exactly_at_the_limit_is_accepted():
    exact = SimpleNamespace(id="programme", max_bytes=len(PDF), file_types=("pdf",))
    assert problem("programme.pdf", PDF, exact) is None


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("programme.pdf", PNG),  # an image renamed
        ("programme.pdf", EXE),  # a program renamed
        ("programme.docx", b"\x00\x01\x02 random bytes" * 50),
        ("programme.docx", zipped(("evil.exe", "MZ"))),  # a zip, but no Word file
        ("programme.docx", docx(WORD_MACROS)),
        ("programme.pdf", xlsx()),  # a known kind, but not one this question takes
    ],
)
def test_a_file_whose_content_is_not_an_accepted_kind_is_refused(name, content):
    assert problem(name, content) == (
        "This file is not of a kind this question accepts: PDF document, Word document."
    )


def test_the_refusal_names_the_one_kind_a_question_accepts():
    pdf_only = SimpleNamespace(id="programme", max_bytes=MB, file_types=("pdf",))
    assert problem("photo.pdf", PNG, pdf_only) == (
        "This file is not of the kind this question accepts: PDF document."
    )


def test_an_accepted_kind_under_another_extension_is_refused():
    assert problem("programme.png", PDF) == (
        "Rename this file so that its name ends in .pdf (its content is: PDF document), "
        "then choose it again."
    )
    assert problem("programme.pdf", docx()) is not None
    assert problem("programme", PDF) is not None


def test_refusals_are_worded_in_the_active_language():
    with translation.override("fr"):
        message = problem("programme.pdf", PNG)
    # The catalogue is filled later; whatever it holds, the kinds are named by label.
    assert "PDF" in message


# Keeping, reading, removing -------------------------------------------------------------


@pytest.mark.django_db
def test_stored_under_call_application_question_and_a_random_name(kenyan, uploads_dir):
    answer = store_upload(
        application=kenyan, question_id="programme", file=upload("Programme 2022.pdf", PDF)
    )
    assert answer["name"] == "Programme 2022.pdf"
    assert answer["size"] == len(PDF)
    assert answer["type"] == "pdf"
    call, public_id, question, stored = answer["key"].split("/")
    assert (call, public_id, question) == (kenyan.call.slug, str(kenyan.public_id), "programme")
    assert stored.endswith(".pdf") and len(stored) == 32 + len(".pdf")
    assert "Programme" not in answer["key"]
    assert (uploads_dir / answer["key"]).read_bytes() == PDF
    with open_upload(answer) as handle:
        assert handle.read() == PDF


@pytest.mark.django_db
def test_two_uploads_of_the_same_file_never_share_a_name(kenyan):
    first = store_upload(application=kenyan, question_id="programme", file=upload("a.pdf", PDF))
    second = store_upload(application=kenyan, question_id="programme", file=upload("a.pdf", PDF))
    assert first["key"] != second["key"]


@pytest.mark.django_db
def test_a_docx_keeps_its_kind_and_extension(kenyan):
    answer = store_upload(
        application=kenyan, question_id="programme", file=upload("Programme.DOCX", docx())
    )
    assert answer["type"] == "docx"
    assert answer["key"].endswith(".docx")


@pytest.mark.django_db
def test_storing_refuses_what_is_no_known_kind_and_odd_question_ids(kenyan):
    with pytest.raises(ValueError, match="upload_problem"):
        store_upload(application=kenyan, question_id="programme", file=upload("x.pdf", EXE))
    with pytest.raises(ValueError, match="question id"):
        store_upload(application=kenyan, question_id="../../etc", file=upload("x.pdf", PDF))


@pytest.mark.django_db
def test_delete_removes_the_file_and_a_missing_file_is_no_error(kenyan, uploads_dir):
    answer = store_upload(application=kenyan, question_id="programme", file=upload("p.pdf", PDF))
    assert (uploads_dir / answer["key"]).exists()
    delete_upload(answer["key"])
    assert not (uploads_dir / answer["key"]).exists()
    delete_upload(answer["key"])  # already gone
    delete_upload("")
    with pytest.raises(FileNotFoundError):
        open_upload(answer)


def test_the_uploads_storage_has_no_public_address(uploads_dir):
    storage = storages["uploads"]
    assert storage.location == str(uploads_dir)
    name = storage.save("x/test.pdf", ContentFile(PDF))
    with pytest.raises(ValueError, match="no public address"):
        storage.url(name)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("Programme 2022.pdf", "Programme 2022.pdf"),
        ("C:\\Users\\ana\\Programme.pdf", "Programme.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("pro\x00gr\u202eamme\r\n.pdf", "programme.pdf"),
        ('a<b>:"c"|?*.pdf', "a_b___c____.pdf"),
        ("Programme\u00a0de\tl’événement.pdf", "Programme de l’événement.pdf"),
        (".pdf", "pdf"),
        ("", "file"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
def test_the_shown_name_is_the_files_own_made_safe(given, kept):
    assert safe_name(given) == kept
    assert len(safe_name(given)) <= uploads.NAME_LENGTH
