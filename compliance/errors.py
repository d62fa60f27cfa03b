"""One error type for the whole product, so every surface (CLI, HTTP service) maps failures the same way.

``ComplianceError`` carries an ``exit_code`` (the CLI's exit status) and a message ``key``; each family
(invalid submission, register refusal, drafting, engine) subclasses one of the three kinds below.
``render(lang)`` gives the user-facing text in Chinese (default) or English.
"""
from __future__ import annotations

# key -> (zh, en) for the generic messages of this module
_TEXT = {
    "internal": ("内部错误，操作未完成：{detail}", "internal failure, nothing was completed: {detail}"),
    "invalid_input": ("输入无效：{detail}", "invalid input: {detail}"),
    "refused": ("已拒绝：{detail}", "refused: {detail}"),
}


class ComplianceError(Exception):
    """Base of every failure a user may see; never a traceback."""

    exit_code: int = 3
    key: str = "internal"
    http_status: int = 500

    def __init__(self, detail: str = "", *, key: str | None = None, zh: str | None = None, en: str | None = None):
        if key is not None:
            self.key = key
        self.detail = detail
        self.zh, self.en = zh, en
        super().__init__(en or detail or self.key)

    def render(self, lang: str = "zh") -> str:
        if lang == "en" and self.en:
            return self.en
        if lang != "en" and self.zh:
            return self.zh
        pair = _TEXT.get(self.key)
        if pair is None:
            return self.detail or self.key
        return pair[1 if lang == "en" else 0].format(detail=self.detail)

    def lines(self, lang: str = "zh") -> list[str]:
        """The message as lines (families with several problems override this)."""
        return [self.render(lang)]


class InvalidInput(ComplianceError):
    """The input (file, option, field) is not acceptable; nothing was done. Exit 2."""

    exit_code = 2
    key = "invalid_input"
    http_status = 422


class Refused(ComplianceError):
    """The request was understood but refused (blocking findings, a draft that cannot be signed). Exit 1."""

    exit_code = 1
    key = "refused"
    http_status = 409


class InternalFailure(ComplianceError):
    """The product could not complete (rule base, engine, register integrity). Exit 3."""

    exit_code = 3
    key = "internal"
    http_status = 500


class UnexpectedFailure(InternalFailure):
    """Anything that is not a ComplianceError, caught where the product meets its user (the CLI's
    ``@command``, the service's handler): reported as an internal failure, in the user's language."""

    def __init__(self, cause: BaseException):
        self.cause = cause
        super().__init__(f"{type(cause).__name__}: {cause}")
