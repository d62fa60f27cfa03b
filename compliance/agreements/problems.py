"""Why a draft was refused: problems that name the field, in Chinese and English."""
from __future__ import annotations

from dataclasses import dataclass, field


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


class DraftError(Exception):
    """Drafting was refused or failed; nothing was left in the output directory.

    ``code`` is the CLI exit status: 1 refused / failed verification, 2 invalid input or usage.
    ``findings`` are checker findings (agreement rules) that blocked drafting.
    """

    def __init__(self, headline: tuple[str, str], problems: list[Problem] | None = None,
                 findings: list | None = None, code: int = 1):
        self.headline = headline
        self.problems = list(problems or [])
        self.findings = list(findings or [])
        self.code = code
        super().__init__(self.render("en"))

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
