import json

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ceiling.models import Row


@csrf_exempt
@require_POST
def insert(request):
    data = json.loads(request.body)
    row = Row.objects.create(title=str(data.get("title", ""))[:150], body=str(data.get("body", "")))
    return JsonResponse({"id": row.pk}, status=201)


urlpatterns = [path("insert/", insert)]
