"""`AnyOf`: "this column is one of these values", sent to PostgreSQL as one array parameter.

`filter(pk__in=[…1,000 ids…])` sends a thousand parameters: Django prepares each one and psycopg quotes
each one into the statement, which cost more than the query itself when a CKAN page of 1,000 datasets
read its tags, groups and resources by dataset id (docs/satudata.md, "Performance"). `AnyOf` writes
`col = ANY(%s)` with the values as one list (psycopg sends it as an array); other databases get the usual
`IN (…)`. Use it as a filter expression:

    Resource.objects.filter(AnyOf(F("dataset_id"), ids))
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import Lookup


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        return list(self.rhs)

    def _values(self, connection):
        values = [self.lhs.output_field.get_db_prep_value(value, connection) for value in self.rhs]
        if not values:
            raise EmptyResultSet  # nothing can match an empty list: Django answers without a query
        return values

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        values = self._values(connection)
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", (*params, *values)

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*params, self._values(connection))
