"""Refusing non-public addresses (server-side request forgery) before and while connecting.

A URL handed to newsradar (by a feed, a sitemap, a redirect or a user of the REST API) must not make
it talk to the machine it runs on or to the private network behind it: loopback, private, link-local
(cloud metadata at 169.254.169.254), carrier-grade NAT, multicast and reserved ranges are refused
unless the user sets ``allow_private``. Two checks, because a DNS answer can change between them:

1. :func:`check_host` resolves the host before each request and each redirect hop, so a refusal
   carries a clear reason (and tests with a mock transport see it);
2. :class:`GuardedBackend` resolves again at connect time and connects to the very address it
   checked, so a name that re-resolves to 127.0.0.1 a moment later (DNS rebinding) gets nowhere.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import httpcore
import httpx

from newsradar.errors import FetchError, RefusedAddressError, TransientFetchError

#: host, port -> the addresses it resolves to (strings), raising OSError when it does not resolve
Resolver = Callable[[str, int], list[str]]

ALLOW_HINT = "allow it with --allow-private or NEWSRADAR_ALLOW_PRIVATE=1"


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    out: list[str] = []
    for info in infos:
        addr = str(info[4][0])
        if addr not in out:
            out.append(addr)
    return out


def why_refused(address: str) -> str | None:
    """Why ``address`` (an IP literal) is not public, or ``None`` when it is."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    # Most specific first: link-local and unspecified addresses are "private" to the ipaddress module too.
    for test, name in ((ip.is_loopback, "a loopback"), (ip.is_link_local, "a link-local"),
                       (ip.is_unspecified, "an unspecified"), (ip.is_multicast, "a multicast"),
                       (ip.is_reserved, "a reserved"), (ip.is_private, "a private")):
        if test:
            return f"{name} address"
    if not ip.is_global:
        return "a non-public address"
    return None


def check_host(host: str, port: int, resolver: Resolver) -> list[str]:
    """The public addresses ``host`` resolves to, or a RefusedAddressError if any is not public.

    Every address must pass, not just one: the connection may use any of them.
    """
    literal = host.strip("[]")
    try:
        ipaddress.ip_address(literal.split("%", 1)[0])
        addresses = [literal]
    except ValueError:
        addresses = _resolve(host, port, resolver)
    for address in addresses:
        reason = why_refused(address)
        if reason:
            shown = host if host == address else f"{host} ({address})"
            raise RefusedAddressError(f"refused to fetch from {shown}: {reason}; {ALLOW_HINT}")
    return addresses


def _resolve(host: str, port: int, resolver: Resolver) -> list[str]:
    try:
        addresses = resolver(host, port)
    except UnicodeError as exc:  # the idna codec refuses the name ("a..b", "xn--")
        raise FetchError(f"cannot resolve host {host}: not a valid host name ({exc})") from exc
    except OSError as exc:
        detail = exc.strerror or str(exc)
        if isinstance(exc, socket.gaierror) and exc.errno == socket.EAI_AGAIN:  # worth another try later
            raise TransientFetchError(f"cannot resolve host {host}: {detail}") from exc
        raise FetchError(f"cannot resolve host {host}: {detail}") from exc
    if not addresses:
        raise FetchError(f"cannot resolve host {host}: no addresses")
    return addresses


class GuardedBackend(httpcore.NetworkBackend):
    """A network backend that checks the addresses it connects to, then connects to one of them."""

    def __init__(self, resolver: Resolver = system_resolver) -> None:
        self._resolver = resolver
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        addresses = check_host(host, port, self._resolver)
        last: Exception | None = None
        for address in addresses:
            try:
                return self._inner.connect_tcp(address, port, timeout=timeout, local_address=local_address,
                                               socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        raise RefusedAddressError("refused to connect to a unix socket")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


_EXCEPTIONS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.NetworkError, httpx.NetworkError),
)


def _mapped(exc: Exception) -> Exception:
    for core, ours in _EXCEPTIONS:
        if isinstance(exc, core):
            return ours(str(exc))
    return exc


class _Body(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._stream
        except httpcore.NetworkError as exc:
            raise _mapped(exc) from exc
        except httpcore.TimeoutException as exc:
            raise _mapped(exc) from exc
        except httpcore.ProtocolError as exc:
            raise _mapped(exc) from exc

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


class GuardedTransport(httpx.BaseTransport):
    """httpx's default transport, minus proxies, over a :class:`GuardedBackend`."""

    def __init__(self, resolver: Resolver = system_resolver, *, verify: ssl.SSLContext | bool = True) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify),
            max_connections=20, max_keepalive_connections=10, keepalive_expiry=5.0,
            network_backend=GuardedBackend(resolver),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.SyncByteStream)
        core = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=request.url.raw_scheme, host=request.url.raw_host,
                             port=request.url.port, target=request.url.raw_path),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        try:
            resp = self._pool.handle_request(core)
        except (httpcore.NetworkError, httpcore.TimeoutException, httpcore.ProtocolError,
                httpcore.UnsupportedProtocol) as exc:
            raise _mapped(exc) from exc
        assert isinstance(resp.stream, Iterable)
        return httpx.Response(status_code=resp.status, headers=resp.headers, stream=_Body(resp.stream),
                              extensions=resp.extensions)

    def close(self) -> None:
        self._pool.close()
