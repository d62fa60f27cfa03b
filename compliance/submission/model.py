"""The submission model (format forest-carbon-submission/1, see SUBMISSION.md).

Pydantic validates shape, types, codes and identifiers; references between parts
(plot holder, agreement parties) are resolved in ``reference_problems`` so that every
dangling reference is reported at once, each with its own path.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from compliance.reference import divisions
from compliance.reference.ids import id_number_problem, normalize_code, uscc_problem
from compliance.reference.vocab import (
    AgreementKind,
    Clause,
    ConsentBody,
    ForestType,
    LandType,
    Measure,
    Mechanism,
    NoticeDocument,
    PartyKind,
    Province,
    ReviewKind,
    Stage,
    Tenure,
    TransferMode,
    Vocab,
)

FORMAT_V1 = "forest-carbon-submission/1"


def _vocab(cls: type[Vocab]):
    """Accept a code, its Chinese label or an alias; unknown values name the choices."""

    def convert(value: Any):
        if value is None:
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)          # province: 43 written without quotes
        member = cls.lookup(value)
        if member is None:
            raise PydanticCustomError(
                "unknown_code", "unknown code {value}; expected one of {choices}",
                {"value": str(value), "choices": cls.choices()},
            )
        return member

    return BeforeValidator(convert)


def _as_text(value: Any):
    # YAML reads unquoted codes (province: 43, id_number: 4306...) as numbers
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    return value


Text = Annotated[str, BeforeValidator(_as_text)]
NonEmpty = Annotated[str, BeforeValidator(_as_text), Field(min_length=1)]
def _not_bool(value: Any):
    # YAML `true` or an Excel TRUE must not pass as the number 1
    if isinstance(value, bool):
        raise PydanticCustomError("number_not_bool", "a number is expected, not true/false", {})
    return value


NoBool = BeforeValidator(_not_bool)
# bounds keep absurd values out (a plot of 10^20 ha) and numbers in the range the engine reads exactly
PositiveArea = Annotated[float, NoBool, Field(ge=0.0001, le=1_000_000, allow_inf_nan=False)]   # 1 m² .. 10,000 km²
Tonnes = Annotated[float, NoBool, Field(ge=0.001, le=1_000_000_000, allow_inf_nan=False)]
Share = Annotated[float, NoBool, Field(ge=0, le=1, allow_inf_nan=False)]
Count = Annotated[int, NoBool, Field(ge=0, le=10_000_000)]


def _county_code(value: Any):
    value = _as_text(value)
    if not isinstance(value, str):
        return value
    code = value.strip()
    if not divisions.is_county(code):
        raise PydanticCustomError("unknown_county", "unknown county code {value}", {"value": code})
    return code


def _division_code(value: Any):
    value = _as_text(value)
    if not isinstance(value, str):
        return value
    code = value.strip()
    if not divisions.exists(code):
        raise PydanticCustomError("unknown_division", "unknown division code {value}", {"value": code})
    return code


CountyCode = Annotated[str, BeforeValidator(_county_code)]
DivisionCode = Annotated[str, BeforeValidator(_division_code)]


def _uscc(value: Any):
    value = _as_text(value)
    if value is None or not isinstance(value, str):
        return value
    code = normalize_code(value)
    problem = uscc_problem(code)
    if problem:
        raise PydanticCustomError(problem, "invalid unified social credit code {value}", {"value": value})
    return code


def _id_number(value: Any):
    value = _as_text(value)
    if value is None or not isinstance(value, str):
        return value
    number = normalize_code(value)
    problem = id_number_problem(number)
    if problem:
        raise PydanticCustomError(problem, "invalid resident ID number {value}", {"value": value})
    return number


USCC = Annotated[str, BeforeValidator(_uscc)]
IdNumber = Annotated[str, BeforeValidator(_id_number)]


class Strict(BaseModel):
    """Unknown fields are reported (a typo such as ``aera_ha`` must not pass silently)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, use_enum_values=False)


class Period(Strict):
    """A period inclusive of both its start and its end date."""

    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self):
        if self.end < self.start:
            raise PydanticCustomError(
                "period_order", "end {end} is before start {start}",
                {"start": self.start.isoformat(), "end": self.end.isoformat()},
            )
        return self

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class Justification(Strict):
    reason: NonEmpty
    reviewed_by: NonEmpty
    date: dt.date


class Review(Strict):
    kind: Annotated[ReviewKind, _vocab(ReviewKind)]
    authority: NonEmpty
    division: Optional[DivisionCode] = None
    date: dt.date
    reference: Optional[Text] = None
    batches: list[Text] = []     # expert_committee: the reduction batches (ids) this assessment covers (川林发 三(三))


