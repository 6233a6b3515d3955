"""JSON Lines for the dumpdata fallback, with times to the microsecond.

Django's encoder cuts datetimes and times to milliseconds; a restore must give back the exact
values (events are ordered by their timestamps). Registered as the serialisation format
"baruga_jsonl" by `baruga.security.databases`.
"""

import datetime

from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder


class PreciseJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(jsonl.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = PreciseJSONEncoder


Deserializer = jsonl.Deserializer
