"""The README's screenshots are recompressed without losing a pixel (scripts/screenshots.py)."""

import importlib.util
import struct
import zlib
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "screenshots.py"


def _script():
    spec = importlib.util.spec_from_file_location("screenshots", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def test_recompressing_keeps_every_pixel_in_one_image_chunk_and_drops_the_rest():
    screenshots = _script()
    width, height = 64, 32
    # Filter byte 0, then RGB: a gradient, so deflate has something to do.
    raw = b"".join(
        b"\x00" + b"".join(bytes((x * 4 % 256, y * 8 % 256, (x + y) % 256)) for x in range(width))
        for y in range(height)
    )
    deflated = zlib.compress(raw, 1)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    png = (
        screenshots.PNG_SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"tEXt", b"Software\x00Chromium")
        + _chunk(b"IDAT", deflated[:50])
        + _chunk(b"IDAT", deflated[50:])
        + _chunk(b"IEND", b"")
    )

    smaller = screenshots.recompress(png)

    chunks = list(screenshots._chunks(smaller))
    assert [kind for kind, _body in chunks] == [b"IHDR", b"IDAT", b"IEND"]
    assert chunks[0][1] == header
    assert zlib.decompress(chunks[1][1]) == raw
    assert len(smaller) <= len(png)
    # Every chunk's checksum is right: image viewers refuse the file otherwise.
    position = len(screenshots.PNG_SIGNATURE)
    while position < len(smaller):
        (length,) = struct.unpack(">I", smaller[position : position + 4])
        kind_and_body = smaller[position + 4 : position + 8 + length]
        (crc,) = struct.unpack(">I", smaller[position + 8 + length : position + 12 + length])
        assert crc == zlib.crc32(kind_and_body)
        position += 12 + length