class PublicNotice(Strict):
    document: Annotated[NoticeDocument, _vocab(NoticeDocument)]
    start: dt.date
    end: dt.date
    reference: Optional[Text] = None

    @model_validator(mode="after")
    def _ordered(self):
        if self.end < self.start:
            raise PydanticCustomError(
                "period_order", "end {end} is before start {start}",
                {"start": self.start.isoformat(), "end": self.end.isoformat()},
            )
        return self


class OtherRegistration(Strict):
    mechanism: Annotated[Mechanism, _vocab(Mechanism)]
    id: NonEmpty
    plots: list[Text] = []
    status: Literal["registered", "cancelled", "applied"] = "registered"
    date: Optional[dt.date] = None


class ReductionBatch(Strict):
    """One batch (期) of project reductions applied for (温室气体自愿减排交易管理办法（试行）第十七条)."""

    period: Period                       # when the reductions arose, both ends included
    application_date: dt.date            # date the batch was (or is to be) applied for registration
    amount_tco2e: Tonnes
    reference: Optional[Text] = None
    id: Optional[Text] = None            # batch id as the registry numbers it (retirements refer to it)
    registered: Optional[dt.date] = None  # date the registry registered (登记/签发) the batch; None: not yet


class CcerRecord(Strict):
    """An earlier CCER registration of this project and, if it happened, its cancellation (注销)."""

    id: NonEmpty                         # registry number of the earlier registration
    registered: Optional[dt.date] = None
    cancelled: Optional[dt.date] = None
    reason: Optional[Text] = None


# -- Sichuan 林草碳普惠 additions (川林发〔2024〕3号, SUBMISSION.md) ----------------------------
# principle code -> (zh, en); the Chinese name is accepted as the key (真实性: …)
PRINCIPLES: dict[str, tuple[str, str]] = {
    "authenticity": ("真实性", "authenticity"),
    "additionality": ("额外性", "additionality"),
    "uniqueness": ("唯一性", "uniqueness"),
    "inclusiveness": ("普惠性", "inclusiveness"),
    "representativeness": ("代表性", "representativeness"),
    "data_availability": ("数据可获得性", "data availability"),
}


def _rename_keys(data: Any, table: dict[str, str]):
    """Map Chinese keys to field names; the same field given twice (code and alias) is an error."""
    if not isinstance(data, dict):
        return data
    out: dict = {}
    for key, value in data.items():
        name = table.get(str(key).strip(), key)
        if name in out:
            raise PydanticCustomError("duplicate_id", "{value} given twice", {"value": name})
        out[name] = value
    return out


def _evidence(value: Any):
    """Evidence is one text, or a list of documents (joined with ；)."""
    value = _as_text(value)
    if isinstance(value, list):
        items = [str(_as_text(v)).strip() for v in value if v is not None and str(_as_text(v)).strip()]
        return "；".join(items) or None
    return value


Evidence = Annotated[Optional[str], BeforeValidator(_evidence)]


class Principles(Strict):
    """Evidence for each principle of 川林发〔2024〕3号 三(一); a missing one is a finding, not invalid input."""

    authenticity: Evidence = None
    additionality: Evidence = None
    uniqueness: Evidence = None
    inclusiveness: Evidence = None
    representativeness: Evidence = None
    data_availability: Evidence = None

    @model_validator(mode="before")
    @classmethod
    def _chinese_keys(cls, data):
        return _rename_keys(data, {zh: code for code, (zh, _) in PRINCIPLES.items()})


class MonitoringPlan(Strict):
    """计量监测 (三(二)): measurement model, carbon parameters, frequency; gaps are findings (SC-3.2-mrv)."""

    model: Optional[Text] = None                 # 计量模型
    parameters: Optional[Text] = None            # 碳计量参数
    frequency_years: Optional[Annotated[float, NoBool, Field(ge=0.01, le=100, allow_inf_nan=False)]] = None   # 监测频率（年）

    @model_validator(mode="before")
    @classmethod
    def _chinese_keys(cls, data):
        return _rename_keys(data, {"计量模型": "model", "碳计量参数": "parameters", "计量参数": "parameters",
                                   "监测频率": "frequency_years", "监测周期": "frequency_years"})


