"""Where a hook may deliver: http(s) addresses whose host resolves only to public
addresses. Checked when the hook is registered and again before every attempt, and
the attempt connects to the very address that was checked (transport.py), so a name
that resolves to a public address for the check and a private one for the connection
(DNS rebinding) gets nowhere.

OPENCALL_WEBHOOKS_ALLOW_PRIVATE lets private and loopback addresses through (tests, a
closed network); OPENCALL_WEBHOOKS_ALLOW_HTTP lets plain http:// through (off in
production).
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from opencall.webhooks import conf

IP = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(Exception):
    """The address may not receive deliveries; the message says why, in words."""


class HostUnknown(Exception):
    """The host's name did not resolve (now): worth trying again later."""


@dataclass(frozen=True)
class Target:
    scheme: str  # "http" or "https"
    host: str  # the name in the address: the Host header and the TLS certificate's
    port: int
    path: str  # path and query, as sent
    address: str  # the checked IP address the attempt connects to


def forbidden(ip: IP) -> bool:
    """Private, loopback, link-local, multicast, reserved or unspecified."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        not ip.is_global
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def _parts(url: str) -> tuple[str, str, int, str]:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise AddressRefused(_("This is not a web address.")) from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise AddressRefused(_("Use an address that starts with https://."))
    if scheme == "http" and not conf.get("OPENCALL_WEBHOOKS_ALLOW_HTTP"):
        raise AddressRefused(
            _("Use an address that starts with https://: this site does not deliver over http.")
        )
    if parts.username is not None or parts.password is not None:
        raise AddressRefused(
            _("Leave the name and password out of the address: the signature proves the sender.")
        )
    host = parts.hostname or ""
    if not host:
        raise AddressRefused(_("The address has no host name."))
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return scheme, host, port or (443 if scheme == "https" else 80), path


def resolve(url: str) -> Target:
    """The address to connect to, or AddressRefused / HostUnknown. Every address the
    name resolves to must be allowed: one private address among public ones refuses it."""
    scheme, host, port, path = _parts(url)
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise HostUnknown(_("No such host: %(host)s.") % {"host": host}) from exc
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    if not addresses:
        raise HostUnknown(_("No such host: %(host)s.") % {"host": host})
    if not conf.get("OPENCALL_WEBHOOKS_ALLOW_PRIVATE"):
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
            if forbidden(ip):
                raise AddressRefused(
                    _(
                        "%(host)s leads to %(address)s, an address of a private or local "
                        "network: this site does not deliver there."
                    )
                    % {"host": host, "address": address}
                )
    return Target(scheme=scheme, host=host, port=port, path=path, address=addresses[0])
