"""The token rule for write endpoints, the request size limit, and what keeps browsers from being
turned against a local server: its Host and Origin checks and the security headers of every answer."""

from __future__ import annotations

import hmac
import ipaddress
from urllib.parse import urlsplit

from fastapi import HTTPException, Request

LOCAL_NAMES = {"localhost", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    """True when ``host`` is reachable from this machine only (so writes need no token)."""
    if host.lower() in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def require_token(request: Request) -> None:
    """Write endpoints: ``Authorization: Bearer TOKEN`` whenever the app was given a token."""
    token: str | None = request.app.state.token
    if token is None:
        return
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
        raise HTTPException(401, "this endpoint needs the header 'Authorization: Bearer TOKEN' with the server's token",
                            headers={"WWW-Authenticate": "Bearer"})


async def read_body(request: Request) -> bytes:
    """The request body, refused with 413 as soon as it passes the server's limit."""
    limit: int = request.app.state.max_body
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"the body ({int(declared)} bytes) is over the limit of {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"the body is over the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


_WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# The dashboard has no inline script; its markup sets a few style attributes. Swagger UI at /docs
# starts itself with an inline script, so it gets that much more.
_CSP = ("default-src 'self'; script-src 'self'{extra}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}


def security_headers(path: str) -> dict[str, str]:
    """The headers every answer carries: a content security policy (a link a record smuggles in, a
    frame around the dashboard, go nowhere), no MIME sniffing, no referrer."""
    extra = " 'unsafe-inline'" if path == "/docs" else ""
    return {**_HEADERS, "Content-Security-Policy": _CSP.format(extra=extra)}


def _host_name(netloc: str) -> str:
    host = netloc.rsplit("@", 1)[-1]
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def refusal(request: Request, local_only: bool) -> str | None:
    """Why a browser-borne request is refused, or ``None``.

    A server on localhost without a token trusts whoever can reach it, and a browser on this machine
    can reach it for any page it shows: a page elsewhere can post to it (a form or a no-cors fetch
    with a plain-text body needs no permission), and a DNS-rebinding page can read it under its own
    name. So such a server answers only to its own names, and writes from a page of another origin
    are refused whatever the server (a bearer token cannot ride along unasked, but there is no
    reason to take them either). Clients that are not browsers send no Origin and pass."""
    host = request.headers.get("host", "")
    if local_only and not is_loopback(_host_name(host)):
        return (f"this server answers on localhost only, not to the name {_host_name(host)!r} (a page may be "
                "reaching it through DNS rebinding); serve with --host and --token to answer other names")
    if request.method not in _WRITES:
        return None
    origin = request.headers.get("origin")
    if origin is not None:
        parts = urlsplit(origin)
        if origin == "null" or parts.netloc.lower() != host.lower() or parts.scheme != request.url.scheme:
            return f"a write from a page of another origin ({origin}) is refused"
    if request.headers.get("sec-fetch-site") in ("cross-site", "same-site"):
        return "a write from a page of another site is refused"
    return None

