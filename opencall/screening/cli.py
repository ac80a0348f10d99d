"""Screen a JSON file of application documents against a call, without Django.

    python -m opencall.screening CALL_FILE APPLICATIONS.json [--language fr] [--now ISO]

`manage.py screen --call CALL_FILE APPLICATIONS.json` runs the same `run()`. The
output is a JSON array, one object per application in input order. Missing
answers are fine (they come out `unclear`); a malformed value stops the run with
a message naming the record and the field, exit code 2 and nothing on stdout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import gettext as stdlib_gettext
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache, partial
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

import orjson
from pydantic import TypeAdapter, ValidationError

from opencall.applications.document import OTHER_OFFER, ApplicationDocument, error_field
from opencall.calls.definition import CallDefinition, CallDefinitionError, load_definition
from opencall.calls.questions import clean_answers
from opencall.core.countries import country_name
from opencall.screening.engine import Screener, ScreeningResult
from opencall.screening.messages import Gettext, identity

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
EXIT_ERROR = 2
MAX_REPORTED = 20  # records with problems listed before "... and N more"
_JSON_KINDS = {
    dict: "an object",
    str: "a string",
    bool: "a boolean",
    int: "a number",
    float: "a number",
    list: "an array",
    type(None): "null",
}
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z]{2,4})?$")


class InputError(Exception):
    """Bad input: the message says which file, record and field, for a person to fix."""


def moment(value: str) -> dt.datetime:
    """An ISO 8601 date and time for --now (without offset: UTC)."""
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{value}' is not an ISO 8601 date and time") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def language(value: str) -> str:
    if not _LANGUAGE.match(value):
        raise argparse.ArgumentTypeError(f"'{value}' is not a language code such as fr")
    return value


def add_options(parser: argparse.ArgumentParser) -> None:
    """The options shared by this CLI and the management command."""
    parser.add_argument(
        "--language", type=language, default="en", help="language of the reasons (default: en)"
    )
    parser.add_argument(
        "--now",
        type=moment,
        default=None,
        help="arrival moment for applications without submitted_at (ISO 8601; default: none, "
        "so their DEADLINE is unclear)",
    )


def catalogue(code: str) -> Gettext:
    """The gettext of opencall/locale/<code>/LC_MESSAGES/django.mo, or English."""
    locale = code.replace("-", "_")
    translation = stdlib_gettext.translation(
        "django", localedir=LOCALE_DIR, languages=[locale], fallback=True
    )
    return cache(translation.gettext)  # each message looked up once a run, not per record


def _where(error: dict[str, Any]) -> str:
    parts = [str(error_field(error))] if not error.get("loc") else []
    for part in error.get("loc") or ():
        parts.append(f"[{part}]" if isinstance(part, int) else f".{part}")
    return "".join(parts).lstrip(".") or "(document)"


def _record_name(index: int, record: Any) -> str:
    ref = record.get("ref") if isinstance(record, dict) else None
    return f"record [{index}]" + (f" (ref {ref!r})" if isinstance(ref, str) and ref else "")


# ApplicationDocument.model_validate without its Python wrapper, called once a record.
_validate = ApplicationDocument.__pydantic_validator__.validate_python


def _document(
    index: int, record: Any, call: CallDefinition, offers: frozenset[str]
) -> ApplicationDocument:
    # The record's name is only needed in a message: made when one is.
    if not isinstance(record, dict):
        kind = _JSON_KINDS[type(record)]
        name = _record_name(index, record)
        raise InputError(f"{name}: is {kind}, not an object with the application's fields")
    try:
        document: ApplicationDocument = _validate(record)
    except ValidationError as exc:
        name = _record_name(index, record)
        lines = [f"{name}, field '{_where(err)}': {err['msg']}" for err in exc.errors()]
        raise InputError("\n".join(lines)) from exc
    for number, offer in enumerate(document.offers):
        if offer.type not in offers:
            raise InputError(
                f"{_record_name(index, record)}, field 'offers[{number}].type': "
                f"'{offer.type}' is not an offer of this call (one of: {', '.join(sorted(offers))})"
            )
    if not document.answers:  # nothing to clean, nothing to refuse
        return document
    # The call's own questions: each answer as its question takes it (calls/questions.py).
    answers, errors = clean_answers(call.questions, document.answers)
    if errors:
        name = _record_name(index, record)
        lines = [f"{name}, field 'answers.{qid}': {error}" for qid, error in errors.items()]
        raise InputError("\n".join(lines))
    return document.updated(answers=answers) if answers != document.answers else document


def read_documents(path: str, call: CallDefinition) -> list[ApplicationDocument]:
    """Every document of the file, or an InputError listing every bad record."""
    return _read_documents(path, call)[0]


def _read_documents(path: str, call: CallDefinition) -> tuple[list[ApplicationDocument], bool]:
    """The documents, and whether a strict reader took the file (so it holds only valid
    Unicode, which orjson can write back)."""
    try:
        data: str | bytes = sys.stdin.read() if path == "-" else Path(path).read_bytes()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot be read ({exc})") from exc
    offers = frozenset(offer.code for offer in call.offers) | {OTHER_OFFER}
    documents = _at_once(data, offers)
    if documents is not None:
        return documents, True
    try:
        records, strict = _loads(data)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: cannot be read ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not valid JSON ({exc})") from exc
    except RecursionError as exc:
        raise InputError(f"{path}: not valid JSON (nested too deeply)") from exc
    if not isinstance(records, list):
        kind = _JSON_KINDS[type(records)]
        raise InputError(f"{path}: must hold a JSON array of applications, not {kind}")
    documents, problems = [], []
    for index, record in enumerate(records):
        # Each record let go once read: its memory then holds the next documents, where
        # keeping every record to the end grew a run by a fifth (time in page faults too).
        records[index] = None
        try:
            documents.append(_document(index, record, call, offers))
        except InputError as exc:
            problems.append(str(exc))
    if problems:
        raise InputError(_problems(path, problems))
    return documents, strict


@cache
def _documents_adapter() -> TypeAdapter[list[ApplicationDocument]]:
    return TypeAdapter(list[ApplicationDocument])


def _at_once(data: str | bytes, offers: frozenset[str]) -> list[ApplicationDocument] | None:
    """Every document, when the file is plainly good: pydantic-core reads the JSON and
    validates it in one pass, with no Python object made for the records on the way (a
    sixth faster than reading them, then validating each). None when anything needs a
    closer look: bad JSON or a bad record (the record by record path names it), or own
    answers (their numbers are read by the Python reader's rules)."""
    try:
        documents = _documents_adapter().validate_json(data)
    except (ValueError, RecursionError):  # ValidationError included
        return None
    for document in documents:
        if document.answers or any(offer.type not in offers for offer in document.offers):
            return None
    return documents


def _loads(data: str | bytes) -> tuple[Any, bool]:
    # orjson reads a large file several times faster, from its bytes; where it refuses one
    # (bad JSON or UTF-8, a lone surrogate, or the NaN and Infinity Python's reader takes),
    # the text as UTF-8 and Python's reader decide, with their messages. The flag says
    # which read it.
    try:
        return orjson.loads(data), True
    except orjson.JSONDecodeError:
        text = data if isinstance(data, str) else data.decode("utf-8")
        return json.loads(text), False


def _problems(path: str, problems: list[str]) -> str:
    lines = [f"  {line}" for problem in problems[:MAX_REPORTED] for line in problem.split("\n")]
    if len(problems) > MAX_REPORTED:
        lines.append(f"  ... and {len(problems) - MAX_REPORTED} more records with problems")
    return f"{path}: {len(problems)} of the applications cannot be read:\n" + "\n".join(lines)


def run(
    call_path: str,
    applications_path: str,
    *,
    gettext: Gettext = identity,
    language: str = "en",
    now: dt.datetime | None = None,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    """Screens the file and writes the JSON array; returns the exit code."""
    with _without_cycle_collection():
        return _run(call_path, applications_path, gettext, language, now, stdout, stderr)


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    # A run builds hundreds of thousands of objects and frees none until it ends, so each of
    # the cycle collector's passes walks them all again for nothing: half of a large run's
    # time. Reference counting still frees what can be freed; the collector resumes after.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _run(
    call_path: str,
    applications_path: str,
    gettext: Gettext,
    language: str,
    now: dt.datetime | None,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    try:
        call = load_definition(call_path)
        documents, strict = _read_documents(applications_path, call)
    except (CallDefinitionError, InputError) as exc:
        stderr.write(f"error: {exc}\n")
        return EXIT_ERROR
    names = None if language == "en" else partial(country_name, language=language)
    screener = Screener(call, gettext=gettext, country_names=names)
    screened = ((document, screener.screen(document, now=now)) for document in documents)
    # Input a strict reader took (pydantic-core's or orjson's) holds only valid Unicode, so
    # orjson writes every chunk: each goes out as soon as it is screened. Input only
    # Python's reader took may hold a lone surrogate that orjson refuses: then everything
    # is written at the end, escaped to ASCII if need be.
    _write(stdout, _streamed(screened) if strict else [_escaped(list(screened))])
    return 0


CHUNK = 500  # applications screened and written at a time


def _row(document: ApplicationDocument, result: ScreeningResult) -> dict[str, Any]:
    # `{"ref": ..., **result.to_json()}`, with the results' dataclasses and enums left for
    # orjson to write (field order is the same): building those dicts took as long as
    # screening. tests/screening/test_cli.py holds the two forms byte for byte equal.
    return {
        "ref": document.ref,
        "verdict": result.verdict,
        "hub_code": result.hub_code,
        "criteria": result.criteria,
        "preferences": result.preferences,
        "conditions": result.conditions,
        "redirect": result.redirect,
    }


_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS  # criteria's keys are StrEnums


def _streamed(screened: Iterable[tuple[ApplicationDocument, ScreeningResult]]) -> Iterator[bytes]:
    """The JSON array, written as json.dumps(indent=2, ensure_ascii=False) writes it, a
    chunk at a time: memory stays flat however long the file, and writing takes a third
    of the time that building one array of dicts to write at the end took."""
    rows = (_row(document, result) for document, result in screened)
    separator = b"[\n"
    while chunk := list(islice(rows, CHUNK)):
        # "[\n  {...},\n  {...}\n]": the items, already indented as the whole array's.
        yield separator + orjson.dumps(chunk, option=_OPTIONS)[2:-2]
        separator = b",\n"
    yield b"[]\n" if separator == b"[\n" else b"\n]\n"


def _escaped(screened: list[tuple[ApplicationDocument, ScreeningResult]]) -> bytes:
    rows = [_row(document, result) for document, result in screened]
    try:
        return orjson.dumps(rows, option=_OPTIONS) + b"\n"
    except orjson.JSONEncodeError:  # a lone surrogate in the input: escape, do not crash
        output = [{"ref": document.ref, **result.to_json()} for document, result in screened]
        return json.dumps(output, ensure_ascii=True, indent=2).encode() + b"\n"


def _write(stdout: TextIO, chunks: Iterable[bytes]) -> None:
    # Bytes straight to the binary stream beneath when there is one: decoding tens of
    # megabytes to text for the text layer to encode them again costs a tenth of a run.
    buffer = getattr(stdout, "buffer", None)
    if buffer is None:
        for chunk in chunks:
            stdout.write(chunk.decode())
        return
    stdout.flush()
    for chunk in chunks:
        buffer.write(chunk)
    buffer.flush()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m opencall.screening",
        description="Screen application documents (a JSON array) against a call definition.",
    )
    parser.add_argument("call_file", nargs="?", help="the call definition file (TOML)")
    parser.add_argument("applications", help="a JSON array of application documents ('-': stdin)")
    parser.add_argument("--call", help="the call definition file, as manage.py screen takes it")
    add_options(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage and the problem
        return int(exc.code or 0)
    call_file = args.call or args.call_file
    if not call_file or (args.call and args.call_file):
        parser.print_usage(sys.stderr)
        sys.stderr.write("error: give the call definition file once, then the applications file\n")
        return EXIT_ERROR
    gettext = catalogue(args.language)
    return run(
        call_file,
        args.applications,
        gettext=gettext,
        language=args.language,
        now=args.now,
        stdout=sys.stdout,
        stderr=sys.stderr,
    )
