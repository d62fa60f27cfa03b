"""What each agreement template must carry, and how a clause is recognised in a template.

This is the one declaration read by the template generator (tools/make_agreement_templates.py),
the drafter (which records the clauses a template carries when it writes agreements back) and
the linter (which reports a mandatory clause missing from a lawyer-edited template).

A clause is recognised by its heading: a paragraph that starts with an article number
(第X条) followed by one of the clause's heading texts, e.g. "第五条 流转价款及支付方式". The
shipped templates use listed headings (the generator asserts it); a lawyer may use any of them,
and a new heading wording is added here, in one place.
The parties clause has no article: it is the party block (甲方…, 乙方…, each with 住所).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from compliance.reference.vocab import AgreementKind, Clause

# 第一条 … 第一百二十条, also Arabic digits (第12条); spaces (also full-width) or a colon may follow
ARTICLE_RE = r"^[\s\u3000]*第[一二三四五六七八九十百零〇两0-9]+条[\s\u3000：:、.．]*"


@dataclass(frozen=True)
class ClauseSpec:
    clause: Clause
    headings: tuple[str, ...]                      # article headings that recognise the clause
    basis: str                                      # the rule / article that requires it (for lint messages)
    markers: tuple[str, ...] = ()                   # regexes that must all match some paragraph (no article)

    @cached_property
    def patterns(self) -> list[re.Pattern]:
        if self.markers:
            return [re.compile(m) for m in self.markers]
        alt = "|".join(re.escape(h) for h in self.headings)
        return [re.compile(ARTICLE_RE + f"(?:{alt})")]

    def found_in(self, paragraphs: list[str]) -> bool:
        return all(any(p.search(t) for t in paragraphs) for p in self.patterns)

    @property
    def heading(self) -> str:
        return self.headings[0]


LAW = "LAW-clauses（农村土地承包法第四十条、森林法第十九条、民法典第四百七十条）"
HN15 = "HN-15（湘林基〔2025〕5号 第十五条：明确各方责权利，保障林权所有者权益）"

RCLL_TRANSFER = "农村土地承包法第三十六条、第四十条、第四十一条、第四十六条、第四十七条；民法典第五百五十五条、第七百零五条"
CARBON = "湘林基〔2025〕5号 第十四条、第十五条；温室气体自愿减排交易管理办法（试行）第十六条、第二十五条；川林发〔2024〕3号 二(二)(三)"

SPECS: dict[Clause, ClauseSpec] = {s.clause: s for s in [
    ClauseSpec(Clause.PARTIES, ("当事人",), LAW,
               markers=(r"^[\s\u3000]*甲方", r"^[\s\u3000]*乙方", r"住所[：:]")),
    ClauseSpec(Clause.LOCATION_AREA, ("林地位置、四至和面积", "林地坐落、四至和面积", "地块位置、四至和面积",
                                      "流转林地的位置、四至和面积", "坐落、四至、面积和质量等级", "流转土地的坐落、四至、面积和质量等级",
                                      "位置、四至和面积", "四至和面积"), LAW),
    ClauseSpec(Clause.TERM, ("期限", "协议期限", "合同期限", "流转期限", "合作期限"), LAW + "；民法典第七百零五条（租赁期限不超过二十年，届满可续订）"),
    ClauseSpec(Clause.USE, ("林地用途", "土地用途", "用途"), LAW),
    ClauseSpec(Clause.RIGHTS_OBLIGATIONS, ("各方权利和义务", "双方权利和义务", "三方权利和义务", "权利和义务", "权利义务"),
               LAW + "；森林防火和有害生物防治：湘林基〔2025〕5号 第十条"),
    ClauseSpec(Clause.PRICE_PAYMENT, ("价款及支付方式", "流转价款及支付方式", "开发费用和流转价款", "流转价款", "价款"),
               LAW + "；逐户支付表（大写金额）"),
    ClauseSpec(Clause.EXPROPRIATION, ("征收征用补偿", "征收、征用补偿", "征收补偿", "补偿费归属"), LAW),
    ClauseSpec(Clause.EXPIRY_DISPOSAL, ("期满处置", "期满后林木和碳汇资产的处置", "期满时林木和碳汇资产的处置",
                                        "期满时项目和碳汇资产的处置"), LAW + "；期满项目交由权利人（不注销：" + "令第31号第十六条）"),
    ClauseSpec(Clause.CARBON_OWNERSHIP, ("碳汇资产权属", "碳汇资产归属", "碳资产权属"), HN15),
    ClauseSpec(Clause.BREACH, ("违约责任",), LAW),
    ClauseSpec(Clause.DISPUTE, ("争议解决", "争议解决方式", "纠纷解决"), LAW),
    ClauseSpec(Clause.CONFIDENTIALITY, ("碳汇资源数据保密", "保密", "保密条款", "数据保密"),
               "HN-20-confidentiality（湘林基〔2025〕5号 第二十条）"),
    ClauseSpec(Clause.DEADLINE, ("开发期限及逾期返还", "开发期限和逾期返还", "开发时限", "项目开发期限"),
               "HN-14-milestones（湘林基〔2025〕5号 第十四条）"),
    ClauseSpec(Clause.LONG_STOP, ("审定和登记期限", "审定、登记期限及逾期返还", "审定和登记期限及逾期返还"),
               "湘林基〔2025〕5号 第十四条第一款（不得圈占资源）：审定约十二个月、登记约三十个月的最迟期限，逾期或者不予登记的权利返还"),
    ClauseSpec(Clause.SHARES, ("收益分配比例", "分配对象和比例", "分配比例"), "HN-15-benefit（湘林基〔2025〕5号 第十五条）"),
    ClauseSpec(Clause.PAYMENT_SCHEDULE, ("收益支付时间和方式", "支付时间和方式", "收益支付"), HN15),
    ClauseSpec(Clause.ACCOUNTS, ("账目公开", "收支账目公开", "收益公开"), HN15),
    ClauseSpec(Clause.SALE, ("减排量的出售", "碳汇资产的出售", "减排量交易"),
               CARBON + "：指定交易场所、定价方式、关联交易和自用"),
    ClauseSpec(Clause.COSTS, ("费用承担", "费用承担和可扣除费用", "开发费用的承担"),
               HN15 + "：可扣除费用只定义一次，开发费用不得从权利人收益中扣除"),
    ClauseSpec(Clause.LOSSES, ("灾害损失和碳汇逆转", "灾害损失", "风险和损失"),
               "湘林基〔2025〕5号 第十条、第十一条；森林法第三十四条、第三十五条（森林防火和有害生物防治）"),
    ClauseSpec(Clause.INSURANCE, ("森林保险", "草原保险", "保险"), "HN-11-insurance（湘林基〔2025〕5号 第十一条）：投保为义务"),
    ClauseSpec(Clause.TERMINATION, ("协议终止时林木和设施的处置", "终止时林木和设施的处置", "终止处置"),
               "森林法第十九条（林木、固定生产设施的处置）；草原、湿地：农村土地承包法第四十条"),
    ClauseSpec(Clause.TRANSFER_MANAGEMENT, ("流转备案、登记和再流转", "流转管理", "备案、登记和再流转"), RCLL_TRANSFER),
    ClauseSpec(Clause.FORCE_MAJEURE, ("不可抗力",), "民法典第一百八十条、第五百九十条"),
    ClauseSpec(Clause.NOTICES, ("通知和送达", "送达地址", "通知"), "民法典第一百三十七条（到达生效）"),
    ClauseSpec(Clause.SUCCESSION, ("权利义务的承继", "承继", "继承和承继"), "农村土地承包法第三十二条；民法典第六十七条"),
    ClauseSpec(Clause.PRECEDENCE, ("与其他协议的关系", "协议之间的关系", "文件效力顺序"), HN15 + "：三方协议与三份协议并存时何者优先"),
    ClauseSpec(Clause.ANNEXES, ("附件", "附件及备案材料"), "备案材料：决议和公示记录、权属证书、附图、身份证明、收款账户、签订时间地点"),
]}

# The clauses of every draft: form and general clauses (force majeure, notices, succession,
# precedence, annexes) and the carbon-project clauses each kind needs.
_GENERAL = (Clause.FORCE_MAJEURE, Clause.NOTICES, Clause.SUCCESSION, Clause.PRECEDENCE, Clause.ANNEXES)
_TRANSFER_LIKE = (
    Clause.PARTIES, Clause.LOCATION_AREA, Clause.TERM, Clause.USE, Clause.RIGHTS_OBLIGATIONS,
    Clause.PRICE_PAYMENT, Clause.EXPROPRIATION, Clause.EXPIRY_DISPOSAL, Clause.CARBON_OWNERSHIP,
    Clause.DEADLINE, Clause.LONG_STOP, Clause.COSTS, Clause.LOSSES, Clause.INSURANCE, Clause.TERMINATION,
    Clause.CONFIDENTIALITY, Clause.BREACH, Clause.DISPUTE, *_GENERAL,
)

# The clauses each template must carry (RULES.md: LAW-clauses, HN-14-milestones, HN-15, HN-20, HN-11; issue 17).
REQUIRED: dict[AgreementKind, tuple[Clause, ...]] = {
    AgreementKind.DEVELOPMENT: _TRANSFER_LIKE + (Clause.SALE,),
    AgreementKind.TRANSFER: _TRANSFER_LIKE + (Clause.TRANSFER_MANAGEMENT,),
    AgreementKind.BENEFIT: (
        Clause.PARTIES, Clause.TERM, Clause.CARBON_OWNERSHIP, Clause.SALE, Clause.COSTS, Clause.SHARES,
        Clause.PAYMENT_SCHEDULE, Clause.ACCOUNTS, Clause.LOSSES, Clause.EXPIRY_DISPOSAL, Clause.BREACH, Clause.DISPUTE,
        *_GENERAL,
    ),
    AgreementKind.TRIPARTITE: tuple(SPECS),
}

# Drafting defaults where the submission is silent (HN 第十四条: no enclosure; the issue-17 review):
# the latest validation and registration dates, counted in months from the start of the term.
LONG_STOP_MONTHS = {"validation": 12, "registration": 30}

KINDS: tuple[AgreementKind, ...] = (AgreementKind.DEVELOPMENT, AgreementKind.TRANSFER,
                                     AgreementKind.BENEFIT, AgreementKind.TRIPARTITE)
TEMPLATE_FILES: dict[AgreementKind, str] = {k: f"{k.value}.docx" for k in KINDS}

# Document titles as printed (the zh labels in vocab are the short names used in findings)
TITLES: dict[AgreementKind, str] = {
    AgreementKind.DEVELOPMENT: "林业碳汇项目开发协议",
    AgreementKind.TRANSFER: "林业碳汇资源流转协议",
    AgreementKind.BENEFIT: "林业碳汇项目利益分配协议",
    AgreementKind.TRIPARTITE: "林业碳汇项目开发、资源流转和利益分配三方协议",
}
NUMBER_SUFFIX: dict[AgreementKind, str] = {
    AgreementKind.DEVELOPMENT: "KF", AgreementKind.TRANSFER: "LZ",
    AgreementKind.BENEFIT: "FP", AgreementKind.TRIPARTITE: "SF",
}

# Top-level variables the drafter puts into every template context, with what they hold.
# The linter reports any other variable a template uses as unknown.
VARIABLES: dict[str, str] = {
    "doc": "文书信息：title 标题, number 协议编号, kind 协议类型, basis 订立依据, place 签订地点, copies 份数（大写）, "
           "filing 备案机关, arbitration 仲裁机构",
    "project": "项目：id, name 名称, mechanism 机制, methodology 方法学, location 所在县, crediting_start/crediting_end 计入期, "
               "start_date 开始日期, insurance 森林保险（可缺省，用 is defined 判断）",
    "developer": "开发方（项目业主），字段同 parties 中的当事方",
    "transferee": "流入方（资源流转协议），字段同当事方",
    "holders": "林权权利人（乙方或流出方）列表；每项：role 称谓, side 身份, name 名称, code_label 证件类型, code 证件号码, "
               "address 住所, kind 主体类型, representative/phone 法定代表人、电话（可缺省）",
    "collectives": "村集体经济组织（三方协议丙方）列表，字段同当事方",
    "parties": "全部签约方（按甲、乙、丙顺序），用于签章栏；字段同当事方，另有 signature 签章提示",
    "plots": "地块列表；每项：no 序号, id 小班号, location 坐落, east/south/west/north 四至, area_ha 公顷, area_mu 亩, "
             "certificate 权属证书号, holder 权利人, tenure 经营形式, land_type 地类, measure 措施, right_term_end 权利期限届满日",
    "total": "地块合计：count 个数, area_ha 公顷, area_mu 亩",
    "term": "期限：start 起, end 止, span 时长（如“40年”）",
    "deadline": "开发期限（完成项目设计的最迟日期）",
    "price": "价款：amount 金额（元，千分位两位小数）, capital 大写金额, per 计价方式（每年/总价/一次性）, payment 支付方式, "
             "mode 流转方式",
    "shares": "收益分配比例列表；每项：no 序号, role 称谓, name 名称, side 身份, pct 比例（如“35%”）",
    "shares_total": "收益分配比例合计（100%）",
    "payment_schedule": "收益支付时间和方式",
    "consent": "集体经济组织民主议定（可缺省）：body 会议, members 应到人数, in_favour 同意人数, resolution_date 表决日期, "
               "notice_start/notice_end 公示期",
    "entrustments": "农户书面委托列表：name 委托人, signed 委托日期, to 受托人（可缺省）",
    "township_approval": "乡（镇）人民政府批准（可缺省）：authority 机关, date 日期, reference 文号",
    "measures": "项目措施（如“人工造林（更新）”）",
    "words": "按地类和机制的用语：land 地类称谓（林地/草原/湿地）, resource, right 流转的权利, certificate 权属证书, law_articles 法律依据, "
             "consent_basis 民主议定依据, meeting 会议, protect 禁止行为, mechanism 机制, credit 减排量称谓, validate 审定, register 登记, "
             "issue 签发, registry 登记机构, venue 交易场所, mechanism_basis, cancel_note",
    "long_stop": "最迟期限：validation 审定（评估）最迟日期, registration 登记最迟日期",
    "payments": "逐户价款表：no, name 收款人, area_ha 面积, amount 金额, capital 大写；payments_total 合计（amount, capital）",
    "payments_total": "逐户价款合计：amount, capital",
    "annexes": "附件列表：no 序号（一、二…）, title 名称, note 说明",
    "plot_map": "附图（地块矢量可用时的图片，可缺省，用 is defined 判断）",
    "signing": "签署信息：place 签订地点, note 签署页说明（本页无正文……）",
    "members": "签字的农户家庭成员：name 农户, members 成员",
}

# The same descriptions in English (`compliance templates vars --lang en`); one entry per VARIABLES key.
VARIABLES_EN: dict[str, str] = {
    "doc": "document: title, number (agreement number), kind, basis (legal basis), place (place of signing), "
           "copies (number of copies, in Chinese numerals), filing (filing authority), arbitration (arbitration body)",
    "project": "project: id, name, mechanism, methodology, location (county), crediting_start/crediting_end (crediting period), "
               "start_date, insurance (forest insurance; may be absent, test with is defined)",
    "developer": "the developer (project owner), with the fields of a party in parties",
    "transferee": "the transferee (resource transfer agreement), with the fields of a party",
    "holders": "forest-right holders (party B or transferors), a list; each: role, side, name, code_label (ID type), "
               "code (ID number), address, kind (type of entity), representative/phone (may be absent)",
    "collectives": "village collective economic organisations (party C of the tripartite agreement), a list with the fields of a party",
    "parties": "every signing party (in the order 甲, 乙, 丙 / A, B, C) for the signature block; the fields of a party plus "
               "signature (signing hint)",
    "plots": "plots, a list; each: no, id (sub-compartment number), location, east/south/west/north (boundaries), area_ha, "
             "area_mu, certificate (title certificate number), holder, tenure (form of management), land_type, measure, "
             "right_term_end (end of the right's term)",
    "total": "plot totals: count, area_ha, area_mu",
    "term": "term: start, end, span (e.g. “40年”, 40 years)",
    "deadline": "development deadline (latest date to complete the project design)",
    "price": "price: amount (yuan, thousands separators, two decimals), capital (amount in Chinese capital numerals), "
             "per (per year / total / lump sum), payment (how it is paid), mode (transfer mode)",
    "shares": "benefit shares, a list; each: no, role, name, side, pct (e.g. “35%”)",
    "shares_total": "total of the benefit shares (100%)",
    "payment_schedule": "when and how the benefits are paid",
    "consent": "democratic decision of the collective (may be absent): body (meeting), members (members entitled to vote), "
               "in_favour (votes in favour), resolution_date, notice_start/notice_end (public notice period)",
    "entrustments": "written entrustments by households, a list: name (principal), signed (date), to (agent; may be absent)",
    "township_approval": "approval of the township government (may be absent): authority, date, reference (document number)",
    "measures": "project measures (e.g. “人工造林（更新）”, afforestation / reforestation)",
    "words": "wording by land type and mechanism: land (林地/草原/湿地), resource, right transferred, certificate, law_articles, "
             "consent_basis, meeting, protect (prohibited acts), mechanism, credit, validate, register, issue, registry, venue, "
             "mechanism_basis, cancel_note",
    "long_stop": "latest dates: validation, registration",
    "payments": "per-holder payment table: no, name (payee), area_ha, amount, capital (in capital numerals)",
    "payments_total": "total of the payment table: amount, capital",
    "annexes": "annex list: no (一, 二 …), title, note",
    "plot_map": "map of the plots (an image when the plots have geometry; may be absent, test with is defined)",
    "signing": "signing: place (place of signing), note (the signature-page note)",
    "members": "household members who co-sign: name (household), members",
}
assert set(VARIABLES_EN) == set(VARIABLES)

# Which of those variables each kind's context provides ("optional": present only when the
# submission records it — test with ``is defined`` in a template).
_COMMON = ("doc", "project", "parties", "plots", "total", "measures", "holders", "term", "words", "annexes",
           "plot_map", "signing", "members")
PROVIDED: dict[AgreementKind, tuple[str, ...]] = {
    AgreementKind.DEVELOPMENT: _COMMON + ("developer", "deadline", "long_stop", "price", "payments", "payments_total"),
    AgreementKind.TRANSFER: _COMMON + ("transferee", "deadline", "long_stop", "price", "payments", "payments_total",
                                       "consent", "township_approval", "entrustments"),
    AgreementKind.BENEFIT: _COMMON + ("developer", "shares", "shares_total", "payment_schedule"),
    AgreementKind.TRIPARTITE: _COMMON + ("developer", "collectives", "deadline", "long_stop", "price", "payments",
                                         "payments_total", "shares", "shares_total", "payment_schedule", "consent",
                                         "township_approval", "entrustments"),
}
