"""Who is staff: a user's memberships (one role over one scope), read once per user object, and who
must give a second factor. Account concepts that every app's permissions build on
(`complaints.permissions` re-exports `is_staff_member`)."""

# Who may read the security dashboard and the audit trail: staff too, though they may hold no membership.
OFFICER_PERMISSIONS = ("security.view_securityevent", "audit.view_auditentry")


def memberships(user):
    """All memberships of a user, fetched once per request/user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_baruga_memberships", None)
    if cached is None:
        cached = list(user.memberships.select_related("jurisdiction", "agency"))
        user._baruga_memberships = cached
    return cached


def is_staff_member(user):
    return bool(memberships(user))


def requires_second_factor(user):
    """Every staff member gives a second factor: anyone with a Membership, `is_staff` or `is_superuser`,
    or the security officer's permissions. Citizens are not asked."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return is_staff_member(user) or any(user.has_perm(p) for p in OFFICER_PERMISSIONS)