class RetirementPurpose(Vocab):
    """What retired (注销) reductions are used for (川林发〔2024〕3号 四(二)(三)(四))."""

    LARGE_EVENT = ("large_event", "大型活动碳中和", "large-scale event carbon neutrality", "碳汇+大型活动", "大型活动")
    TREE_PLANTING = ("tree_planting", "全民义务植树", "compulsory tree-planting duty", "碳汇+全民义务植树", "义务植树")
    JUDICIAL = ("judicial_restoration", "生态司法替代性修复", "substitute ecological restoration ordered in court",
                "碳汇+生态司法", "替代性修复", "生态司法")
    VOLUNTARY = ("voluntary_neutrality", "自愿碳中和", "voluntary carbon neutrality", "碳中和", "碳抵消")
    PERSONAL = ("personal_footprint", "个人碳足迹抵消", "personal carbon-footprint offset", "个人减排")


class Retirement(Strict):
    """A retirement (注销) of registered reductions for a use; judicial ones name court and case."""

    id: Optional[Text] = None                    # 注销凭证编号 (voucher number, SC-2.2-registry)
    registry: Optional[Text] = None              # the registry that recorded the retirement (川林发 二(二))
    batch: NonEmpty                              # id of a registered batch in project.reduction_batches
    amount_tco2e: Tonnes
    purpose: Annotated[RetirementPurpose, _vocab(RetirementPurpose)]
    date: dt.date
    beneficiary: Optional[Text] = None           # 碳中和主体 / 义务植树履责人 / 替代性修复义务人
    court: Optional[Text] = None                 # judicial_restoration: the court
    case_number: Optional[Text] = None           # judicial_restoration: 案号


class Project(Strict):
    id: NonEmpty
    name: NonEmpty
    province: Annotated[Province, _vocab(Province)]
    mechanism: Annotated[Mechanism, _vocab(Mechanism)]
    methodology: Optional[Text] = None
    stage: Annotated[Stage, _vocab(Stage)]
    milestones: dict[Annotated[Stage, _vocab(Stage)], dt.date] = {}
    start_date: Optional[dt.date] = None
    crediting_period: Optional[Period] = None
    trading_venue: Optional[Text] = None
    registry: Optional[Text] = None
    validator: Optional[Text] = None
    verifier: Optional[Text] = None
    other_registrations: list[OtherRegistration] = []
    justification: Optional[Justification] = None
    reviews: list[Review] = []
    public_notices: list[PublicNotice] = []
    insurance: Optional[Text] = None
    reduction_batches: list[ReductionBatch] = []   # CCER: each batch applied for (MEAS Art. 17, 19)
    ccer_history: list[CcerRecord] = []            # CCER: earlier registrations and cancellations (MEAS Art. 16)
    principles: Optional[Principles] = None        # SCPH: evidence per principle (川林发〔2024〕3号 三(一))
    monitoring_plan: Optional[MonitoringPlan] = None   # SCPH: 计量监测 (三(二))
    retirements: list[Retirement] = []             # SCPH: 注销 for 碳中和 / 义务植树 / 生态司法 (四(二)(三))


class Party(Strict):
    id: NonEmpty
    name: NonEmpty
    kind: Annotated[PartyKind, _vocab(PartyKind)]
    uscc: Optional[USCC] = None
    id_number: Optional[IdNumber] = None
    address: Optional[Text] = None
    representative: Optional[Text] = None
    phone: Optional[Text] = None
    member_of: Optional[Text] = None   # id of the rural collective this person is a member of (RCLL Art. 52)

    @model_validator(mode="after")
    def _identified(self):
        if self.kind is PartyKind.INDIVIDUAL:
            if not self.id_number:
                raise PydanticCustomError("id_number_required", "a natural person needs id_number", {})
        elif not self.uscc:
            raise PydanticCustomError("uscc_required", "an organisation needs uscc", {})
        return self

    @property
    def code(self) -> str:
        return self.uscc or self.id_number or ""


class GreeningUse(Vocab):
    """Greening that CCER-14-001-V01 §2 excludes from afforestation (非林地上的通道绿化、城镇村及工矿用地绿化)."""

    CORRIDOR = ("corridor", "通道绿化", "road, railway or river corridor greening", "道路绿化", "铁路公路两侧绿化")
    URBAN = ("urban", "城镇村绿化", "town and village greening", "城镇绿化", "村庄绿化", "城市绿化")
    INDUSTRIAL = ("industrial", "工矿用地绿化", "industrial and mining land greening", "工矿绿化")


class Boundaries(Strict):
    east: NonEmpty
    south: NonEmpty
    west: NonEmpty
    north: NonEmpty


