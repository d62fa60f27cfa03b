"""Build compliance/reference/data/articles.yaml: the text of every article the rules (and their
parameters) cite, verbatim from the published texts, each document naming its source.

    PYTHONPATH=. python tools/make_articles.py --policy /work/shared/policy \
        --laws /work/.mirror/LawRefBook+Laws/repo --meas /work/.mirror/knifesoft+isostds/repo

Sources: the two policy documents as published (the policy folder); the national statutes from the
public repository LawRefBook/Laws; the CCER measures (令第31号) from knifesoft/isostds
(docs/carbon/method-of-trade.md). Both repositories are read at their checked-out commit, which is
written into the file. Only formatting is touched: Markdown bold and indentation removed; in the
PDF-extracted policy texts, line breaks inside a paragraph (page layout) are joined.
Documents without a text here are listed under ``unavailable`` with the reason.
"""
from __future__ import annotations

import argparse
import re
import subprocess
from pathlib import Path

import yaml

from compliance.reference.articles import NUM, SICHUAN, units

HUNAN = "湘林基〔2025〕5号"
MEAS = "温室气体自愿减排交易管理办法（试行）"
LAWS = {   # document as the rules cite it -> (title, files in LawRefBook/Laws)
    "农村土地承包法": ("中华人民共和国农村土地承包法（2018年修正）", ["民法商法/农村土地承包法(2018-12-29).md"]),
    "森林法": ("中华人民共和国森林法（2019年修订）", ["经济法/森林法(2019-12-28).md"]),
    "草原法": ("中华人民共和国草原法（2021年修正）", ["经济法/草原法(2021-04-29).md"]),
    "行政处罚法": ("中华人民共和国行政处罚法（2021年修订）", ["行政法/行政处罚法(2021-01-22).md"]),
    "中华人民共和国测绘法": ("中华人民共和国测绘法（2017年修订）", ["行政法/测绘法(2017-04-27).md"]),
    "民法典": ("中华人民共和国民法典", ["民法典/总则.md", "民法典/物权编.md", "民法典/合同编.md", "民法典/附则.md"]),
    "法释〔2022〕16号": ("最高人民法院关于审理森林资源民事纠纷案件适用法律若干问题的解释（法释〔2022〕16号）",
                      ["司法解释/最高人民法院关于审理森林资源民事纠纷案件适用法律若干问题的解释(2022-06-13).md"]),
}
UNAVAILABLE = {
    "温室气体自愿减排项目方法学 造林碳汇（CCER-14-001-V01）":
        "方法学全文（生态环境部 2023年10月24日发布）不在本产品可用的公开文本来源中；引用按章节编号，请查阅生态环境部发布的原文。"
        " / The methodology (MEE, 2023-10-24) is not among the public text sources available to the product; "
        "it is cited by section number -- read the text MEE published.",
    "温室气体自愿减排项目方法学 红树林营造（CCER-14-002-V01）":
        "方法学全文（生态环境部 2023年10月24日发布）不在本产品可用的公开文本来源中。"
        " / The methodology (MEE, 2023-10-24) is not among the public text sources available to the product.",
    "GB/T 26424-2010 森林资源规划设计调查技术规程":
        "国家标准文本由标准出版机构发行，不随本产品分发；引用其小班区划与面积求算的要求。"
        " / A national standard distributed by its publisher, not shipped with the product; the rules cite its "
        "小班 delineation and area requirements.",
    "GB/T 2260 中华人民共和国行政区划代码":
        "国家标准文本由标准出版机构发行，不随本产品分发；规则引用其县级区划代码（本产品的区划参考数据见 reference/data/divisions.csv）。"
        " / A national standard distributed by its publisher, not shipped with the product; the rules cite its county "
        "codes (the product's division reference data is reference/data/divisions.csv).",
    "提交格式 forest-carbon-submission/1":
        "不是法律条文：本产品提交格式自身的字段（见 compliance schema 与 SUBMISSION 文档）。"
        " / Not a legal text: a field of the product's own submission format (see compliance schema).",
}
_HEAD = re.compile(rf"^(#+\s|第[{NUM}]+[章节](\s|$))")
_ART = re.compile(rf"^\**第([{NUM}]+)条\**[\s\u3000]*")


def cited() -> dict[str, set[str]]:
    """document -> the units the rule base cites (rules, their other citations, parameters)."""
    from compliance.checker import all_params
    from compliance.checker.pipeline import all_rules
    from compliance.rules.portfolio import PORTFOLIO_RULES

    cites = []
    for r in [*all_rules(), *PORTFOLIO_RULES]:
        cites += [r.citation, *r.also_cites, *[c for _, c in r.cites_by_fact]]
    cites += [p.citation for p in all_params().values()]
    out: dict[str, set[str]] = {}
    for c in cites:
        out.setdefault(c.document, set()).update(units(c.document, c.article))
    return out


def by_article(text: str, *, join_lines: bool = False) -> dict[str, str]:
    """第N条 -> its text (paragraphs joined by newlines) from a document written article by article."""
    out: dict[str, list[str]] = {}
    current = None
    for raw in text.splitlines():
        line = raw.strip().strip("\u3000").strip()
        if not line or line == "<!-- INFO END -->":
            continue
        if _HEAD.match(line):
            current = None
            continue
        m = _ART.match(line)
        if m:
            current = f"第{m.group(1)}条"
            out[current] = [f"{current} {line[m.end():].replace('**', '').strip()}".rstrip()]
        elif current is not None:
            line = line.replace("**", "")
            if join_lines and not re.match(r"^[（(][一二三四五六七八九十]+[）)]", line):
                out[current][-1] += line
            else:
                out[current].append(line)
    return {k: "\n".join(v) for k, v in out.items()}


