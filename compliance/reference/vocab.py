"""The product's code vocabulary: each code with its Chinese and English label.

A Chinese label (and any listed alias) is accepted wherever the code is, so
``mechanism: 湘林碳票`` means ``XLTP``. Labels are also what findings and documents print.
"""
from __future__ import annotations

from enum import Enum


class Vocab(str, Enum):
    """A str enum whose members carry zh/en labels and extra aliases."""

    def __new__(cls, code: str, zh: str, en: str, *aliases: str):
        obj = str.__new__(cls, code)
        obj._value_ = code
        obj.zh = zh
        obj.en = en
        obj.aliases = aliases
        return obj

    def label(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en

    @classmethod
    def lookup(cls, value):
        """Resolve a code, label or alias (case-insensitive for Latin text); None if unknown."""
        if isinstance(value, cls):
            return value
        if not isinstance(value, str):
            return None
        key = value.strip()
        table = _alias_table(cls)
        return table.get(key) or table.get(key.lower())

    @classmethod
    def choices(cls) -> str:
        return ", ".join(f"{m.value}（{m.zh}）" for m in cls)


_TABLES: dict[type, dict[str, Vocab]] = {}


def _alias_table(cls) -> dict:
    table = _TABLES.get(cls)
    if table is None:
        table = {}
        for m in cls:
            for key in (m.value, m.zh, m.en, *m.aliases):
                table[key] = m
                table[key.lower()] = m
        _TABLES[cls] = table
    return table


class Province(Vocab):
    HUNAN = ("43", "湖南省", "Hunan", "湖南", "hunan")
    SICHUAN = ("51", "四川省", "Sichuan", "四川", "sichuan")
    CHONGQING = ("50", "重庆市", "Chongqing", "重庆", "chongqing")


class Mechanism(Vocab):
    CCER = ("CCER", "全国温室气体自愿减排交易（CCER）", "China Certified Emission Reduction", "全国温室气体自愿减排", "国家核证自愿减排量")
    XLTP = ("XLTP", "湘林碳票", "Hunan forest carbon ticket")
    SCPH = ("SCPH", "林草碳普惠", "Sichuan forest-grass carbon inclusive", "四川林草碳普惠")
    CQCER = ("CQCER", "碳惠通", "Chongqing Tanhuitong", "重庆碳惠通")
    VCS = ("VCS", "VCS（Verra）", "Verified Carbon Standard", "Verra")
    GS = ("GS", "黄金标准（GS）", "Gold Standard", "黄金标准")
    OTHER = ("OTHER", "其他机制", "other mechanism", "其他")

    @property
    def international(self) -> bool:
        return self in (Mechanism.VCS, Mechanism.GS)


class Stage(Vocab):
    DEVELOPMENT = ("development", "开发", "development")
    DESIGN = ("design", "设计", "design")
    LIBRARY = ("library", "入库", "library entry")
    FILING = ("filing", "备案", "filing")
    TRADING = ("trading", "交易", "trading")

    @property
    def order(self) -> int:
        return list(Stage).index(self)


class PartyKind(Vocab):
    ENTERPRISE = ("enterprise", "企业", "enterprise", "公司")
    COLLECTIVE = ("collective", "农村集体经济组织", "rural collective", "集体经济组织", "村集体", "集体")
    INDIVIDUAL = ("individual", "自然人", "natural person", "个人", "农户")
    INSTITUTION = ("institution", "机关事业单位", "public institution", "事业单位", "机关")


class LandType(Vocab):
    FOREST = ("forest", "林地", "forest land")
    GRASSLAND = ("grassland", "草地", "grassland", "草原")
    WETLAND = ("wetland", "湿地", "wetland")
    OTHER = ("other", "其他土地", "other land", "其他")


class ForestType(Vocab):
    PLANTED_ARBOR = ("planted_arbor", "人工乔木林", "planted arbor forest")
    NATURAL_ARBOR = ("natural_arbor", "天然乔木林", "natural arbor forest")
    BAMBOO = ("bamboo", "竹林", "bamboo forest")
    SHRUB = ("shrub", "灌木林", "shrubland")
    MANGROVE = ("mangrove", "红树林", "mangrove")
    NONE = ("none", "无林地", "non-forest", "宜林地")


class Measure(Vocab):
    AFFORESTATION = ("afforestation", "人工造林（更新）", "afforestation / reforestation", "人工造林", "人工更新", "造林")
    CLOSURE = ("closure", "封山育林", "closure for regeneration", "封山（沙）育林", "封沙育林")
    TENDING = ("tending", "中幼林抚育", "tending of young forest", "抚育")
    RESTORATION = ("restoration", "退化林修复", "degraded forest restoration")
    GRASS_PLANTING = ("grass_planting", "人工种草", "grass planting")
    GRASSLAND_IMPROVEMENT = ("grassland_improvement", "草原改良", "grassland improvement")
    WETLAND_RESTORATION = ("wetland_restoration", "湿地保护与修复", "wetland protection and restoration", "湿地修复")
    MANAGEMENT = ("management", "森林经营", "improved forest management", "森林经营碳汇")
    LOW_YIELD = ("low_yield_improvement", "低效林改造", "improvement of low-yield forest", "低产低效林改造", "低效林改造提升")


class Tenure(Vocab):
    COLLECTIVE_RUN = ("collective_run", "集体统一经营", "run by the collective")
    HOUSEHOLD = ("household_contracted", "家庭承包", "household contract", "家庭承包经营")
    STATE = ("state", "国有", "state-owned", "国有林")


class AgreementKind(Vocab):
    DEVELOPMENT = ("development", "项目开发协议", "project development agreement", "开发协议")
    TRANSFER = ("transfer", "资源流转协议", "resource transfer agreement", "流转协议", "林地流转合同")
    BENEFIT = ("benefit", "利益分配协议", "benefit distribution agreement", "收益分配协议")
    TRIPARTITE = ("tripartite", "三方协议", "tripartite agreement", "三方合作协议")

    def covers(self, kind: "AgreementKind") -> bool:
        """A tripartite agreement stands for all three agreements of 第十五条."""
        return self is kind or self is AgreementKind.TRIPARTITE


class TransferMode(Vocab):
    LEASE = ("lease", "出租", "lease", "租赁")
    SHAREHOLDING = ("shareholding", "入股", "equity contribution")
    ENTRUSTMENT = ("entrustment", "委托经营", "entrusted management", "托管")
    CONTRACTING = ("contracting", "发包", "contracting out", "承包")
    SUBCONTRACT = ("subcontract", "转包", "subcontracting")
    ASSIGNMENT = ("assignment", "转让", "assignment")


class ConsentBody(Vocab):
    VILLAGERS_MEETING = ("villagers_meeting", "村民会议", "villagers' meeting", "村（牧）民会议", "牧民会议", "村(牧)民会议")
    REPRESENTATIVES = ("villager_representatives", "村民代表会议", "villager representatives' meeting", "村民代表大会",
                       "村（牧）民代表会议", "牧民代表会议", "村(牧)民代表会议")


class Clause(Vocab):
    PARTIES = ("parties", "当事人名称和住所", "parties and addresses", "当事人")
    LOCATION_AREA = ("location_area", "林地位置、四至和面积", "location, boundaries and area", "四至", "位置面积")
    TERM = ("term", "流转期限和起止日期", "term with start and end dates", "期限")
    USE = ("use", "林地用途", "use of the land", "用途")
    RIGHTS_OBLIGATIONS = ("rights_obligations", "双方权利和义务（含森林防火和有害生物防治）", "rights and obligations (incl. fire and pest prevention)", "权利义务")
    PRICE_PAYMENT = ("price_payment", "流转价款及支付方式", "price and payment", "价款")
    EXPROPRIATION = ("expropriation_compensation", "土地被依法征收征用时补偿费的归属", "ownership of expropriation compensation", "征收补偿")
    EXPIRY_DISPOSAL = ("expiry_disposal", "期满时林木和碳汇资产的处置", "disposal of trees and carbon assets on expiry", "期满处置")
    CARBON_OWNERSHIP = ("carbon_ownership", "碳汇资产权属", "ownership of carbon assets", "碳资产权属")
    BREACH = ("breach_liability", "违约责任", "breach liability")
    DISPUTE = ("dispute_resolution", "争议解决方式", "dispute resolution", "争议解决")
    CONFIDENTIALITY = ("confidentiality", "碳汇资源数据保密", "confidentiality of carbon-sink resource data", "保密")
    DEADLINE = ("development_deadline", "开发期限及逾期权利返还", "development deadline with reversion of rights", "开发期限")
    SHARES = ("shares", "收益分配比例", "benefit shares", "分配比例")
    PAYMENT_SCHEDULE = ("payment_schedule", "收益支付时间和方式", "payment schedule", "支付安排")
    ACCOUNTS = ("accounts_disclosure", "收支账目向权利人和村民公开", "accounts disclosure to rights holders and villagers", "账目公开")
    INSURANCE = ("insurance", "森林保险", "forest insurance", "保险")
    # clauses of the drafts beyond the statutory list (compliance/agreements/spec.py says where each is required)
    LONG_STOP = ("long_stop", "审定和登记期限及逾期权利返还", "validation and registration deadlines with reversion", "审定登记期限")
    SALE = ("sale", "减排量的出售（交易场所、定价、关联交易和自用）", "sale of credits (venue, price, related parties, own use)", "减排量出售")
    COSTS = ("costs", "费用承担和可扣除费用", "costs and deductible costs", "费用承担")
    LOSSES = ("losses", "灾害损失、碳汇逆转和恢复义务", "losses, reversal and restoration", "灾害损失")
    TERMINATION = ("termination", "终止时林木和设施的处置", "trees and facilities on termination", "终止处置")
    TRANSFER_MANAGEMENT = ("transfer_management", "流转备案、登记、再流转、担保和控制权变更", "filing, registration, re-transfer, pledge, assignment and change of control", "流转管理")
    FORCE_MAJEURE = ("force_majeure", "不可抗力", "force majeure")
    NOTICES = ("notices", "通知和送达", "notices and service addresses", "送达")
    SUCCESSION = ("succession", "权利义务的承继", "succession", "承继")
    PRECEDENCE = ("precedence", "与其他协议的关系", "which document prevails", "协议关系")
    ANNEXES = ("annexes", "附件", "annexes (filing pack)")


class ReviewKind(Vocab):
    PREFECTURE = ("prefecture", "市州林业主管部门审核", "prefecture bureau review", "市州审核")
    COUNTY = ("county", "县级林业主管部门审核", "county bureau review", "县级审核")
    PROVINCE = ("province", "省级林业主管部门审核", "provincial bureau review", "省级审核")
    EXPERT_COMMITTEE = ("expert_committee", "省级林草碳普惠专家委员会技术评估", "provincial expert committee assessment", "专家委员会评估")
    PLOT_ELIGIBILITY = ("plot_eligibility", "项目地块合格性和技术措施审核", "plot eligibility and technical measures review", "地块合格性审核")


class NoticeDocument(Vocab):
    PDD = ("pdd", "项目设计文件", "project design document", "设计文件")
    REDUCTION_REPORT = ("reduction_report", "减排量核算报告", "emission reduction report", "减排量报告")


class Severity(Vocab):
    ERROR = ("error", "错误", "error")
    WARNING = ("warning", "警告", "warning")
    INFO = ("info", "提示", "info")

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]