class Plot(Strict):
    id: NonEmpty
    county: CountyCode
    land_type: Annotated[LandType, _vocab(LandType)]
    forest_type: Optional[Annotated[ForestType, _vocab(ForestType)]] = None
    economic_forest: bool = False
    area_ha: PositiveArea
    measure: Annotated[Measure, _vocab(Measure)]
    holder: NonEmpty
    tenure: Annotated[Tenure, _vocab(Tenure)]
    certificate: Optional[Text] = None
    right_term_end: Optional[dt.date] = None
    non_forest_since: Optional[dt.date] = None
    boundaries: Optional[Boundaries] = None
    forest_class: Optional[Text] = None     # e.g. 林班/小班 names as printed on the certificate
    smallest_parcel_m2: Optional[Annotated[float, NoBool, Field(ge=0.01, le=10_000_000_000, allow_inf_nan=False)]] = None   # smallest contiguous parcel (default: the whole plot)
    wetland: bool = False                   # classed as wetland in the land survey (e.g. 森林沼泽), whatever land_type says
    greening: Optional[Annotated[GreeningUse, _vocab(GreeningUse)]] = None   # greening of roads, towns, industrial land

    @property
    def area_mu(self) -> float:
        return self.area_ha * 15


class Price(Strict):
    amount_yuan: Annotated[float, NoBool, Field(ge=0, le=1_000_000_000_000, allow_inf_nan=False)]
    per: Literal["year", "total", "once"] = "year"
    payment: Optional[Text] = None

    @field_validator("per", mode="before")
    @classmethod
    def _per_alias(cls, v):
        if not isinstance(v, str):      # a list or mapping here is a type error for pydantic to report
            return v
        return {"每年": "year", "年": "year", "总价": "total", "一次性": "once"}.get(v, v)


class Consent(Strict):
    body: Annotated[ConsentBody, _vocab(ConsentBody)]
    in_favour: Count
    members: Annotated[int, NoBool, Field(gt=0, le=10_000_000)]
    notice: Optional[Period] = None
    resolution_date: Optional[dt.date] = None

    @model_validator(mode="after")
    def _count(self):
        if self.in_favour > self.members:
            raise PydanticCustomError(
                "consent_count", "in_favour {in_favour} exceeds members {members}",
                {"in_favour": self.in_favour, "members": self.members},
            )
        return self


class TownshipApproval(Strict):
    authority: NonEmpty
    date: dt.date
    reference: Optional[Text] = None


class Entrustment(Strict):
    holder: NonEmpty
    signed: dt.date


ClauseList = list[Annotated[Clause, _vocab(Clause)]]


class _AgreementBase(Strict):
    signed: Optional[dt.date] = None     # None: an unsigned draft
    clauses: ClauseList = []
    reference: Optional[Text] = None


class DevelopmentAgreement(_AgreementBase):
    kind: Literal[AgreementKind.DEVELOPMENT] = AgreementKind.DEVELOPMENT
    parties: list[NonEmpty] = Field(min_length=1)
    term: Optional[Period] = None
    development_deadline: Optional[dt.date] = None


class TransferAgreement(_AgreementBase):
    kind: Literal[AgreementKind.TRANSFER] = AgreementKind.TRANSFER
    transferors: list[NonEmpty] = Field(min_length=1)
    transferee: NonEmpty
    mode: Annotated[TransferMode, _vocab(TransferMode)]
    plots: list[Text] = Field(min_length=1)
    term: Period
    price: Optional[Price] = None
    consent: Optional[Consent] = None
    township_approval: Optional[TownshipApproval] = None
    household_entrustments: list[Entrustment] = []
    development_deadline: Optional[dt.date] = None
    signatory: Optional[Text] = None   # party id of whoever signed for the transferors, if not themselves
    written: bool = True               # a written contract (书面合同, RCLL Art. 40; the one mandatory form)

    @property
    def parties(self) -> list[str]:
        return [*self.transferors, self.transferee]


class BenefitAgreement(_AgreementBase):
    kind: Literal[AgreementKind.BENEFIT] = AgreementKind.BENEFIT
    parties: list[NonEmpty] = Field(min_length=1)
    shares: dict[Text, Share] = {}
    payment_schedule: Optional[Text] = None


class TripartiteAgreement(_AgreementBase):
    """One agreement standing for development, transfer and benefit agreements (第十五条)."""

    kind: Literal[AgreementKind.TRIPARTITE] = AgreementKind.TRIPARTITE
    parties: list[NonEmpty] = Field(min_length=1)
    transferors: list[NonEmpty] = []
    transferee: Optional[Text] = None
    mode: Optional[Annotated[TransferMode, _vocab(TransferMode)]] = None
    plots: list[Text] = []
    term: Optional[Period] = None
    price: Optional[Price] = None
    consent: Optional[Consent] = None
    township_approval: Optional[TownshipApproval] = None
    household_entrustments: list[Entrustment] = []
    development_deadline: Optional[dt.date] = None
    shares: dict[Text, Share] = {}
    payment_schedule: Optional[Text] = None
    signatory: Optional[Text] = None
    written: bool = True


