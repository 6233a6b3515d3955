"""The delivery channels, by name. To add one (say a provider's own API): write a module with a
`Channel` subclass, add it to `REGISTRY` and to `OutboxMessage.Channel`, and queue messages for it in
`baruga.notifications.outbox`."""

from baruga.notifications.channels.base import Channel, DeliveryError
from baruga.notifications.channels.email import EmailChannel
from baruga.notifications.channels.gateway import GatewayChannel

REGISTRY = {channel.name: channel for channel in (EmailChannel(), GatewayChannel())}


def get(name):
    return REGISTRY[name]


__all__ = ["Channel", "DeliveryError", "REGISTRY", "get"]
