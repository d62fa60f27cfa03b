"""Forest-land transfer law (LAW-): every resource-transfer agreement, in every province and mechanism.

Sources, each read in the official text (mirror ``LawRefBook/Laws``; 民法典 in ``Theonefkguy/Chinese-Laws``):
  农村土地承包法 (2018 amendment, in force 2019-01-01) 第三十六条、第三十八条、第四十条、第五十二条;
  森林法 (2019 revision, in force 2020-07-01) 第十八条、第十九条;
  民法典 (in force 2021-01-01) 第一百六十五条、第一百七十一条、第四百七十条、第七百零五条、第一千二百五十九条;
  最高人民法院关于审理森林资源民事纠纷案件适用法律若干问题的解释 法释〔2022〕16号 (in force 2022-06-15)
  第三条、第五条、第十一条、第十二条.

LAW-void-procedure (RULES.md: "in the message") is not a rule of its own: the consent rules say in their
message whether the contract is void, and only where the law says so — 法释〔2022〕16号第五条 voids a
collective forest-land contracting contract that skipped the democratic procedure (2/3 consent), while
its 第三条 says a missing approval (the township's) does not by itself make the contract void, and a
household plot signed for without entrustment is unauthorised agency (民法典第一百七十一条: not binding
on the household unless ratified), not a void contract.

Tripartite agreements that carry transfer content (transferors or plots) are judged as transfer agreements.

Collective consent differs by land type (LAW-collective-consent cites per case of fact):
  forest land run by the collective — 森林法第十八条: 2/3 of the 村民会议 or representatives and a public notice,
    for any transfer;
  collective grassland (集体草原) — 草原法第十三条第三款: when it is contracted to (承包经营 by) a unit or person
    outside the collective, 2/3 of the 村（牧）民会议 or of the 村（牧）民代表 and the township government's
    approval. The product reads any transfer of the management of collectively run grassland to an outsider
    as such contracting;
  collectively run wetland — 农村土地承包法第五十二条: contracted to an outsider, 2/3 consent (the township
    approval is LAW-outsider's).
农村土地承包法第四十条, 森林法第十九条 and 民法典第四百七十条 say a contract 一般包括 its clauses: a missing clause
is a warning; the written form (书面合同, 第四十条) is the mandatory part.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Optional

from compliance.rules.facts import Context, day, iso
from compliance.reference.vocab import AgreementKind, Clause, LandType, PartyKind, Severity, Tenure, TransferMode
from .base import OPEN_END, Case, Citation, F, Jurisdiction, P, Ruleset, param, rule, fact_kind
from ._periods import period_years_begun

RCLL = "农村土地承包法"
FL = "森林法"
GL = "草原法"
CC = "民法典"
SPCF = "法释〔2022〕16号"


def rcll(article: str) -> Citation:
    return Citation(RCLL, article)


def fl(article: str) -> Citation:
    return Citation(FL, article)


def cc(article: str) -> Citation:
    return Citation(CC, article)


def spcf(article: str) -> Citation:
    return Citation(SPCF, article, "primary", "最高人民法院关于审理森林资源民事纠纷案件适用法律若干问题的解释")


RCLL_FROM = dt.date(2019, 1, 1)     # 2018 amendment in force
FL_FROM = dt.date(2020, 7, 1)       # 森林法第八十四条
CC_FROM = dt.date(2021, 1, 1)       # 民法典第一千二百六十条
WINDOW = (RCLL_FROM, OPEN_END)
NATIONWIDE = Jurisdiction()
ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

PARAMS = [
    param("LAW.consent_share", 2 / 3, RCLL_FROM,
          Citation(FL, "第十八条", "primary", "同农村土地承包法第五十二条；“以上”包括本数（民法典第一千二百五十九条）"),
          "村民会议成员或村民代表同意的最低比例（三分之二以上，含本数）",
          "minimum share of the villagers' meeting or representatives consenting (two thirds or more)"),
    param("LAW.lease_max_years", 20, CC_FROM, cc("第七百零五条"),
          "租赁期限上限（超过部分无效；恰为二十年不超过）", "longest lease term (the excess is void; exactly 20 years is not over)", "年"),
]

# 农村土地承包法第四十条 lists the clauses a transfer contract "generally includes"; 森林法第十九条 adds the
# disposal of trees on expiry; 民法典第四百七十条 the way disputes are resolved.
REQUIRED_CLAUSES: tuple[tuple[Clause, str, str], ...] = (
    (Clause.PARTIES, "农村土地承包法第四十条第（一）项", "RCLL art. 40(1)"),
    (Clause.LOCATION_AREA, "农村土地承包法第四十条第（二）项", "RCLL art. 40(2)"),
    (Clause.TERM, "农村土地承包法第四十条第（三）项", "RCLL art. 40(3)"),
    (Clause.USE, "农村土地承包法第四十条第（四）项", "RCLL art. 40(4)"),
    (Clause.RIGHTS_OBLIGATIONS, "农村土地承包法第四十条第（五）项", "RCLL art. 40(5)"),
    (Clause.PRICE_PAYMENT, "农村土地承包法第四十条第（六）项", "RCLL art. 40(6)"),
    (Clause.EXPROPRIATION, "农村土地承包法第四十条第（七）项", "RCLL art. 40(7)"),
    (Clause.EXPIRY_DISPOSAL, "森林法第十九条", "Forest Law art. 19"),
    (Clause.BREACH, "农村土地承包法第四十条第（八）项", "RCLL art. 40(8)"),
    (Clause.DISPUTE, "民法典第四百七十条第（八）项", "Civil Code art. 470(8)"),
)
LEASE_MODES = (TransferMode.LEASE, TransferMode.SUBCONTRACT)    # 农村土地承包法第三十六条: 出租（转包）

VOID_CONTRACTING_ZH = ("依法释〔2022〕16号第五条，以违反法律规定的民主议定程序为由主张集体林地承包合同无效的，人民法院应予支持："
                       "本合同可被确认无效（一审法庭辩论终结前依法补正，或承包方已合理审查决议、不知其系伪造且已大量投入的除外）")
VOID_CONTRACTING_EN = ("under 法释〔2022〕16号 art. 5 a court holds a collective forest-land contracting contract void when the statutory "
                       "democratic procedure was skipped: this contract can be declared void (unless cured before the end of first-instance "
                       "argument, or the contractor reasonably checked a forged resolution and invested heavily)")
VOID_TRANSFER_ZH = ("法释〔2022〕16号第五条规定违反民主议定程序的集体林地承包合同无效；以出租、入股等方式流转集体统一经营林地而未履行森林法第十八条程序的，"
                    "合同同样面临被认定无效的风险（一审法庭辩论终结前依法补正的除外）")
VOID_TRANSFER_EN = ("法释〔2022〕16号 art. 5 voids collective forest-land contracting contracts that skipped the democratic procedure; a lease or "
                    "other transfer of collectively run forest land without the Forest Law art. 18 procedure runs the same risk of being held "
                    "void (unless cured before the end of first-instance argument)")


@dataclass
class TransferView:
    """What the transfer rules read from a transfer or tripartite agreement."""

    index: int
    kind: AgreementKind
    transferors: list[str]
    transferee: str
    mode: Optional[TransferMode]
    plots: list[str]
    term: Optional[object]
    signed: Optional[dt.date]
    consent: Optional[object]
    township_approval: Optional[object]
    entrustments: list
    signatory: Optional[str]
    clauses: list
    written: bool = True


def transfer_views(sub) -> list[TransferView]:
    """Every agreement that transfers resource rights: transfer agreements and tripartite agreements."""
    holders = {p.id for p in sub.rights_holders}
    out = []
    for i, a in enumerate(sub.agreements):
        if a.kind is AgreementKind.TRANSFER:
            transferors, plots, transferee = list(a.transferors), list(a.plots), a.transferee
        elif a.kind is AgreementKind.TRIPARTITE:
            # a tripartite agreement stands for the transfer agreement too (第十五条); without a plot
            # list it covers every plot, as the Hunan rules read it
            transferors = list(a.transferors) or [p for p in a.parties if p in holders]
            plots = list(a.plots) or [p.id for p in sub.plots]
            transferee = a.transferee or sub.developer.id
        else:
            continue
        out.append(TransferView(i, a.kind, transferors, transferee, a.mode, plots, a.term, a.signed, a.consent,
                                a.township_approval, list(a.household_entrustments), a.signatory, list(a.clauses),
                                getattr(a, "written", True)))
    return out


def _consent_share(ctx: Context):
    """The declared consent share in force on the as-of date (before the law: its first declared value)."""
    if "LAW.consent_share" in ctx.params:
        return ctx.params["LAW.consent_share"]
    declared = next(p for p in PARAMS if p.name == "LAW.consent_share")
    return declared.versions[0][1]


def derive(ctx: Context) -> list[dict]:
    sub = ctx.sub
    pr = sub.project
    parties = sub.parties()
    plot_index = sub.plot_index()
    cp = pr.crediting_period
    share = Fraction(_consent_share(ctx)).limit_denominator(100)
    facts: list[dict] = []
    for v in transfer_views(sub):
        path = f"agreements[{v.index}]"
        plots = [plot_index[pid] for pid in v.plots if pid in plot_index]
        collective_run = [p for p in plots if p.tenure is Tenure.COLLECTIVE_RUN]
        run_forest = [p for p in collective_run if p.land_type not in (LandType.GRASSLAND, LandType.WETLAND)]
        run_grass = [p for p in collective_run if p.land_type is LandType.GRASSLAND]
        run_wet = [p for p in collective_run if p.land_type is LandType.WETLAND]
        collective_owners = {p.holder for p in plots
                             if p.tenure is Tenure.COLLECTIVE_RUN
                             or (parties.get(p.holder) is not None and parties[p.holder].kind is PartyKind.COLLECTIVE)}
        tee = parties.get(v.transferee)
        if v.transferee in collective_owners:
            outsider, why_zh, why_en = False, "", ""
        elif tee is not None and tee.kind is PartyKind.INDIVIDUAL and tee.member_of in collective_owners:
            outsider, why_zh, why_en = False, "", ""
        elif tee is not None and tee.kind is PartyKind.INDIVIDUAL:
            outsider = True
            why_zh = "未记录为发包集体的成员（成员身份可在该当事人的 member_of 中记录）"
            why_en = "not recorded as a member of the contracting collective (record it in the party's member_of)"
        else:
            outsider = True
            why_zh = f"{tee.kind.zh if tee else '单位'}，不是本集体经济组织成员"
            why_en = f"{tee.kind.en if tee else 'unit'}, not a member of the collective"
        c = v.consent
        term = v.term
        contracting = v.mode is TransferMode.CONTRACTING
        facts.append({
            "kind": "law.agreement", "path": path,
            "agreement_zh": v.kind.zh, "agreement_en": v.kind.en, "signed_date": iso(v.signed),
            "mode": v.mode.value if v.mode else "", "mode_zh": v.mode.zh if v.mode else "未写明",
            "mode_en": v.mode.en if v.mode else "not stated",
            "is_lease": v.mode in LEASE_MODES, "contracting": contracting,
            "has_term": term is not None, "term_start": iso(term.start) if term else "", "term_end": iso(term.end) if term else "",
            "term_years_begun": period_years_begun(term.start, term.end) if term else -1,
            "has_collective": bool(collective_run),
            "collective_plots": "、".join(p.id for p in collective_run) or "—",
            "grass_wet_outsider": bool(run_grass or run_wet) and outsider,
            "written": v.written,
            "collective_land": bool(collective_owners),
            "has_consent": c is not None,
            "consent_body_zh": c.body.zh if c else "—", "consent_body_en": c.body.en if c else "-",
            "in_favour": c.in_favour if c else 0, "members": c.members if c else 0,
            "consent_share": (c.in_favour / c.members) if c else 0.0,
            "consent_text": f"{c.in_favour}/{c.members}" if c else "—",
            "consent_needed": math.ceil(c.members * share) if c else 0,
            "share_text": f"{share.numerator}/{share.denominator}",
            "has_notice": bool(c and c.notice),
            "consent_after_signing": bool(c and c.resolution_date and v.signed and c.resolution_date > v.signed),
            "resolution_date": iso(c.resolution_date) if c else "",
            "outsider": outsider, "outsider_zh": why_zh, "outsider_en": why_en,
            "transferee_name": tee.name if tee else v.transferee,
            "has_township_approval": v.township_approval is not None,
            "void_zh": VOID_CONTRACTING_ZH if contracting else VOID_TRANSFER_ZH,
            "void_en": VOID_CONTRACTING_EN if contracting else VOID_TRANSFER_EN,
        })

        # -- collective consent by land type (FL Art. 18; 草原法 Art. 13(3); RCLL Art. 52) -----------------
        groups = [("forest", run_forest, "集体统一经营的林地", "collectively run forest land", "村民会议", "villagers' meeting",
                   "森林法第十八条", "Forest Law art. 18", True, False, True)]
        if outsider:
            groups += [("grassland", run_grass, "集体草原", "collective grassland", "村（牧）民会议", "villagers' (herders') meeting",
                        "草原法第十三条第三款", "Grassland Law art. 13(3)", False, True, False),
                       ("wetland", run_wet, "集体统一经营的湿地", "collectively run wetland", "村民会议", "villagers' meeting",
                        "农村土地承包法第五十二条", "RCLL art. 52", False, False, False)]
        for key, group, land_zh, land_en, body_zh, body_en, basis_zh, basis_en, notice_needed, township_needed, void in groups:
            if not group:
                continue
            facts.append({
                "kind": "law.collective", "path": path, "cite": key,
                "agreement_zh": v.kind.zh, "agreement_en": v.kind.en,
                "land_zh": land_zh, "land_en": land_en, "meeting_zh": body_zh, "meeting_en": body_en,
                "representatives_zh": "村（牧）民代表" if key == "grassland" else "村民代表",
                "basis_zh": basis_zh, "basis_en": basis_en,
                "plots": "、".join(p.id for p in group), "transferee_name": tee.name if tee else v.transferee,
                "has_consent": c is not None, "consent_share": (c.in_favour / c.members) if c else 0.0,
                "consent_body_zh": c.body.zh if c else "—", "consent_body_en": c.body.en if c else "-",
                "consent_text": f"{c.in_favour}/{c.members}" if c else "—",
                "consent_needed": math.ceil(c.members * share) if c else 0, "members": c.members if c else 0,
                "share_text": f"{share.numerator}/{share.denominator}",
                "notice_needed": notice_needed, "has_notice": bool(c and c.notice),
                "township_needed": township_needed, "has_township_approval": v.township_approval is not None,
                "void_zh": (VOID_CONTRACTING_ZH if contracting else VOID_TRANSFER_ZH) if void else "",
                "void_en": (VOID_CONTRACTING_EN if contracting else VOID_TRANSFER_EN) if void else "",
            })

        # -- term per plot (RCLL Art. 38(3)) and the crediting period it secures ------------------------
        if term is not None:
            # the term fields depend on the plot only through its right's end and tenure: built once
            # per distinct pair, not once per plot
            by_right: dict[tuple, dict] = {}
            for j, pid in enumerate(v.plots):
                p = plot_index.get(pid)
                if p is None:
                    continue
                key = (p.right_term_end, p.tenure)
                rest = by_right.get(key)
                if rest is None:
                    secured_end = min(term.end, p.right_term_end) if p.right_term_end else term.end
                    rest = by_right[key] = {
                        "agreement_zh": v.kind.zh, "agreement_en": v.kind.en,
                        "term_start": iso(term.start), "term_start_day": day(term.start),
                        "term_end": iso(term.end), "term_end_day": day(term.end),
                        "has_right_end": p.right_term_end is not None,
                        "right_term_end": iso(p.right_term_end), "right_end_day": day(p.right_term_end),
                        "tenure_zh": p.tenure.zh, "tenure_en": p.tenure.en,
                        "has_crediting": cp is not None,
                        "crediting_start": iso(cp.start) if cp else "", "crediting_start_day": day(cp.start) if cp else -1,
                        "crediting_end": iso(cp.end) if cp else "", "crediting_end_day": day(cp.end) if cp else -1,
                        "secured_end": iso(secured_end), "secured_end_day": day(secured_end),
                        "term_exceeds": p.right_term_end is not None and term.end > p.right_term_end,
                        "covers": cp is None or (term.start <= cp.start and secured_end >= cp.end),
                    }
                facts.append({"kind": "law.plot_term", "path": f"{path}.plots[{j}]", "plot_id": pid, **rest})

        # -- household plots transferred by someone else (RCLL Art. 36; CC Art. 171) ---------------------
        by_holder: dict[str, list[str]] = {}
        for p in plots:
            if p.tenure is not Tenure.HOUSEHOLD:
                continue
            signed_for = p.holder not in v.transferors or (v.signatory is not None and v.signatory != p.holder)
            if signed_for:
                by_holder.setdefault(p.holder, []).append(p.id)
        for holder, pids in by_holder.items():
            if v.signatory and v.signatory != holder:
                signer = parties[v.signatory].name if v.signatory in parties else v.signatory
            else:
                signer = "、".join(parties[t].name if t in parties else t for t in v.transferors if t != holder) or "他人"
            facts.append({
                "kind": "law.household", "path": f"{path}.household_entrustments",
                "agreement_zh": v.kind.zh, "agreement_en": v.kind.en,
                "holder": holder, "holder_name": ctx.party_name(holder), "plot_ids": "、".join(pids),
                "signer_name": signer,
                "entrusted": any(e.holder == holder for e in v.entrustments),
            })

        # -- mandatory clauses (RCLL Art. 40; FL Art. 19; CC Art. 470) ----------------------------------
        present = set(v.clauses)
        if not v.written:
            facts.append({"kind": "law.clause", "path": f"{path}.written", "agreement_zh": v.kind.zh, "agreement_en": v.kind.en,
                          "clause": "written", "clause_zh": "书面形式", "clause_en": "written form",
                          "basis_zh": "农村土地承包法第四十条", "basis_en": "RCLL art. 40", "present": True, "written": False})
        for clause, basis_zh, basis_en in REQUIRED_CLAUSES:
            if clause not in present:
                facts.append({
                    "kind": "law.clause", "path": f"{path}.clauses", "agreement_zh": v.kind.zh, "agreement_en": v.kind.en,
                    "clause": clause.value, "clause_zh": clause.zh, "clause_en": clause.en,
                    "basis_zh": basis_zh, "basis_en": basis_en, "present": False, "written": True,
                })
    return facts


J = NATIONWIDE
VOID_ALSO = (spcf("第五条"),)
RULES = [
    rule("LAW-term", ("流转期限不超过承包（经营）期限", "transfer term within the holder's right term"),
         rcll("第三十八条第（三）项"), "law.plot_term", source="LAW", jurisdiction=J, window=(RCLL_FROM, OPEN_END),
         also_cites=(spcf("第十一条"), spcf("第十二条")),
         tags=("agreement",),
         cases=[
             Case("exceeds", (F.has_right_end == True) & (F.term_exceeds == True), ERROR,
                  "{agreement_zh}对地块 {plot_id} 的流转期限至 {term_end}，超过权利人的承包（经营）期限 {right_term_end}："
                  "流转期限不得超过承包期的剩余期限；超过部分对发包方不具有法律约束力（法释〔2022〕16号第十二条）",
                  "the {agreement_en} transfers plot {plot_id} until {term_end}, beyond the holder's right term ending {right_term_end}: "
                  "the transfer may not exceed the remaining contract term; the excess does not bind the collective (法释〔2022〕16号 art. 12)",
                  "将流转期限截止日改为 {right_term_end} 或之前；如承包期已依法延长，先更新权属证书再记录 right_term_end",
                  "end the transfer on or before {right_term_end}; if the contract term was extended, update the certificate and right_term_end first"),
             Case("unknown_right", F.has_right_end == False, WARNING,
                  "地块 {plot_id} 未记录承包（经营）期限届满日，无法核对{agreement_zh}的流转期限（至 {term_end}）是否超过剩余期限",
                  "plot {plot_id} records no end of the holder's right term, so the {agreement_en} term (until {term_end}) cannot be checked",
                  "按不动产权证书记录 plots[].right_term_end", "record plots[].right_term_end from the certificate"),
             Case("no_term", F.has_term == False, ERROR,
                  "{agreement_zh}没有记录流转期限和起止日期（农村土地承包法第四十条第（三）项）",
                  "the {agreement_en} records no transfer term with start and end dates (RCLL art. 40(3))",
                  "在 term 中填写流转起止日期", "record the term (start, end)", fact="law.agreement", at="term"),
         ]),
    rule("LAW-crediting-cover", ("流转取得的期限覆盖整个计入期", "the secured term covers the whole crediting period"),
         Citation(RCLL, "第三十八条第（三）项", "primary",
                  "该项限定流转期限不超过承包期剩余期限；须覆盖计入期系由方法学 2 b)（项目土地权属清晰、具有流转合同）和办法第十七条推出"),
         "law.plot_term", source="LAW", jurisdiction=J, window=(RCLL_FROM, OPEN_END),
         also_cites=(Citation("温室气体自愿减排项目方法学 造林碳汇（CCER-14-001-V01）", "2 b)"),
                     Citation("温室气体自愿减排交易管理办法（试行）", "第十七条第一款第（四）项")),
         tags=("agreement",),
         when=(F.has_crediting == True) & (F.covers == False),
         severity=ERROR,
         message=("地块 {plot_id} 经{agreement_zh}取得的经营期限为 {term_start}～{secured_end}（流转期限与承包期限取其短），未覆盖计入期 {crediting_start}～{crediting_end}",
                  "plot {plot_id}: the {agreement_en} secures {term_start}..{secured_end} (the shorter of transfer and right term), not the whole crediting period {crediting_start}..{crediting_end}"),
         fix=("延长流转期限（不超过承包期剩余期限）或缩短计入期，使流转期限覆盖整个计入期",
              "extend the transfer (within the remaining right term) or shorten the crediting period so that it is fully covered")),
    rule("LAW-collective-consent", ("集体统一经营的林地、集体草原、湿地流转经三分之二以上同意",
                                     "collectively run forest land, collective grassland and wetland: two-thirds consent"),
         fl("第十八条"), "law.collective", source="LAW", jurisdiction=J, window=(FL_FROM, OPEN_END),
         also_cites=(Citation(GL, "第十三条第三款"), rcll("第五十二条第一款"), *VOID_ALSO, cc("第一千二百五十九条")),
         cites_by_fact=(("forest", fl("第十八条")), ("grassland", Citation(GL, "第十三条第三款")),
                        ("wetland", rcll("第五十二条第一款"))),
         tags=("agreement",),
         cases=[
             Case("missing", F.has_consent == False, ERROR,
                  "{agreement_zh}流转{land_zh}（{plots}），未记录{meeting_zh} {share_text} 以上成员或者 {share_text} 以上{representatives_zh}的同意（{basis_zh}）。{void_zh}",
                  "the {agreement_en} transfers {land_en} ({plots}) with no recorded consent of {share_text} of the {meeting_en} or of the representatives ({basis_en}). {void_en}",
                  "召开{meeting_zh}或{representatives_zh}会议表决，在 consent 中记录表决机构、同意人数、应到人数和决议日期",
                  "hold the vote; record consent (body, in_favour, members, resolution_date)", at="consent"),
             Case("short", (F.has_consent == True) & (F.consent_share < P("LAW.consent_share")), ERROR,
                  "{land_zh}（{plots}）：{consent_body_zh}同意 {consent_text}，不足{share_text}（至少需 {consent_needed} 人同意；{basis_zh}）。{void_zh}",
                  "{land_en} ({plots}): {consent_body_en} consent {consent_text} is below {share_text} (at least {consent_needed} needed; {basis_en}). {void_en}",
                  "重新表决，取得至少 {consent_needed}/{members} 的同意", "vote again and obtain at least {consent_needed}/{members}",
                  at="consent.in_favour"),
             Case("no_notice", (F.notice_needed == True) & (F.has_consent == True) & (F.has_notice == False), ERROR,
                  "{consent_body_zh}表决（{consent_text}）未记录公示（{basis_zh}要求同意并公示）。{void_zh}",
                  "the {consent_body_en} vote ({consent_text}) has no recorded public notice ({basis_en} requires consent and notice). {void_en}",
                  "在本集体经济组织范围内公示表决结果，并在 consent.notice 中记录公示起止日期",
                  "publish the result within the collective and record consent.notice (start, end)", at="consent.notice"),
             Case("no_township", (F.township_needed == True) & (F.has_township_approval == False), ERROR,
                  "{land_zh}（{plots}）由本集体经济组织以外的 {transferee_name} 承包经营，未记录乡（镇）人民政府的批准（{basis_zh}：须经{meeting_zh} {share_text} 以上成员或者 {share_text} 以上{representatives_zh}同意，并报乡（镇）人民政府批准）",
                  "{land_en} ({plots}) goes to {transferee_name}, outside the collective, without the township government's approval on record "
                  "({basis_en}: {share_text} of the {meeting_en} or representatives and the township government's approval)",
                  "报乡（镇）人民政府批准，并在 township_approval 中记录批准机关、日期和文号",
                  "obtain the township government's approval and record it in township_approval (authority, date, reference)",
                  at="township_approval"),
         ]),
    rule("LAW-outsider", ("发包给集体以外单位或个人须三分之二同意并经乡镇批准", "contracting out to an outsider: two-thirds consent and township approval"),
         rcll("第五十二条第一款"), "law.agreement", source="LAW", jurisdiction=J, window=(RCLL_FROM, OPEN_END),
         also_cites=(*VOID_ALSO, spcf("第三条"), cc("第一千二百五十九条")),
         tags=("agreement",),
         cases=[
             Case("no_approval", (F.contracting == True) & (F.collective_land == True) & (F.outsider == True)
                  & (F.has_township_approval == False) & (F.grass_wet_outsider == False), ERROR,
                  "集体林地发包给本集体经济组织以外的 {transferee_name}（{outsider_zh}），未记录乡（镇）人民政府的批准（农村土地承包法第五十二条）。"
                  "依法释〔2022〕16号第三条，仅以未办理批准手续为由主张合同无效的，人民法院不予支持；但不能取得权利的一方可请求解除合同并追究违约责任",
                  "collective forest land is contracted out to {transferee_name}, outside the collective ({outsider_en}), without the township government's approval (RCLL art. 52). "
                  "Under 法释〔2022〕16号 art. 3 a missing approval alone does not make the contract void, but the party unable to obtain the rights may rescind and claim damages",
                  "报乡（镇）人民政府批准，并在 township_approval 中记录批准机关、日期和文号",
                  "obtain the township government's approval and record it in township_approval (authority, date, reference)",
                  at="township_approval"),
             Case("no_consent", (F.contracting == True) & (F.collective_land == True) & (F.outsider == True) & (F.has_collective == False)
                  & ((F.has_consent == False) | (F.consent_share < P("LAW.consent_share"))), ERROR,
                  "集体林地发包给本集体经济组织以外的 {transferee_name}，未事先取得村民会议 {share_text} 以上成员或 {share_text} 以上村民代表的同意（现记录：{consent_text}；农村土地承包法第五十二条）。{void_zh}",
                  "collective forest land is contracted out to {transferee_name}, an outsider, without the prior consent of {share_text} of the villagers' meeting or representatives (recorded: {consent_text}; RCLL art. 52). {void_en}",
                  "事先召开村民会议或村民代表会议表决，取得 {share_text} 以上同意，并在 consent 中记录",
                  "hold the vote beforehand, obtain {share_text} and record it in consent", at="consent"),
             Case("late", (F.contracting == True) & (F.collective_land == True) & (F.outsider == True) & (F.has_consent == True)
                  & (F.consent_after_signing == True), ERROR,
                  "同意决议日期 {resolution_date} 晚于合同签订日 {signed_date}：农村土地承包法第五十二条要求发包给集体以外的单位或个人应当事先经同意。{void_zh}",
                  "the consent resolution ({resolution_date}) came after signing ({signed_date}): RCLL art. 52 requires consent beforehand. {void_en}",
                  "如属事后补正，记录补正决议并在一审法庭辩论终结前完成（法释〔2022〕16号第五条第（二）项）；否则重新履行程序后签约",
                  "if this cures the defect, record the curing resolution (法释〔2022〕16号 art. 5(2)); otherwise redo the procedure and sign again",
                  at="consent.resolution_date"),
         ]),
    rule("LAW-household-entrustment", ("他人代家庭承包户流转须有书面委托", "a household's plot transferred by another needs the household's written entrustment"),
         rcll("第三十六条"), "law.household", source="LAW", jurisdiction=J, window=(RCLL_FROM, OPEN_END),
         also_cites=(cc("第一百六十五条"), cc("第一百七十一条")),
         tags=("agreement",),
         when=F.entrusted == False, severity=ERROR,
         message=("家庭承包地块 {plot_ids} 由 {signer_name} 代为流转，未记录承包户 {holder_name} 的书面委托：流转由承包方自主决定（农村土地承包法第三十六条）；"
                  "无代理权订立的合同未经承包户追认的，对承包户不发生效力（民法典第一百七十一条）",
                  "household plot(s) {plot_ids} are transferred by {signer_name} with no written entrustment from the household {holder_name} on record: "
                  "the contracting household decides on transfers itself (RCLL art. 36); signed without authority and not ratified, the contract does not bind the household (Civil Code art. 171)"),
         fix=("取得 {holder_name} 签名的书面委托书（载明代理事项、权限和期限，民法典第一百六十五条），在 household_entrustments 中记录；或由承包户本人签约",
              "obtain a written entrustment signed by {holder_name} (matter, powers, period; Civil Code art. 165) and record it in household_entrustments, or have the household sign itself")),
    rule("LAW-clauses", ("流转合同采用书面形式，一般包括法定条款", "a written transfer contract, generally with the statutory clauses"),
         rcll("第四十条"), "law.clause", source="LAW", jurisdiction=J, window=(RCLL_FROM, OPEN_END),
         also_cites=(fl("第十九条"), cc("第四百七十条")),
         cases=[
             Case("missing", (F.written == True) & (F.present == False), WARNING,
                  "{agreement_zh}未列明“{clause_zh}”条款（{basis_zh}：流转合同一般包括该条款），建议补充",
                  "the {agreement_en} does not list the clause '{clause_en}' ({basis_en}: a transfer contract generally includes it); add it",
                  "补充“{clause_zh}”条款并在 clauses 中登记（{clause}）；可用 compliance draft 生成含全部条款的协议文本",
                  "add the clause '{clause_en}' and list it in clauses ({clause}); `compliance draft` produces a text with every clause"),
             Case("not_written", F.written == False, ERROR,
                  "{agreement_zh}未采用书面形式：农村土地承包法第四十条规定流转应当签订书面合同",
                  "the {agreement_en} is not in writing: RCLL art. 40 requires a written transfer contract",
                  "签订书面流转合同", "sign a written transfer contract"),
         ]),
    rule("LAW-lease-20y", ("出租超过二十年：建议法律审查", "lease over 20 years: legal review advised"),
         cc("第七百零五条"), "law.agreement", source="LAW", jurisdiction=J, window=(CC_FROM, OPEN_END),
         also_cites=(rcll("第三十八条第（三）项"),),
         when=(F.is_lease == True) & (F.has_term == True) & (F.term_years_begun > P("LAW.lease_max_years")), severity=INFO,
         message=("{agreement_zh}以{mode_zh}方式流转，期限 {term_start}～{term_end} 超过 {p[LAW.lease_max_years]} 年：农村土地承包法第三十八条第（三）项允许至承包期剩余期限，"
                  "但民法典第七百零五条规定租赁期限超过 {p[LAW.lease_max_years]} 年的部分无效，审判实践对林地经营权出租是否适用该条存在分歧",
                  "the {agreement_en} is a {mode_en} for {term_start}..{term_end}, over {p[LAW.lease_max_years]} years: RCLL art. 38(3) allows the remaining contract term, "
                  "but Civil Code art. 705 voids lease terms beyond {p[LAW.lease_max_years]} years and courts differ on whether it applies to forest-land leases"),
         fix=("请律师审查；可考虑以入股、合作经营等方式约定，或约定 {p[LAW.lease_max_years]} 年期满续订", "have a lawyer review it; consider shareholding or cooperation, or a renewal after {p[LAW.lease_max_years]} years"),
         at="term"),
]

# -- the fact fields the rules read, with their meaning and article ------------------------------
FACTS = (
    fact_kind("law.agreement",
              has_term=("记录了流转起止日期", "the transfer term is recorded", "农村土地承包法第四十条第（三）项"),
              has_collective=("流转集体统一经营的地块", "collectively run plots are transferred", "森林法第十八条"),
              collective_land=("地块属集体（集体统一经营或集体为权利人）", "the land belongs to a collective", "农村土地承包法第五十二条"),
              contracting=("流转方式为发包", "the mode is contracting out", "农村土地承包法第五十二条"),
              outsider=("受让方不是本集体经济组织或其成员", "the transferee is outside the collective", "农村土地承包法第五十二条"),
              has_township_approval=("记录了乡（镇）人民政府批准", "the township approval is recorded", "农村土地承包法第五十二条"),
              grass_wet_outsider=("集体草原或湿地交给集体以外的（由 LAW-collective-consent 判定批准）", "collective grassland/wetland goes to an outsider", "草原法第十三条第三款"),
              has_consent=("记录了村民会议或代表的表决", "a vote is recorded", "农村土地承包法第五十二条"),
              consent_share=("同意比例", "share consenting", "民法典第一千二百五十九条"),
              consent_after_signing=("表决晚于签约", "the vote came after signing", "农村土地承包法第五十二条"),
              is_lease=("流转方式为出租或转包", "the mode is a lease or subcontract", "民法典第七百零五条"),
              term_years_begun=("流转期限已开始的年数", "years begun in the term", "民法典第七百零五条")),
    fact_kind("law.collective",
              has_consent=("记录了表决", "a vote is recorded", "森林法第十八条；草原法第十三条第三款；农村土地承包法第五十二条"),
              consent_share=("同意比例", "share consenting", "民法典第一千二百五十九条"),
              notice_needed=("该地类要求公示（林地）", "the land type requires a public notice (forest land)", "森林法第十八条"),
              has_notice=("记录了公示", "a public notice is recorded", "森林法第十八条"),
              township_needed=("该地类要求乡（镇）批准（集体草原交给集体以外）", "the township's approval is required (collective grassland to an outsider)", "草原法第十三条第三款"),
              has_township_approval=("记录了乡（镇）人民政府批准", "the township approval is recorded", "草原法第十三条第三款"),
              cite=("所流转土地的地类（forest 林地 / grassland 草原 / wetland 湿地），决定所引条款",
                    "the land type transferred (forest / grassland / wetland), which chooses the article cited",
                    "森林法第十八条；草原法第十三条第三款；农村土地承包法第五十二条")),
    fact_kind("law.plot_term",
              has_right_end=("记录了承包（经营）期限届满日", "the end of the holder's right term is recorded", "农村土地承包法第三十八条第（三）项"),
              term_exceeds=("流转期限超过承包（经营）期限", "the transfer term exceeds the right term", "农村土地承包法第三十八条第（三）项"),
              has_crediting=("记录了计入期", "a crediting period is recorded", "CCER-14-001-V01"),
              covers=("取得的期限覆盖整个计入期", "the secured term covers the crediting period", "农村土地承包法第三十八条第（三）项")),
    fact_kind("law.household", entrusted=("记录了承包户的书面委托", "the household's written entrustment is recorded", "农村土地承包法第三十六条")),
    fact_kind("law.clause",
              present=("合同列明该条款", "the contract lists the clause", "农村土地承包法第四十条"),
              written=("合同为书面形式", "the contract is in writing", "农村土地承包法第四十条")),
)


RULESET = Ruleset(
    id="tenure", title_zh="林地流转法律（农村土地承包法、森林法、民法典、法释〔2022〕16号）",
    title_en="Forest-land transfer law (Rural Land Contracting Law, Forest Law, Civil Code, SPC interpretation 〔2022〕16)",
    source="LAW", jurisdiction=NATIONWIDE, window=WINDOW, rules=RULES, params=PARAMS, derive=derive, facts=FACTS,
    document="农村土地承包法；森林法；民法典；法释〔2022〕16号",
)
