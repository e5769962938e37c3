"""HTTP authentication for stores: Basic, and Digest (RFC 7616), sent only after a challenge.

Stores such as Virtuoso protect their update endpoints with Digest; MD5 and SHA-256 with
``qop=auth`` (or no qop, RFC 2069) are supported. Credentials are never sent before the server
asks, and never to another origin (the client follows no such redirect).
"""

from __future__ import annotations

import base64
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
                  count: int, cnonce: str | None = None) -> str:
    """The ``Authorization`` header answering ``challenge`` for one request.

    The example of RFC 7616 section 3.9.1:

    >>> challenge = parse_challenge('Digest realm="http-auth@example.org", qop="auth, auth-int",'
    ...     ' algorithm=MD5, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",'
    ...     ' opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"')
    >>> header = authorization(challenge, "Mufasa", "Circle of Life", "GET",
    ...     "http://www.example.org/dir/index.html", 1,
    ...     cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ")
    >>> 'response="8ca523f5e9506fed4657c9700eebdbec"' in header
    True
    """
    algorithm = challenge.get("algorithm", "MD5").upper()
    name = {"MD5": "md5", "MD5-SESS": "md5", "SHA-256": "sha256",
            "SHA-256-SESS": "sha256"}.get(algorithm, "md5")

    def h(text: str) -> str:
        return hashlib.new(name, text.encode("utf-8")).hexdigest()

    parts = urllib.parse.urlsplit(url)
    uri = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    realm, nonce = challenge.get("realm", ""), challenge.get("nonce", "")
    cnonce = cnonce or os.urandom(8).hex()
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


class Auth:
    """User name and password for HTTP Basic or Digest, sent only after the server asks."""

    def __init__(self, user: str, password: str):
        self.user, self.password = user, password
        self.challenge: str | None = None   # the scheme the server asked for, once known
        self.digest: dict[str, str] = {}
        self.count = 0

    def header(self, method: str, url: str) -> str | None:
        if self.challenge == "basic":
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
            return f"Basic {token}"
        if self.challenge == "digest":
            self.count += 1
            return authorization(self.digest, self.user, self.password, method, url, self.count)
        return None

    def learn(self, www_authenticate: str) -> bool:
        """Read a 401 challenge; True if it is one this client can answer (and has not yet)."""
        scheme = www_authenticate.strip().split(" ", 1)[0].lower()
        if scheme not in ("basic", "digest") or self.challenge == scheme:
            return False
        self.challenge = scheme
        if scheme == "digest":
            self.digest, self.count = parse_challenge(www_authenticate), 0
        return True
