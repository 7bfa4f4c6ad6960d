"""Which addresses are refused, and the resolve-time checks behind every fetch."""

from __future__ import annotations

import socket

import pytest

from newsradar.errors import FetchError, RefusedAddressError, TransientFetchError
from newsradar.sources.netguard import check_host, why_refused


@pytest.mark.parametrize(("address", "why"), [
    ("127.0.0.1", "a loopback address"), ("127.8.9.10", "a loopback address"), ("::1", "a loopback address"),
    ("10.1.2.3", "a private address"), ("172.16.5.4", "a private address"), ("192.168.0.10", "a private address"),
    ("fc00::1", "a private address"), ("169.254.169.254", "a link-local address"), ("fe80::1", "a link-local address"),
    ("::ffff:10.0.0.1", "a private address"), ("0.0.0.0", "an unspecified address"),
    ("100.64.0.1", "a non-public address"), ("224.0.0.251", "a multicast address"),
    ("240.0.0.1", "a reserved address"), ("not-an-ip", "not an IP address"),
])
def test_non_public_addresses_are_refused_with_their_kind(address: str, why: str) -> None:
    assert why_refused(address) == why


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "1.1.1.1"])
def test_public_addresses_pass(address: str) -> None:
    assert why_refused(address) is None


def test_every_resolved_address_must_be_public() -> None:
    assert check_host("news.test", 443, lambda h, p: ["93.184.215.14"]) == ["93.184.215.14"]
    with pytest.raises(RefusedAddressError, match=r"refused to fetch from news.test \(127.0.0.1\)"):
        check_host("news.test", 443, lambda h, p: ["93.184.215.14", "127.0.0.1"])
    with pytest.raises(RefusedAddressError, match=r"10\.9\.8\.7: a private address"):
        check_host("10.9.8.7", 80, lambda h, p: pytest.fail("an IP literal needs no DNS"))  # type: ignore[arg-type]


def test_resolution_failures_say_so_and_only_temporary_ones_are_transient() -> None:
    def gone(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    def hiccup(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    with pytest.raises(FetchError, match=r"cannot resolve host gone\.test: Name or service not known") as info:
        check_host("gone.test", 80, gone)
    assert not isinstance(info.value, TransientFetchError)
    with pytest.raises(TransientFetchError):
        check_host("flaky.test", 80, hiccup)
    with pytest.raises(FetchError, match="no addresses"):
        check_host("empty.test", 80, lambda h, p: [])