def sichuan_sections(text: str) -> dict[str, str]:
    """六 / 六(四) -> its text: the section heading and, per subsection, its heading and body, with
    the PDF's line breaks inside paragraphs joined."""
    lines = [ln.strip() for ln in text.splitlines()]
    start = next(i for i, ln in enumerate(lines) if ln.startswith("一、"))
    sections: dict[str, list[str]] = {}
    subs: dict[str, list[str]] = {}
    sec = sub = None
    for ln in lines[start:]:
        if not ln:
            continue
        m = re.match(r"^([一二三四五六七八九十]+)、(.*)$", ln)
        s = re.match(r"^（([一二三四五六七八九十]+)）(.*)$", ln)
        if m:
            sec, sub = m.group(1), None
            sections[sec] = [ln]
            continue
        if s and sec is not None:
            sub = f"{sec}({s.group(1)})"
            subs[sub] = [ln, ""]
            sections[sec].append(ln)
            continue
        if sub is not None:
            subs[sub][-1] += ln
            sections[sec][-1] = sections[sec][-1]
    out = {k: "\n".join(x for x in v if x) for k, v in subs.items()}
    for k, v in sections.items():
        body = [v[0]]
        for key in [x for x in subs if x.startswith(f"{k}(")]:
            body.append(out[key])
        out[k] = "\n".join(body)
    return out


def notice(text: str) -> str:
    """The issuing notice at the head of a policy text, up to its date (line breaks of the PDF joined)."""
    out = []
    for ln in text.splitlines():
        ln = ln.strip()
        if not ln:
            continue
        out.append(ln)
        if re.search(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$", ln):
            break
    # one paragraph per sentence block: the PDF's line breaks joined, a break after 。：, the title and the number
    paras, cur = [], ""
    for ln in out[:-1]:
        cur += ln
        if cur.endswith(("。", "：", "通知")) or "〔" in ln:
            paras.append(cur)
            cur = ""
    if cur:
        paras.append(cur)
    return "\n".join([*paras, out[-1]])


def git_show(repo: Path, path: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "show", f"HEAD:{path}"], check=True, capture_output=True).stdout.decode("utf-8")


def git_head(repo: Path) -> str:
    return subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--policy", type=Path, required=True)
    ap.add_argument("--laws", type=Path, required=True, help="a checkout (or bare mirror) of LawRefBook/Laws")
    ap.add_argument("--meas", type=Path, required=True, help="a checkout (or bare mirror) of knifesoft/isostds")
    ap.add_argument("-o", "--out", type=Path, default=Path("compliance/reference/data/articles.yaml"))
    args = ap.parse_args()
    want = cited()
    laws_commit, meas_commit = git_head(args.laws), git_head(args.meas)
    sources = {
        "hunan": {"text": "湖南省林业局《关于印发〈湖南省林业碳汇资源管理办法（试行）〉的通知》湘林基〔2025〕5号，"
                          "公布文本（policy/000_9ce3a52cf22b115c.txt）"},
        "sichuan": {"text": "四川省林业和草原局、四川省生态环境厅《深入推进林草碳普惠机制建设的指导意见》川林发〔2024〕3号，"
                            "公布文本（policy/003_a7d2190afd222665.txt；PDF 换行已合并）"},
        "meas": {"text": f"生态环境部 市场监管总局令第31号，github.com/knifesoft/isostds docs/carbon/method-of-trade.md @ {meas_commit}"},
        "laws": {"text": f"github.com/LawRefBook/Laws @ {laws_commit}"},
    }
    documents: dict[str, dict] = {}

    def take(doc: str, title: str, source: str, table: dict[str, str], files: list[str] | None = None):
        units_wanted = sorted(want.get(doc, ()), key=lambda u: list(table).index(u) if u in table else 10_000)
        missing = [u for u in units_wanted if u not in table]
        if missing:
            raise SystemExit(f"{doc}: no text for {missing}")
        entry = {"title": title, "source": source}
        if files:
            entry["files"] = files
        entry["articles"] = {u: table[u] for u in units_wanted}
        documents[doc] = entry

    take(HUNAN, "湖南省林业碳汇资源管理办法（试行）", "hunan",
         by_article((args.policy / "000_9ce3a52cf22b115c.txt").read_text(encoding="utf-8")))
    sichuan = (args.policy / "003_a7d2190afd222665.txt").read_text(encoding="utf-8")
    take(SICHUAN, "深入推进林草碳普惠机制建设的指导意见", "sichuan",
         {**sichuan_sections(sichuan), "印发日期": notice(sichuan)})
    take(MEAS, "温室气体自愿减排交易管理办法（试行）", "meas", by_article(git_show(args.meas, "docs/carbon/method-of-trade.md")))
    for doc, (title, files) in LAWS.items():
        table: dict[str, str] = {}
        for f in files:
            table.update(by_article(git_show(args.laws, f)))
        take(doc, title, "laws", table, files)
    uncovered = set(want) - set(documents) - set(UNAVAILABLE)
    if uncovered:
        raise SystemExit(f"cited documents with neither a source nor a reason: {sorted(uncovered)}")
    data = {"sources": sources, "documents": documents,
            "unavailable": {d: {"reason": r} for d, r in UNAVAILABLE.items() if d in want}}
    head = ("# The article texts the rules cite, verbatim from the published texts (built by tools/make_articles.py;\n"
            "# re-run it after a rule cites a new article). Keys: the document and the article (第N条) or section\n"
            "# (六(四)) as the rules' citations name them; `unavailable`: cited documents without a text here, and why.\n")
    args.out.write_text(head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
    n = sum(len(d["articles"]) for d in documents.values())
    print(f"{args.out}: {n} texts of {len(documents)} documents; {len(data['unavailable'])} documents unavailable")


if __name__ == "__main__":
    main()
