"""The newsroom (/siaran-pers/): the list and pages of published releases, their files, and the
journalists' e-mail subscription (double opt-in, unsubscribe link). Works without JavaScript."""

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from baruga.directory.models import Jurisdiction
from baruga.dissemination import actions, selectors
from baruga.dissemination.forms import SubscribeForm
from baruga.dissemination.models import PublicationAttachment, PublicationKind, PublicationState
from baruga.lib.siteurl import absolute_url
from baruga.lib.ratelimits import limited


def newsroom(request):
    kind = request.GET.get("jenis", "")
    code = request.GET.get("wilayah", "")
    jurisdiction = Jurisdiction.objects.filter(code=code).first() if code else None
    page = Paginator(selectors.published(kind=kind, jurisdiction=jurisdiction), 10).get_page(request.GET.get("page"))
    return render(request, "dissemination/newsroom.html", {
        "page": page, "kind": kind if kind in PublicationKind.values else "", "kinds": PublicationKind.choices,
        "jurisdiction": jurisdiction,
    })


def news_article(publication, request=None):
    """schema.org NewsArticle of a published publication, as JSON-LD."""
    url = absolute_url(reverse("dissemination:detail", args=[publication.slug]), request)
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": publication.title[:110],
        "description": publication.summary, "articleBody": publication.body, "url": url,
        "mainEntityOfPage": url, "inLanguage": "id-ID",
        "datePublished": publication.published_at.isoformat(),
        "dateModified": publication.updated_at.isoformat(),
        "author": {"@type": "GovernmentOrganization", "name": publication.publisher_name},
        "publisher": {"@type": "GovernmentOrganization", "name": publication.jurisdiction.name},
        "articleSection": publication.get_kind_display(),
    }
    images = [absolute_url(reverse("dissemination:attachment", args=[a.pk]), request)
              for a in publication.attachments.all() if a.is_image]
    if images:
        data["image"] = images
    # Nothing in the text can end or confuse the script element (as Django's json_script does).
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace(
        "&", "\\u0026")


def detail(request, slug):
    publication = selectors.get_published(slug)
    if publication is None:
        raise Http404(_("Siaran pers tidak ditemukan atau sudah ditarik."))
    return render(request, "dissemination/detail.html", {
        "publication": publication, "json_ld": news_article(publication, request),
        "attachments": list(publication.attachments.all()),
    })


def attachment(request, pk):
    item = PublicationAttachment.objects.select_related("publication").filter(pk=pk).first()
    if item is None or item.publication.state != PublicationState.PUBLISHED:
        raise Http404
    ext = ".pdf" if item.content_type == "application/pdf" else "." + item.content_type.split("/")[-1]
    response = FileResponse(item.file.open("rb"), content_type=item.content_type,
                            as_attachment=not item.is_image, filename=f"lampiran-{item.pk}{ext}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@limited("subscribe", methods=("POST",))
def subscribe(request):
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.subscribe(email=form.cleaned_data["email"], outlet=form.cleaned_data["outlet"])
        except actions.ActionError as exc:
            form.add_error("email", exc)
        else:
            return redirect("dissemination:subscribe_sent")
    return render(request, "dissemination/subscribe.html", {"form": form})


def subscribe_sent(request):
    return render(request, "dissemination/message.html", {
        "title": _("Periksa kotak masuk e-mail Anda"),
        "text": _("Kami mengirim tautan konfirmasi. Langganan baru aktif setelah Anda membuka tautan itu."),
    })


def confirm(request, token):
    try:
        actions.confirm(token=token)
    except actions.ActionError as exc:
        return render(request, "dissemination/message.html", {"title": _("Konfirmasi gagal"), "text": exc.messages[0]},
                      status=400)
    return render(request, "dissemination/message.html", {
        "title": _("Langganan aktif"),
        "text": _("Terima kasih. Siaran pers baru akan dikirim ke e-mail Anda; setiap e-mail memuat tautan untuk "
                  "berhenti berlangganan."),
    })


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows a button (link scanners in mail systems must not unsubscribe anyone); POST unsubscribes."""
    if actions._token_id(token, confirm=False) is None:
        return render(request, "dissemination/message.html", {
            "title": _("Tautan tidak sah"), "text": _("Tautan berhenti berlangganan tidak sah.")}, status=400)
    if request.method == "POST":
        actions.unsubscribe(token=token)
        messages.success(request, _("Anda sudah berhenti berlangganan siaran pers."))
        return redirect("dissemination:list")
    return render(request, "dissemination/unsubscribe.html", {"token": token})
