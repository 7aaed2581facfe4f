"""Which network addresses a fetch may reach, checked where the connection is made.

Every fetch (CLI, feeds, watch, the API's URL ingest) goes through one ``Fetcher``, whose
HTTP client connects through :class:`GuardedBackend`: it resolves the host itself, checks
every address the DNS answer holds, and connects to a checked address (never to the name
again). A redirect, a second DNS answer (rebinding) or a host spelled oddly ("2130706433",
"0x7f.1", "[::ffff:127.0.0.1]") therefore cannot reach a loopback, private, link-local,
shared (CGNAT), multicast, reserved or cloud-metadata address: the refusal happens before
any packet is sent there. ``allow_private`` (a setting) opens chosen networks for intranets
("10.1.0.0/16, 127.0.0.1"), or every private range ("all"); multicast, unspecified and
metadata addresses stay refused whatever it says.

Hand-written because httpx has no hook between resolving a name and connecting to it; this
is that hook, as an httpcore network backend, so TLS still verifies the certificate against
the host name of the URL.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# Instance metadata services: AWS/GCP/Azure/OpenStack, AWS over IPv6, AWS ECS tasks,
# Alibaba, Oracle. Never fetched, whatever allow_private says.
METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "fd00:ec2::254", "169.254.170.2", "100.100.100.200", "192.0.0.192")
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
ALL = ("all", "*")


class AddressRefused(Exception):
    """A host that resolves to an address this fetcher may not reach (one line)."""


def parse_allowed(value: str) -> tuple[bool, tuple[Network, ...]]:
    """``allow_private`` as (every private range?, the networks named). Raises ValueError
    naming the first entry that is not a network."""
    entries = [e for e in value.replace(",", " ").split() if e]
    if any(e.lower() in ALL for e in entries):
        return True, ()
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError as exc:
            raise ValueError(
                f"allow_private: {entry!r} is not a network (give CIDRs such as 10.0.0.0/8, "
                "or 'all')"
            ) from exc
    return False, tuple(networks)


def _embedded(ip: Address) -> Address:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, Teredo, NAT64), else itself."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip.sixtofour is not None:
            return ip.sixtofour
        if ip.teredo is not None:
            return ip.teredo[1]
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def _kind(ip: Address) -> str | None:
    """What makes ``ip`` non-public, or None for a public address."""
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_private:
        return "private"
    if ip.is_reserved:
        return "reserved"
    if not ip.is_global:
        return "non-public"
    return None


class Guard:
    """The address policy of one fetcher (from ``allow_private``)."""

    def __init__(self, allow_private: str = "") -> None:
        self.allow_all, self.allowed = parse_allowed(allow_private)

    def refusal(self, address: str) -> str | None:
        """Why ``address`` (an IP literal) may not be reached, or None."""
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone
        inner = _embedded(ip)
        for candidate in {ip, inner}:
            if candidate in METADATA:
                return f"{address} is a cloud metadata address"
            if candidate.is_multicast:
                return f"{address} is a multicast address"
            if candidate.is_unspecified:
                return f"{address} is an unspecified address"
        kind = _kind(inner)  # an address that carries IPv4 goes where its IPv4 address goes
        if kind is None or self.allow_all:
            return None
        if any(ip in net or inner in net for net in self.allowed if net.version == ip.version):
            return None
        if any(inner in net for net in self.allowed if net.version == inner.version):
            return None
        return f"{address} is a {kind} address (allow it with the allow_private setting)"

    def resolve(self, host: str, port: int) -> list[str]:
        """Every address ``host`` resolves to, all checked; raises AddressRefused when any
        of them is refused (an answer mixing a public and a private address is a rebinding
        attempt), OSError when the name does not resolve."""
        addresses = list(dict.fromkeys(str(info[4][0]) for info in resolve(host, port)))
        if not addresses:
            raise OSError(f"no address for {host}")
        for address in addresses:
            why = self.refusal(address)
            if why is not None:
                named = "" if address == host.strip("[]") else f"{host} resolves to "
                raise AddressRefused(f"refused: {named}{why}")
        return addresses

    def check(self, host: str) -> str | None:
        """Why the literal address ``host`` may not be fetched, before anything is asked of
        it; None for a name (resolving it twice would double the DNS queries: the connection
        checks what it resolves to)."""
        try:
            literal = ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
        except ValueError:
            return None
        why = self.refusal(str(literal))
        return None if why is None else f"refused: {why}"


def resolve(host: str, port: int) -> list[Any]:
    """``socket.getaddrinfo`` for TCP; a seam the tests replace with a fake DNS."""
    return socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's own socket backend, connecting only to addresses the guard accepts."""

    def __init__(self, guard: Guard, inner: httpcore.NetworkBackend | None = None) -> None:
        self.guard = guard
        self._inner = inner or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        last: Exception | None = None
        try:
            addresses = self.guard.resolve(host, port)
        except OSError as exc:  # a name that does not resolve: a connect error, retried
            raise httpcore.ConnectError(f"cannot resolve {host} ({exc})") from exc
        for address in addresses:
            try:
                return self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as exc:
                last = exc
        assert last is not None
        raise last

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise AddressRefused(f"refused: unix socket {path}")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over :class:`GuardedBackend`; proxies from the environment are not
    used (a proxy would resolve the host where no guard can check it)."""

    def __init__(self, guard: Guard, limits: httpx.Limits) -> None:
        super().__init__(limits=limits, trust_env=False)
        self._pool.close()
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(guard),
        )
