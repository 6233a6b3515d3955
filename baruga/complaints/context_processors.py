from django.utils.functional import SimpleLazyObject

from baruga.complaints import permissions


def staff_recording(request):
    """`can_record_reports` for the staff navigation's link to the recording page (memberships are cached)."""
    user = getattr(request, "user", None)
    return {"can_record_reports": SimpleLazyObject(
        lambda: bool(user is not None and permissions.recording_jurisdiction_ids(user)))}
