from baruga.complaints.permissions import is_staff_member


def staff_memberships(request):
    user = getattr(request, "user", None)
    return {"is_staff_member": bool(user and is_staff_member(user))}
