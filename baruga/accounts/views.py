from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from baruga.accounts import enrolment, history, twofactor
from baruga.accounts.forms import (EnrolmentCodeForm, LoginForm, ResetPasswordForm, SecondFactorForm,
                                  SignupForm)
from baruga.accounts.models import LoginRecord, Role
from baruga.lib import siteurl
from baruga.lib import ratelimits


@method_decorator(ratelimits.limited("login", methods=("POST",)), name="dispatch")
class LoginView(auth_views.LoginView):
    """Django's login, rate-limited per address; django-axes locks out repeated failures."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@sensitive_post_parameters("password1", "password2")
@ratelimits.limited("signup", methods=("POST",))
def signup(request):
    if request.user.is_authenticated:
        return redirect("complaints:my_reports")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="baruga.accounts.backends.UsernameOrEmailBackend")
        return redirect("complaints:my_reports")
    return render(request, "accounts/signup.html", {"form": form})


# Roles with a complaints scope; a member holding none of them (a PPID officer) sees no report.
COMPLAINT_ROLES = {Role.ADMIN, Role.LEADER, Role.SUBADMIN, Role.HEAD}
# Satu Data roles (produsen data, walidata, pendukung, pembina data): their list is /data/petugas/.
DATA_ROLES = {Role.DATA_PRODUCER, Role.DATA_STEWARD, Role.DATA_ASSISTANT, Role.DATA_ADVISOR}


def after_login(request):
    """Staff land in their inbox: PPID officers without a complaints role in the PPID inbox (the
    complaints inbox would always be empty for them), Satu Data roles in their dataset list, a leader, who reads figures and acts on no
    report, on their dashboard; citizens on their own reports."""
    if not request.user.is_authenticated:
        return redirect("home")
    roles = {m.role for m in request.user.memberships.all()}
    if roles and not roles & COMPLAINT_ROLES and roles <= DATA_ROLES:
        return redirect("satudata:staff_inbox")
    if roles and not roles & COMPLAINT_ROLES:
        return redirect("ppid:inbox")
    if roles == {Role.LEADER}:
        return redirect("stats:home")
    if roles:
        return redirect("complaints:inbox")
    return redirect("complaints:my_reports")


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lock-out answer (AXES_LOCKOUT_CALLABLE): an Indonesian page, 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(request, "accounts/locked_out.html", {"minutes": minutes, "retry_after": minutes * 60},
                      status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


# The second factor

def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return reverse("accounts:after_login")


def _with_next(name, request):
    nxt = request.POST.get("next") or request.GET.get("next")
    return reverse(name) + ("?" + urlencode({"next": nxt}) if nxt else "")


@login_required
@never_cache
@sensitive_post_parameters("code")
def two_factor(request):
    """Step two of a staff sign-in: a code from the app or a recovery code."""
    if not twofactor.requires_second_factor(request.user) or twofactor.session_is_verified(request):
        return redirect(_next_url(request))
    if twofactor.confirmed_totp(request.user) is None:
        return redirect(_with_next("accounts:two_factor_setup", request))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            method = twofactor.verify(request, form.cleaned_data["code"])
        except twofactor.SecondFactorRefused as exc:
            form.add_error("code", str(exc))
        else:
            if method == LoginRecord.Method.RECOVERY:
                left = twofactor.remaining_recovery_codes(request.user)
                messages.warning(request, _("Kode cadangan sudah terpakai; tersisa %(n)s. Buat kode baru di "
                                            "halaman Kode cadangan bila hampir habis.") % {"n": left})
            return redirect(_next_url(request))
    return render(request, "accounts/two_factor.html", {"form": form, "next": request.GET.get("next", "")},
                  status=400 if form.errors else 200)


@login_required
@never_cache
@sensitive_post_parameters("code", "enrolment_code")
def two_factor_setup(request):
    """First sign-in of a staff member: the enrolment code from their admin, then scan the QR code,
    confirm one code, receive the recovery codes."""
    if not twofactor.requires_second_factor(request.user):
        raise Http404
    if twofactor.confirmed_totp(request.user) is not None:
        # Replacing a lost phone: a superuser resets the second factor in the admin and issues a new code.
        return redirect(_with_next("accounts:two_factor", request))
    enrolment_code = enrolment.accepted(request)
    if enrolment_code is None:
        return _enrolment_code_step(request)
    device = twofactor.setup_device(request.user)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = twofactor.confirm_setup(request, device, form.cleaned_data["code"], enrolment_code)
        except twofactor.SecondFactorRefused as exc:
            form.add_error("code", str(exc))
        else:
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
    return render(request, "accounts/two_factor_setup.html", {
        "form": form, "qr": twofactor.qr_data_uri(device), "manual_key": twofactor.manual_key(device),
        "next": request.GET.get("next", ""),
    }, status=400 if form.errors else 200)


def _enrolment_code_step(request):
    """No authenticator yet and no valid enrolment code in this session: ask for the code from the admin."""
    if request.method == "POST":
        retry_after = ratelimits.check(request, "enrolment_code")
        if retry_after is not None:
            return ratelimits.throttled_response(request, retry_after)
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment.accept(request, form.cleaned_data["enrolment_code"])
        except enrolment.EnrolmentRefused as exc:
            form.add_error("enrolment_code", str(exc))
        else:
            return redirect(_with_next("accounts:two_factor_setup", request))
    return render(request, "accounts/enrolment_code.html", {"form": form, "next": request.GET.get("next", "")},
                  status=400 if form.errors else 200)


@login_required
@never_cache
def recovery_codes(request):
    """How many recovery codes are left; POST replaces them all (the new ones are shown once)."""
    if not twofactor.requires_second_factor(request.user):
        raise Http404
    if request.method == "POST":
        codes = twofactor.new_recovery_codes(request.user)
        return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("accounts:after_login")})
    return render(request, "accounts/recovery_codes_status.html",
                  {"remaining": twofactor.remaining_recovery_codes(request.user)})


# Account pages

@login_required
def login_history(request):
    return render(request, "accounts/login_history.html", {"records": history.recent(request.user),
                                                           "is_staff_account": twofactor.requires_second_factor(
                                                               request.user)})


@method_decorator(never_cache, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:login_history")

    def form_valid(self, form):
        messages.success(self.request, _("Kata sandi Anda sudah diganti."))
        return super().form_valid(form)


# Forgotten password: Django's own views, by e-mail. Signing in afterwards still asks staff for the
# second factor (no automatic sign-in after the reset), so a reset never bypasses it.

@method_decorator(ratelimits.limited("password_reset", methods=("POST",)), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    """The same answer whether or not the address has an account: no account enumeration."""

    template_name = "accounts/password_reset_form.html"
    form_class = ResetPasswordForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # SITE_URL, or else the host the request came to (checked against ALLOWED_HOSTS)
        self.extra_email_context = {"site_url": siteurl.site_url(self.request),
                                    "minutes": settings.PASSWORD_RESET_TIMEOUT // 60}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@method_decorator(ratelimits.limited("password_reset", methods=("POST",)), name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False  # staff then sign in with the new password *and* the second factor

    def form_valid(self, form):
        from axes.utils import reset as reset_lockout

        response = super().form_valid(form)
        # Whoever can read the account's e-mail may sign in again now: lift the username's lock-out
        # (the address's own count stays).
        reset_lockout(username=form.user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
