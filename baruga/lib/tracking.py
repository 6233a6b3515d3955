"""Tracking IDs people can read out over the phone, and guest secrets."""

import hashlib
import hmac
import secrets

# Crockford-style alphabet without the look-alikes 0/O, 1/I/L and the vowel U.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "BRG"


def new_tracking_id():
    """`BRG-7K4M-Q2XP`: 8 random symbols, about 6.6e11 possibilities, not in sequence."""
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{PREFIX}-{symbols[:4]}-{symbols[4:]}"


def normalise_tracking_id(value):
    """Accept what people type: lower case, spaces, missing dashes, O for 0 and so on."""
    cleaned = "".join(ch for ch in (value or "").upper() if ch.isalnum())
    cleaned = cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    # Strip the prefix only when it is there: eight symbols of their own may also begin with "BRG".
    if len(cleaned) == len(PREFIX) + 8 and cleaned.startswith(PREFIX):
        cleaned = cleaned[len(PREFIX):]
    if len(cleaned) != 8 or any(ch not in ALPHABET for ch in cleaned):
        return None
    return f"{PREFIX}-{cleaned[:4]}-{cleaned[4:]}"


def new_secret():
    return secrets.token_urlsafe(24)


def hash_secret(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(secret, secret_hash):
    if not secret or not secret_hash:
        return False
    return hmac.compare_digest(hash_secret(secret), secret_hash)
