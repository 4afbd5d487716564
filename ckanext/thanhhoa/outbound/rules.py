"""Which addresses an outbound request may reach (pure)."""
from __future__ import annotations

import ipaddress
from typing import Iterable, NamedTuple


class Allowed(NamedTuple):
    host: str
    first_port: int
    last_port: int


def parse_allowlist(entries: Iterable[str]) -> list[Allowed]:
    """'127.0.0.1:8190', 'gateway.internal:443', '127.0.0.1:32768-60999'
    (a port range: the ephemeral ports test servers bind). A host without a
    port is refused: allowing a whole host would reach its databases."""
    allowed = []
    for entry in entries:
        host, sep, ports = entry.strip().rpartition(":")
        if not sep or not host or not ports:
            raise ValueError(f"outbound allowlist entry without a port: {entry!r}")
        first, _, last = ports.partition("-")
        allowed.append(Allowed(host.strip("[]").lower(), int(first), int(last or first)))
    return allowed


def blocked(host: str, port: int, address: str, allowed: Iterable[Allowed]) -> str | None:
    """Why a connection to `address` (what `host` resolved to) on `port` may
    not be made, or None when it may: a public address, or one the
    allowlist names by host name or by address, with the port."""
    for entry in allowed:
        if entry.host in (host.lower(), address) and entry.first_port <= port <= entry.last_port:
            return None
    ip = _embedded(ipaddress.ip_address(address.split("%")[0]))
    if ip.is_global and not ip.is_multicast:
        return None
    kind = ("loopback" if ip.is_loopback else "link-local" if ip.is_link_local
            else "private" if ip.is_private else "reserved")
    return f"{host}:{port} resolves to {address}, a {kind} address outside the allowlist"


NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded(ip):
    """The IPv4 address an IPv6 one carries to its end (mapped, NAT64,
    6to4, Teredo's client): judged as that address, since it reaches it
    (Python counts 64:ff9b::a00:1 and 2002:7f00:1:: as global)."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return ip
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    return ip
