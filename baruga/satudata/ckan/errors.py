"""CKAN's error types and their HTTP statuses (ckan/views/api.py)."""


class CkanError(Exception):
    status = 500
    type = "Internal Server Error"

    def __init__(self, message="", **fields):
        super().__init__(message)
        self.message = message
        self.fields = fields

    def body(self):
        out = {"__type": self.type}
        if self.message:
            out["message"] = self.message
        out.update(self.fields)
        return out


class NotFound(CkanError):
    status = 404
    type = "Not Found Error"


class NotAuthorized(CkanError):
    status = 403
    type = "Authorization Error"


class ValidationError(CkanError):
    """Field messages as lists: {"name": ["…"]} (CKAN's error_dict)."""

    status = 409
    type = "Validation Error"

    def __init__(self, errors, message=""):
        super().__init__(message, **errors)


class SearchQueryError(CkanError):
    status = 400
    type = "Search Query Error"


class BadRequest(CkanError):
    """Unknown action, unreadable body: CKAN answers 400 with a bare message."""

    status = 400
    type = "Bad Request"

    def body(self):
        return {"message": self.message, "__type": self.type}
