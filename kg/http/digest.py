"""HTTP Digest authentication (RFC 7616): the ``Authorization`` header for one challenge.

Stores such as Virtuoso protect their update endpoints with Digest; MD5 and SHA-256 with
``qop=auth`` (or no qop, RFC 2069) are supported.
"""

from __future__ import annotations

import hashlib
import os
import re
import urllib.parse

_PARAM = re.compile(r'(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))')


def parse_challenge(header: str) -> dict[str, str]:
    """The parameters of a ``WWW-Authenticate: Digest ...`` header.

    >>> parse_challenge('Digest realm="kg", nonce="abc", qop="auth", algorithm=MD5')["nonce"]
    'abc'
    """
    text = header.strip()[len("digest"):]
    return {m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
            for m in _PARAM.finditer(text)}


def authorization(challenge: dict[str, str], user: str, password: str, method: str, url: str,
                  count: int) -> str:
    """The ``Authorization`` header answering ``challenge`` for one request."""
    algorithm = challenge.get("algorithm", "MD5").upper()
    name = {"MD5": "md5", "MD5-SESS": "md5", "SHA-256": "sha256",
            "SHA-256-SESS": "sha256"}.get(algorithm, "md5")

    def h(text: str) -> str:
        return hashlib.new(name, text.encode("utf-8")).hexdigest()

    parts = urllib.parse.urlsplit(url)
    uri = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    realm, nonce = challenge.get("realm", ""), challenge.get("nonce", "")
    cnonce = os.urandom(8).hex()
    ha1 = h(f"{user}:{realm}:{password}")
    if algorithm.endswith("-SESS"):
        ha1 = h(f"{ha1}:{nonce}:{cnonce}")
    ha2 = h(f"{method}:{uri}")
    qops = [q.strip() for q in challenge.get("qop", "").split(",") if q.strip()]
    fields = [f'username="{user}"', f'realm="{realm}"', f'nonce="{nonce}"', f'uri="{uri}"',
              f"algorithm={algorithm}"]
    if "auth" in qops:
        nc = f"{count:08x}"
        response = h(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
        fields += ["qop=auth", f"nc={nc}", f'cnonce="{cnonce}"']
    else:
        response = h(f"{ha1}:{nonce}:{ha2}")
    fields.append(f'response="{response}"')
    if "opaque" in challenge:
        fields.append(f'opaque="{challenge["opaque"]}"')
    return "Digest " + ", ".join(fields)
