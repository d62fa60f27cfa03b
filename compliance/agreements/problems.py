"""Why a draft was refused: problems that name the field, in Chinese and English."""
from __future__ import annotations

from compliance.errors import InternalFailure, Refused

import errno
from dataclasses import dataclass, field

_OS_ZH = {
    errno.EACCES: "权限不足", errno.EPERM: "不允许该操作", errno.ENAMETOOLONG: "文件名过长",
    errno.ENOSPC: "磁盘空间不足", errno.EROFS: "只读文件系统", errno.ENOTDIR: "路径中有一部分不是目录",
    errno.EISDIR: "是目录", errno.EEXIST: "已存在", errno.ENOENT: "不存在", errno.EDQUOT: "超出磁盘配额",
}


def os_reason(e: OSError) -> tuple[str, str]:
    """Why a file operation failed, in Chinese and English (the OS text only says it in English)."""
    en = e.strerror or str(e)
    return _OS_ZH.get(e.errno, en), en


@dataclass
class Problem:
    """One reason not to draft (or a template defect), pointing at the field to fix."""

    path: str                 # agreements[1].price, rights_holders[0].address, transfer.docx …
    zh: str
    en: str
    category: str = "data"    # data | shares | parties | term | crediting | consent | template | verify | pdf
    rule: str = ""            # the rule this check stands in for, when a rule exists for it

    def message(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en

    def render(self, lang: str = "zh") -> str:
        where = self.path or ("（文件）" if lang == "zh" else "(file)")
        return f"{where}: {self.message(lang)}"

    def as_dict(self, lang: str = "zh") -> dict:
        return {"path": self.path, "message": self.message(lang), "category": self.category, "rule": self.rule or None}


class DraftError(Refused):
    """Drafting was refused or failed; nothing was left in the output directory.

    ``code`` is the CLI exit status: 1 refused / failed verification, 2 invalid input or usage.
    ``findings`` are checker findings (agreement rules) that blocked drafting.
    """

    def __init__(self, headline: tuple[str, str], problems: list[Problem] | None = None,
                 findings: list | None = None, code: int = 1):
        self.headline = headline
        self.problems = list(problems or [])
        self.findings = list(findings or [])
        self.code = self.exit_code = code   # 1 refused, 2 invalid input, 3 not completed (see errors.py)
        if code == 3:        # the product could not complete: not a refusal (a 500, never a 409)
            self.key, self.http_status = InternalFailure.key, InternalFailure.http_status
        Exception.__init__(self, self.render("en"))
        self.detail, self.zh, self.en = "", None, None

    def render(self, lang: str = "zh") -> str:
        lines = [self.headline[0] if lang == "zh" else self.headline[1]]
        for f in self.findings:
            lines.append(f"  - [{f.rule}] {f.path}: {f.message(lang)}")
            fix = f.fix(lang)
            if fix:
                lines.append(f"      → {fix}")
        for p in self.problems:
            lines.append(f"  - {p.render(lang)}")
        return "\n".join(lines)


@dataclass
class Collector:
    problems: list[Problem] = field(default_factory=list)

    def add(self, path: str, zh: str, en: str, category: str = "data", rule: str = "") -> None:
        self.problems.append(Problem(path, zh, en, category, rule))

    def __bool__(self) -> bool:
        return bool(self.problems)
