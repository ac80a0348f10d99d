"""Small files of each kind, made in memory, for the tests of uploads."""

from __future__ import annotations

import io
import zipfile

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02" + b"\0" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\0" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 64
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/{part}" ContentType="{type}"/></Types>'
)
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
WORD_MACROS = "application/vnd.ms-word.document.macroEnabled.main+xml"


def zipped(*members: tuple[str, str], stored: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members:
            kind = zipfile.ZIP_STORED if name == stored else zipfile.ZIP_DEFLATED
            archive.writestr(name, text, compress_type=kind)
    return buffer.getvalue()


def docx(main: str = WORD_MAIN, *, word_late: bool = False) -> bytes:
    padding = [(f"customXml/item{n}.xml", "<x/>") for n in range(5)] if word_late else []
    return zipped(
        ("[Content_Types].xml", CONTENT_TYPES.format(part="word/document.xml", type=main)),
        ("_rels/.rels", "<Relationships/>"),
        *padding,
        ("word/document.xml", "<w:document/>"),
    )


def xlsx() -> bytes:
    return zipped(
        ("[Content_Types].xml", CONTENT_TYPES.format(part="xl/workbook.xml", type=EXCEL_MAIN)),
        ("xl/workbook.xml", "<workbook/>"),
    )


def opendocument(mime: str, *, compressed_mimetype: bool = False) -> bytes:
    return zipped(
        ("mimetype", mime),
        ("content.xml", "<office:document-content/>"),
        stored="" if compressed_mimetype else "mimetype",
    )
