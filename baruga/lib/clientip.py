"""The client's address, the same for lock-outs (django-axes), rate limits (django-ratelimit) and detection.

Behind a reverse proxy REMOTE_ADDR is the proxy itself: every visitor would share one lock-out and
one rate limit. Set CLIENT_IP_META_KEY to the META key the proxy writes (e.g. ``HTTP_X_REAL_IP``)
only when the proxy overwrites that header; a header the client can send itself would let an
attacker pick a fresh address for every attempt.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    key = getattr(settings, "CLIENT_IP_META_KEY", "") or "REMOTE_ADDR"
    value = (request.META.get(key) or request.META.get("REMOTE_ADDR") or "").split(",")[0].strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return request.META.get("REMOTE_ADDR") or "0.0.0.0"


def network_of(address):
    """The /24 (IPv4) or /48 (IPv6) network of an address: where from, not who (UU PDP minimisation)."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def client_network(request):
    return network_of(client_ip(request)) if request is not None else ""
