"""Pages: the staff notification centre and everyone's notification preferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from baruga.accounts.staff import is_staff_member
from baruga.notifications import forms, inbox, selectors

PAGE_SIZE = 25


def staff_required(view):
    def wrapped(request, *args, **kwargs):
        if not is_staff_member(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return login_required(wrapped)


def _own_or_404(request, pk):
    notification = selectors.own(request.user, pk)
    if notification is None:
        raise Http404
    return notification


@staff_required
def centre(request):
    page = Paginator(selectors.centre(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    has_unread = any(n.is_unread for n in page.object_list)
    return render(request, "notifications/centre.html", {"page": page, "has_unread": has_unread})


@staff_required
def open_notification(request, pk):
    """Follow a notification to its report; following it is reading it."""
    notification = inbox.mark_read(user=request.user, notification=_own_or_404(request, pk))
    if notification.report_id:
        return redirect("complaints:staff_detail", notification.report.tracking_id)
    return redirect("notifications:centre")


@staff_required
@require_POST
@vary_on_headers("HX-Request")
def mark_read(request, pk):
    notification = inbox.mark_read(user=request.user, notification=_own_or_404(request, pk))
    if request.htmx:
        return render(request, "notifications/centre.html#item", {"n": notification})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "notifications:centre"
    return redirect(target)


@staff_required
@require_POST
def mark_all_read(request):
    count = inbox.mark_all_read(user=request.user)
    if count:
        messages.success(request, _("%(n)d notifikasi ditandai sudah dibaca.") % {"n": count})
    return redirect("notifications:centre")


@login_required
def preferences(request):
    current = inbox.preference_of(request.user)
    stored = {"email_enabled": current.email_enabled, "digest_daily": current.digest_daily,
              "gateway_enabled": current.gateway_enabled, "gateway_phone": current.gateway_phone,
              "language": current.language}
    initial = {**stored, "gateway_phone": current.gateway_phone or request.user.phone}
    form = forms.PreferenceForm(request.POST or None, initial=initial, is_staff=is_staff_member(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            # Choices the form does not offer this user stay as they were.
            inbox.save_preferences(user=request.user, **{**stored, **form.cleaned_data})
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Pengaturan notifikasi disimpan."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
