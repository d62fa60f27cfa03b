"""The library's refusals: each a ComplianceError with its HTTP status and CLI exit code."""
from __future__ import annotations

from compliance.errors import InvalidInput, Refused


class Unauthenticated(Refused):
    """No bearer token, or one the library does not know."""

    key = "unauthenticated"
    http_status = 401

    def __init__(self):
        super().__init__(zh="需要登录：请提供有效的访问令牌（Authorization: Bearer …）",
                         en="sign-in required: give a valid access token (Authorization: Bearer …)")


class Forbidden(Refused):
    """The user's role or division does not allow the action; nothing was changed."""

    key = "forbidden"
    http_status = 403


class NotFound(InvalidInput):
    key = "not_found"
    http_status = 404


class BadRequest(InvalidInput):
    """A well-formed request with a value the library cannot accept (a field named)."""

    key = "bad_request"
    http_status = 422
