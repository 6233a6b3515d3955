from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters

from baruga.accounts.forms import SignupForm


@sensitive_post_parameters("password1", "password2")
def signup(request):
    if request.user.is_authenticated:
        return redirect("complaints:my_reports")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("complaints:my_reports")
    return render(request, "accounts/signup.html", {"form": form})


def after_login(request):
    """Staff land in their inbox, citizens on their own reports."""
    from baruga.complaints.permissions import is_staff_member

    if is_staff_member(request.user):
        return redirect("complaints:inbox")
    if request.user.is_authenticated:
        return redirect("complaints:my_reports")
    return redirect("home")
