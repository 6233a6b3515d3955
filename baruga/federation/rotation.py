"""Rotating our signing keys: the keys are `signing`'s, telling the peers is the outbox's.

`rotate()` adds a key and announces it to every peer with a message signed by the previous key, so
peers learn it before anything it signs arrives (messages to a peer are delivered in order);
`retire(key_id)` stops accepting a key and tells the peers the remaining list.
"""

from django.db import transaction
from django.utils import timezone

from baruga.federation import outbox
from baruga.federation.models import SigningKey
from baruga.federation.signing import create_key, current_key


@transaction.atomic
def rotate():
    """Add a new key; announce it to every active peer signed with the key it replaces."""
    previous = current_key()
    new = create_key()
    outbox.announce_keys(signing_key=previous)
    return previous, new


@transaction.atomic
def retire(key_id):
    """Stop accepting a key: peers are told the remaining list (signed with the current key)."""
    key = SigningKey.objects.select_for_update().get(key_id=key_id, is_active=True)
    if SigningKey.objects.filter(is_active=True).count() < 2:
        raise ValueError("the last active key cannot be retired; rotate first")
    key.is_active = False
    key.retired_at = timezone.now()
    key.save()
    outbox.announce_keys(signing_key=current_key())
    return key
