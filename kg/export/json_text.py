"""JSON text as `json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False)` writes it, fast."""

from __future__ import annotations

from json import dumps as _json_dumps
from json.encoder import encode_basestring as _quote


def dumps(doc) -> str:
    """``json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\\n"``, twice as fast.

    With ``indent`` set, the json module encodes in pure Python; this does the same for the
    dicts, lists and strings a JSON-LD document is made of (anything else goes to json).

    >>> dumps({"b": ["x"], "a": {}})
    '{\\n  "a": {},\\n  "b": [\\n    "x"\\n  ]\\n}\\n'
    """
    out: list[str] = []
    add = out.append

    def write(value, pad: str) -> None:
        kind = type(value)
        if kind is str:
            add(_quote(value))
        elif kind is dict:
            if not value:
                add("{}")
                return
            inner = pad + "  "
            opener = "{\n" + inner
            for key in sorted(value):
                add(opener + _quote(key) + ": ")
                opener = ",\n" + inner
                write(value[key], inner)
            add("\n" + pad + "}")
        elif kind is list:
            if not value:
                add("[]")
                return
            inner = pad + "  "
            opener = "[\n" + inner
            for item in value:
                add(opener)
                opener = ",\n" + inner
                write(item, inner)
            add("\n" + pad + "]")
        else:
            add(_json_dumps(value))

    write(doc, "")
    add("\n")
    return "".join(out)
