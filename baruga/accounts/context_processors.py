from baruga.accounts import twofactor
from baruga.accounts.staff import is_staff_member


def staff_memberships(request):
    """`is_staff_member` shows the staff menu, only once the second factor is given; before that
    (`awaiting_second_factor`) the menu offers nothing but signing out."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_staff_member": False, "awaiting_second_factor": False}
    awaiting = twofactor.needs_second_factor(request)
    return {"is_staff_member": not awaiting and is_staff_member(user), "awaiting_second_factor": awaiting}
