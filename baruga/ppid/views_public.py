"""Pages for requesters and the public: the PPID page, the request form, receipt, follow page,
objection, document links and the public register (DIP)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.cache import never_cache

from baruga.lib import receipts
from baruga.ppid import actions, deadlines, documents, permissions, selectors
from baruga.ppid.forms import DipSearchForm, ObjectionForm, RequestForm, TrackForm
from baruga.ppid.models import Objection, ObjectionGround, PublicInformationDocument, RequestDocument



def home(request):
    return render(request, "ppid/home.html", {
        "track_form": TrackForm(), "is_ppid_staff": permissions.is_ppid_staff(request.user),
    })


def file_request(request):
    if request.method == "POST":
        form = RequestForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                info_request, secret = actions.register_request(
                    requester=request.user, jurisdiction=data["jurisdiction"], agency=data["agency"],
                    requester_type=data["requester_type"], name=data["name"], address=data["address"],
                    identity_number=data["identity_number"], email=data["email"], phone=data["phone"],
                    information_wanted=data["information_wanted"], purpose=data["purpose"],
                    obtain_method=data["obtain_method"], copy_format=data["copy_format"],
                    delivery_method=data["delivery_method"], submission_token=data["submission_token"],
                )
            except actions.ActionError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                response = redirect("ppid:receipt", number=info_request.registration_number)
                if secret:
                    receipts.remember(response, info_request.registration_number, secret)
                return response
    else:
        initial = {"submission_token": actions.new_submission_token()}
        if request.user.is_authenticated:
            initial.update(name=request.user.get_full_name(), email=request.user.email, phone=request.user.phone)
        form = RequestForm(initial=initial)
    return render(request, "ppid/file.html", {"form": form})


@never_cache  # it shows the private link
def receipt(request, number):
    info_request = selectors.get_by_number(number)
    if info_request is None:
        raise Http404
    secret = receipts.recall(request, info_request.registration_number)
    is_owner = request.user.is_authenticated and info_request.requester_id == request.user.pk
    if not secret and not is_owner:
        return redirect("ppid:track", number=info_request.registration_number)
    follow_url = None
    if secret:
        follow_url = receipts.follow_url(request, "ppid:track", info_request.registration_number, secret)
    return render(request, "ppid/receipt.html", {
        "info_request": info_request, "follow_url": follow_url,
        "deadline": deadlines.decision_explanation(info_request)})


def track_lookup(request):
    form = TrackForm(request.GET or None)
    if form.is_valid():
        info_request = selectors.get_by_number(form.cleaned_data["number"])
        if info_request is not None:
            return redirect("ppid:track", number=info_request.registration_number)
        form.add_error("number", _("Nomor registrasi tidak ditemukan. Periksa kembali penulisannya."))
    return render(request, "ppid/track_lookup.html", {"form": form}, status=404 if form.errors else 200)


def requester_actor(request, info_request):
    """The account owner, or a guest proving the private link; (None, None) for anyone else."""
    secret = request.POST.get("k") or request.GET.get("k")
    guest = permissions.guest_access(info_request, secret)
    if guest:
        return guest, secret
    if request.user.is_authenticated and info_request.requester_id == request.user.pk:
        return request.user, None
    return None, None


def track(request, number):
    info_request = selectors.get_by_number(number)
    if info_request is None:
        raise Http404
    actor, secret = requester_actor(request, info_request)
    selectors.with_details(info_request)
    context = {"info_request": info_request, "is_requester": actor is not None, "secret": secret,
               "objection": info_request.objection_or_none, "dispute": info_request.dispute_or_none}
    if actor is not None:
        context.update({
            "identity": info_request.identity,
            "deadlines": deadlines.request_explanations(info_request),
            "document_links": documents.links(info_request.document_list)
            if actions.delivers_documents(info_request, info_request.objection_or_none) else [],
            "objection_form": ObjectionForm(initial={"ground": _suggested_ground(info_request)})
            if "file_objection" in permissions.allowed_transitions(actor, info_request)
            and actions.objection_open(info_request) else None,
        })
    return render(request, "ppid/track.html", context)


def _suggested_ground(info_request):
    if info_request.decided_at is None:
        return ObjectionGround.NO_RESPONSE
    return ObjectionGround.REFUSED if info_request.withholds else ObjectionGround.NOT_AS_ASKED


@require_POST
def objection(request, number):
    info_request = selectors.get_by_number(number)
    if info_request is None:
        raise Http404
    actor, secret = requester_actor(request, info_request)
    if actor is None:
        raise Http404
    url = reverse("ppid:track", args=[info_request.registration_number]) + (f"?k={secret}" if secret else "")
    form = ObjectionForm(request.POST)
    if form.is_valid():
        try:
            actions.file_objection(actor=actor, info_request=info_request, ground=form.cleaned_data["ground"],
                                   reason=form.cleaned_data["reason"])
        except actions.ActionError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Keberatan Anda sudah diajukan kepada atasan PPID."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(url)


def _file_response(item, filename):
    response = FileResponse(item.file.open("rb"), content_type=item.content_type, as_attachment=True,
                            filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def document(request, token):
    """A document handed to the requester, through its expiring signed link (no session needed)."""
    pk = documents.document_id(token)
    item = RequestDocument.objects.select_related("request").filter(pk=pk).first() if pk else None
    if item is not None:
        objection = Objection.objects.filter(request_id=item.request_id).first()
        if not actions.delivers_documents(item.request, objection):
            item = None  # staged for a decision that did not grant it
    if item is None:
        raise Http404(_("Tautan dokumen tidak sah atau sudah kedaluwarsa."))
    return _file_response(item, f"{item.request.registration_number}-{item.pk}{item.extension}")


def dip_list(request):
    form = DipSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.public_register(q=filters.get("q", ""), category=filters.get("category", ""),
                                   jurisdiction_id=getattr(filters.get("jurisdiction"), "pk", None))
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    template = "ppid/dip.html#results" if request.htmx else "ppid/dip.html"
    return render(request, template, {"form": form, "page": page, "q": filters.get("q", "")})


def dip_document(request, pk):
    item = PublicInformationDocument.objects.select_related("item", "item__jurisdiction").filter(pk=pk).first()
    if item is None or item.item.is_exempt or not item.item.is_published or not item.file:
        raise Http404
    return _file_response(item, f"dip-{item.item_id}-{item.pk}{item.extension}")
