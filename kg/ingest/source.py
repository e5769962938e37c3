"""Read an article: decode UTF-8 exactly as received, or refuse it with the reason and where.

Refusals (each a :class:`Refusal`, which the command turns into one line and exit code 3):
an empty file, a binary file (a NUL byte, or mostly control characters), and bytes that are not
UTF-8 (with the byte offset and line of the first bad byte). The text is never normalised:
offsets in the graph count code points of exactly this text.
"""

from __future__ import annotations

import hashlib
import re

from ..errors import InputError

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


class Refusal(InputError):
    """An input that ingest will not turn into a graph: nothing is written for it."""


def decode(data: bytes, name: str) -> str:
    """The text of ``data``, or :class:`Refusal`.

    >>> decode("Siege of X\\n".encode(), "x.txt")
    'Siege of X\\n'
    >>> decode(b"", "empty.txt")
    Traceback (most recent call last):
    kg.ingest.source.Refusal: empty.txt: the file is empty; there is no article to ingest.
    """
    if not data.strip():
        raise Refusal(f"{name}: the file is empty; there is no article to ingest.")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise Refusal(f"{name}: binary data (a NUL byte at byte {nul}), not an article in "
                      "plain text.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise Refusal(f"{name}:{line}:{column}: not UTF-8 text: byte {exc.start} "
                      f"(0x{data[exc.start]:02x}) cannot be decoded; convert the file to "
                      "UTF-8 first.") from None
    controls = len(_CONTROL.findall(text))
    if controls * 20 > len(text):
        raise Refusal(f"{name}: binary data ({controls} control characters), not an article "
                      "in plain text.")
    return text


def digest(data: bytes) -> str:
    """``sha256:…`` of the bytes, as the bundled source document records it."""
    return "sha256:" + hashlib.sha256(data).hexdigest()
