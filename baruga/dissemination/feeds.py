"""The newsroom's feeds: RSS 2.0 and Atom (Django's syndication framework) and JSON Feed 1.1.

The same 30 latest published items, newest first; an item's link is its newsroom page, its
description the summary. `?jenis=<kind>` narrows a feed to one kind (siaran_pers, berita, …).
"""

from django.contrib.syndication.views import Feed
from django.http import JsonResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from baruga.dissemination import selectors
from baruga.lib.siteurl import absolute_url

LIMIT = 30
TITLE = "Siaran pers Baruga"


class NewsroomRss(Feed):
    feed_type = Rss201rev2Feed
    language = "id"

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return request.GET.get("jenis", "")

    def title(self, obj):
        return _("Siaran pers dan berita pemerintah daerah")

    def description(self, obj):
        return _("Siaran pers, berita, infografis dan video terbaru dari unit komunikasi publik dan OPD.")

    def link(self, obj):
        return reverse("dissemination:list")

    def items(self, obj):
        return selectors.published(kind=obj)[:LIMIT]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return reverse("dissemination:detail", args=[item.slug])

    def item_guid(self, item):
        return absolute_url(reverse("dissemination:detail", args=[item.slug]), self.request)

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.publisher_name

    def item_categories(self, item):
        return [item.get_kind_display()]


class NewsroomAtom(NewsroomRss):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


def json_feed(request):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    kind = request.GET.get("jenis", "")
    items = []
    for item in selectors.published(kind=kind)[:LIMIT]:
        url = absolute_url(reverse("dissemination:detail", args=[item.slug]), request)
        items.append({
            "id": url, "url": url, "title": item.title, "summary": item.summary, "content_text": item.body,
            "date_published": item.published_at.isoformat(), "date_modified": item.updated_at.isoformat(),
            "authors": [{"name": item.publisher_name}], "tags": [item.get_kind_display()], "language": "id",
        })
    data = {
        "version": "https://jsonfeed.org/version/1.1", "title": _("Siaran pers dan berita pemerintah daerah"),
        "home_page_url": absolute_url(reverse("dissemination:list"), request),
        "feed_url": absolute_url(request.get_full_path(), request), "language": "id", "items": items,
    }
    return JsonResponse(data, content_type="application/feed+json; charset=utf-8",
                        json_dumps_params={"ensure_ascii": False})
