"""The token rule for write endpoints and the request size limit."""

from __future__ import annotations

import hmac
import ipaddress

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
