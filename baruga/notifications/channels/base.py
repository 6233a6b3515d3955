"""What every delivery channel provides. One module per channel, registered in `channels/__init__.py`."""


class DeliveryError(Exception):
    """The channel could not deliver the message; the outbox retries it later."""


class Channel:
    """Sends one `OutboxMessage` to its `to_address`.

    `send` returns when the message was handed over and raises `DeliveryError` otherwise. It must
    not touch the outbox row: claiming, retrying and recording the outcome belong to
    `baruga.notifications.delivery`.
    """

    name = ""

    def is_configured(self):
        """False when the installation has not set the channel up; nothing is queued for it then."""
        return True

    def send(self, message):
        raise NotImplementedError