def _agreement_tag(value: Any) -> str | None:
    kind = value.get("kind") if isinstance(value, dict) else getattr(value, "kind", None)
    member = AgreementKind.lookup(kind)
    return member.value if member else None


Agreement = Annotated[
    Union[
        Annotated[DevelopmentAgreement, Tag("development")],
        Annotated[TransferAgreement, Tag("transfer")],
        Annotated[BenefitAgreement, Tag("benefit")],
        Annotated[TripartiteAgreement, Tag("tripartite")],
    ],
    Discriminator(
        _agreement_tag,
        custom_error_type="unknown_agreement_kind",
        custom_error_message="unknown agreement kind",
        custom_error_context={"choices": AgreementKind.choices()},
    ),
]


def _normalise_kind(value: Any):
    # the discriminator reads aliases; the Literal field needs the canonical code
    if isinstance(value, dict) and "kind" in value:
        member = AgreementKind.lookup(value["kind"])
        if member:
            value = {**value, "kind": member}
    return value


class Submission(Strict):
    format: Literal["forest-carbon-submission/1"] = FORMAT_V1
    as_of: Optional[dt.date] = None
    project: Project
    developer: Party
    rights_holders: list[Party] = []
    plots: list[Plot] = []
    agreements: list[Annotated[Agreement, BeforeValidator(_normalise_kind)]] = []

    # -- lookups used by facts, drafting and reports -------------------------------------
    def parties(self) -> dict[str, Party]:
        out = {self.developer.id: self.developer}
        for p in self.rights_holders:
            out.setdefault(p.id, p)
        return out

    def plot_index(self) -> dict[str, Plot]:
        return {p.id: p for p in self.plots}


def reference_problems(sub: Submission) -> list[tuple[tuple, str, dict]]:
    """Every reference that does not resolve, as (location, error type, context)."""
    problems: list[tuple[tuple, str, dict]] = []
    parties = sub.parties()
    holders = {p.id for p in sub.rights_holders}
    plots = sub.plot_index()

    seen: dict[str, tuple] = {}
    for i, p in enumerate([sub.developer, *sub.rights_holders]):
        loc = ("developer", "id") if i == 0 else ("rights_holders", i - 1, "id")
        if p.id in seen and i > 0 and sub.developer.id != p.id:
            problems.append((loc, "duplicate_id", {"value": p.id}))
        seen.setdefault(p.id, loc)
        if p.member_of and p.member_of not in parties:
            problems.append(((*loc[:-1], "member_of"), "unknown_party", {"value": p.member_of}))
    plot_seen: set[str] = set()
    for i, plot in enumerate(sub.plots):
        if plot.id in plot_seen:
            problems.append((("plots", i, "id"), "duplicate_id", {"value": plot.id}))
        plot_seen.add(plot.id)
        if plot.holder not in holders:
            problems.append((("plots", i, "holder"), "unknown_holder", {"value": plot.holder}))

    def party_ref(loc, pid):
        if pid not in parties:
            problems.append((loc, "unknown_party", {"value": pid}))

    for i, a in enumerate(sub.agreements):
        base = ("agreements", i)
        for field in ("parties", "transferors"):
            for j, pid in enumerate(getattr(a, field, None) or []):
                party_ref((*base, field, j), pid)
        if getattr(a, "transferee", None):
            party_ref((*base, "transferee"), a.transferee)
        if getattr(a, "signatory", None):
            party_ref((*base, "signatory"), a.signatory)
        for j, pid in enumerate(getattr(a, "plots", None) or []):
            if pid not in plots:
                problems.append(((*base, "plots", j), "unknown_plot", {"value": pid}))
        for pid in (getattr(a, "shares", None) or {}):
            party_ref((*base, "shares", pid), pid)
        for j, e in enumerate(getattr(a, "household_entrustments", None) or []):
            if e.holder not in holders:
                problems.append(((*base, "household_entrustments", j, "holder"), "unknown_holder", {"value": e.holder}))
    for i, r in enumerate(sub.project.other_registrations):
        for j, pid in enumerate(r.plots):
            if pid not in plots:
                problems.append((("project", "other_registrations", i, "plots", j), "unknown_plot", {"value": pid}))
    return problems
