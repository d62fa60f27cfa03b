"""The submission model (format forest-carbon-submission/1, see SUBMISSION.md).

Pydantic validates shape, types, codes and identifiers; references between parts
(plot holder, agreement parties) are resolved in ``reference_problems`` so that every
dangling reference is reported at once, each with its own path.
"""
# no "from __future__ import annotations": pydantic would compile and eval every annotation string (~15 ms per start)

import datetime as dt
from functools import partial
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from compliance.reference import divisions
from compliance.reference.ids import id_check_digit, id_number_problem, normalize_code, uscc_check_digit, uscc_problem
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
from compliance.submission import prebuilt

FORMAT_V1 = "forest-carbon-submission/1"


def _vocab_member(cls: type[Vocab], value: Any):
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


def _vocab(cls: type[Vocab]):
    """Accept a code, its Chinese label or an alias; unknown values name the choices.
    (Validators are module-level functions or partials of them, so that the built validator
    pickles: ``compliance.submission.validators`` caches it between runs.)"""
    return BeforeValidator(partial(_vocab_member, cls))


def _as_text(value: Any):
    # YAML reads unquoted codes (province: 43, id_number: 4306...) as numbers
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    return value


Text = Annotated[str, BeforeValidator(_as_text)]
NonEmpty = Annotated[str, BeforeValidator(_as_text), Field(min_length=1)]
# What the project library stores in bounded columns (compliance/library/schema.py sizes them by
# these): a submission beyond them is invalid input naming the field, on every backend.
MAX_ID = 200              # project.id, plots[].id, plots[].certificate, plots[].unit_code
MAX_PARTY_NAME = 200      # a developer without a code is known by its name
MAX_PROJECT_NAME = 500
MAX_XIAOBAN = 40          # plots[].lin_ban / xiao_ban


def _bounded(limit: int, required: bool = True):
    # the length is a constraint of the str itself (pydantic's string_too_long, with its message)
    return Annotated[str, BeforeValidator(_as_text), Field(min_length=1 if required else None, max_length=limit)]
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


def _checked_code(problem_of, checksum_kind: str, check_digit, what: str, value: Any):
    value = _as_text(value)
    if value is None or not isinstance(value, str):
        return value
    code = normalize_code(value)
    problem = problem_of(code)
    if problem:
        ctx = {"value": value}
        if problem == checksum_kind:
            ctx["expected"] = check_digit(code)
        raise PydanticCustomError(problem, f"invalid {what} {{value}}", ctx)
    return code


def _identifier(problem_of, checksum_kind: str, check_digit, what: str):
    """A validator for a code with a check character: normalised, its problem named, and for a wrong
    check character the expected one given."""
    return partial(_checked_code, problem_of, checksum_kind, check_digit, what)


_uscc = _identifier(uscc_problem, "uscc_checksum", uscc_check_digit, "unified social credit code")
_id_number = _identifier(id_number_problem, "id_checksum", id_check_digit, "resident ID number")


USCC = Annotated[str, BeforeValidator(_uscc)]
IdNumber = Annotated[str, BeforeValidator(_id_number)]


def _geometry(value: Any):
    """A plot polygon: GeoJSON Polygon/MultiPolygon (mapping or text) or WKT (workbook cell).
    Only something that is no polygon at all is refused here; a polygon that crosses itself
    is judged by GEO-valid."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    from compliance.submission.geometry import parse_geometry
    from compliance.submission.geometry.shapes import NotAPolygon

    try:
        return parse_geometry(value).as_geojson()       # one form (GeoJSON) whether given as GeoJSON or WKT
    except NotAPolygon as e:
        raise PydanticCustomError("geometry", "{en}", {"zh": e.zh, "en": e.en})


GEOJSON_SCHEMA = {
    "description": "GeoJSON Polygon or MultiPolygon (coordinates in project.crs), or WKT text",
    "anyOf": [
        {"type": "object", "properties": {"type": {"enum": ["Polygon", "MultiPolygon"]}, "coordinates": {"type": "array"}},
         "required": ["type", "coordinates"]},
        {"type": "string"},
    ],
}
Geometry = Annotated[Any, BeforeValidator(_geometry), WithJsonSchema(GEOJSON_SCHEMA)]


class Strict(BaseModel):
    """Unknown fields are reported (a typo such as ``aera_ha`` must not pass silently)."""

    # defer_build: each model's validator is built once, on first use, after ``_describe_fields``
    # has put the descriptions in (building at class creation and again after would cost ~40 ms at
    # every start of the command line)
    model_config = ConfigDict(extra="forbid", populate_by_name=True, use_enum_values=False, defer_build=True)


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


MONITORING_KEYS = {"计量模型": "model", "碳计量参数": "parameters", "计量参数": "parameters",
                   "监测频率": "frequency_years", "监测周期": "frequency_years"}


class MonitoringPlan(Strict):
    """计量监测 (三(二)): measurement model, carbon parameters, frequency; gaps are findings (SC-3.2-mrv)."""

    model: Optional[Text] = None                 # 计量模型
    parameters: Optional[Text] = None            # 碳计量参数
    frequency_years: Optional[Annotated[float, NoBool, Field(ge=0.01, le=100, allow_inf_nan=False)]] = None   # 监测频率（年）

    @model_validator(mode="before")
    @classmethod
    def _chinese_keys(cls, data):
        return _rename_keys(data, MONITORING_KEYS)


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
    id: _bounded(MAX_ID)
    name: _bounded(MAX_PROJECT_NAME)
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
    geometry_file: Optional[Text] = None           # plot polygons (.shp/.gpkg/.geojson/.kml), relative to the submission
    crs: Optional[Text] = None                     # coordinate system of plots[].geometry (default EPSG:4490, CGCS2000)


class Party(Strict):
    id: NonEmpty
    name: _bounded(MAX_PARTY_NAME)
    kind: Annotated[PartyKind, _vocab(PartyKind)]
    uscc: Optional[USCC] = None
    id_number: Optional[IdNumber] = None
    address: Optional[Text] = None
    representative: Optional[Text] = None
    phone: Optional[Text] = None
    member_of: Optional[Text] = None   # id of the rural collective this person is a member of (RCLL Art. 52)
    bank_account: Optional[Text] = None    # 开户行及账号 the agreements pay to (drafting)
    household_members: list[Text] = []     # members of a contracting household who co-sign (drafting)

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
    id: _bounded(MAX_ID)
    county: CountyCode
    land_type: Annotated[LandType, _vocab(LandType)]
    forest_type: Optional[Annotated[ForestType, _vocab(ForestType)]] = None
    economic_forest: bool = False
    area_ha: PositiveArea
    measure: Annotated[Measure, _vocab(Measure)]
    holder: NonEmpty
    tenure: Annotated[Tenure, _vocab(Tenure)]
    certificate: Optional[_bounded(MAX_ID, False)] = None
    right_term_end: Optional[dt.date] = None
    non_forest_since: Optional[dt.date] = None
    boundaries: Optional[Boundaries] = None
    forest_class: Optional[Text] = None     # e.g. 林班/小班 names as printed on the certificate
    township: Optional[Text] = None         # 乡（镇） of the 坐落 (drafting: RCLL Art. 40 名称、坐落)
    village: Optional[Text] = None          # 村 of the 坐落
    quality_grade: Optional[Text] = None    # 质量等级 (RCLL Art. 40), e.g. 林地质量等级 Ⅱ级
    smallest_parcel_m2: Optional[Annotated[float, NoBool, Field(ge=0.01, le=10_000_000_000, allow_inf_nan=False)]] = None   # smallest contiguous parcel (default: the whole plot)
    wetland: bool = False                   # classed as wetland in the land survey (e.g. 森林沼泽), whatever land_type says
    greening: Optional[Annotated[GreeningUse, _vocab(GreeningUse)]] = None   # greening of roads, towns, industrial land
    unit_code: Optional[_bounded(MAX_ID, False)] = None        # 不动产单元代码 (28 characters, on the real-estate certificate)
    lin_ban: Optional[_bounded(MAX_XIAOBAN, False)] = None          # 林班 number (forest inventory)
    xiao_ban: Optional[_bounded(MAX_XIAOBAN, False)] = None         # 小班 number
    geometry: Optional[Geometry] = None     # the plot's polygon (GeoJSON or WKT), see project.crs / project.geometry_file

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
    place: Optional[Text] = None         # 签订地点 (drafting; default: the county of the plots)


class DevelopmentAgreement(_AgreementBase):
    kind: Literal[AgreementKind.DEVELOPMENT] = AgreementKind.DEVELOPMENT
    parties: list[NonEmpty] = Field(min_length=1)
    term: Optional[Period] = None
    development_deadline: Optional[dt.date] = None
    validation_deadline: Optional[dt.date] = None     # latest 审定 (drafting; HN 第十四条 long stop)
    registration_deadline: Optional[dt.date] = None   # latest 登记, else rights revert


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
    validation_deadline: Optional[dt.date] = None     # latest 审定 (drafting; HN 第十四条 long stop)
    registration_deadline: Optional[dt.date] = None   # latest 登记, else rights revert
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
    validation_deadline: Optional[dt.date] = None     # latest 审定 (drafting; HN 第十四条 long stop)
    registration_deadline: Optional[dt.date] = None   # latest 登记, else rights revert
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
    plots: list[Plot] = Field(min_length=1)
    agreements: list[Annotated[Agreement, BeforeValidator(_normalise_kind)]] = []

    # -- lookups used by facts, drafting and reports -------------------------------------
    def parties(self) -> dict[str, Party]:
        out = {self.developer.id: self.developer}
        for p in self.rights_holders:
            out.setdefault(p.id, p)
        return out

    def plot_index(self) -> dict[str, Plot]:
        return {p.id: p for p in self.plots}

    def has_geometry(self) -> bool:
        """Polygons given (inline or a geometry file); asking imports nothing of the geometry stack."""
        return bool(self.project.geometry_file) or any(p.geometry is not None for p in self.plots)


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


# -- field descriptions (zh / en) -----------------------------------------------------------
# One entry per field, keyed "Model.field" or, for a field that means the same in every model,
# by its bare name. They go into the JSON Schema (`compliance schema`), the fill-in workbook's
# hints (`compliance new`) and the YAML skeleton. A field added to the model needs its entry here
# (tests/submission/test_schema.py checks that every field of the schema has one, and only one).
FIELD_DOCS: dict[str, tuple[str, str]] = {
    # shared meanings
    "id": ("编号（在本文件中唯一）", "identifier, unique within the file"),
    "name": ("名称", "name"),
    "reference": ("文号或编号", "document or reference number"),
    "date": ("日期（YYYY-MM-DD）", "date (YYYY-MM-DD)"),
    "start": ("开始日期（含当日，YYYY-MM-DD）", "start date, inclusive (YYYY-MM-DD)"),
    "end": ("结束日期（含当日，YYYY-MM-DD）", "end date, inclusive (YYYY-MM-DD)"),
    "signed": ("签订日期；空表示尚未签订的草稿", "date signed; empty for an unsigned draft"),
    "clauses": ("协议已载明的条款代码", "codes of the clauses the agreement contains"),
    "parties": ("当事方 id 列表（developer 或 rights_holders 中的 id）", "party ids (the developer's or rights holders' ids)"),
    "transferors": ("流转方（出让林权的权利人 id）", "transferors: ids of the rights holders transferring"),
    "transferee": ("受让方 id（通常为开发主体）", "transferee id (usually the developer)"),
    "mode": ("流转方式", "mode of transfer"),
    "plots": ("涉及的地块 id 列表", "ids of the plots concerned"),
    "term": ("期限（开始、结束日期）", "term (start and end date)"),
    "price": ("流转价款", "transfer price"),
    "consent": ("集体经济组织成员同意（村民会议或代表会议）", "consent of the collective's members (assembly or representatives)"),
    "township_approval": ("乡镇人民政府批准", "approval by the township government"),
    "household_entrustments": ("承包农户书面委托（权利人 id 与签署日期）", "written entrustments by contracting households (holder id and date)"),
    "development_deadline": ("开发期限（逾期未开发的处理依据）", "deadline for development"),
    "signatory": ("代签人 id（非流转方本人签署时）", "id of whoever signed for the transferors, if not themselves"),
    "shares": ("收益分配比例（当事方 id: 比例，合计为 1）", "benefit shares (party id: share, summing to 1)"),
    "payment_schedule": ("收益支付方式与时间", "how and when benefits are paid"),
    "kind": ("类型", "kind"),
    "amount_tco2e": ("减排量（吨二氧化碳当量）", "amount in tonnes CO2-equivalent"),
    "authority": ("机关名称", "authority"),
    "holder": ("林权权利人 id（rights_holders 中的 id）", "rights holder id (an id in rights_holders)"),
    "registered": ("登记日期", "date registered"),
    # Submission
    "Submission.format": ("格式版本，固定为 forest-carbon-submission/1", "format version, always forest-carbon-submission/1"),
    "Submission.as_of": ("判定日期（默认今天）", "date the check is judged on (default: today)"),
    "Submission.project": ("项目基本信息", "the project"),
    "Submission.developer": ("项目业主 / 开发主体", "the project owner / developer"),
    "Submission.rights_holders": ("林权权利人（集体经济组织、农户等）", "forest-right holders (collectives, households …)"),
    "Submission.plots": ("地块（小班），至少一块", "plots (sub-compartments), at least one"),
    "Submission.agreements": ("协议：开发、流转、收益分配或三方协议", "agreements: development, transfer, benefit or tripartite"),
    # Project
    "Project.id": ("项目编号", "project identifier"),
    "Project.name": ("项目名称", "project name"),
    "Project.province": ("省份代码（43 湖南、51 四川、50 重庆）", "province code (43 Hunan, 51 Sichuan, 50 Chongqing)"),
    "Project.mechanism": ("减排机制（CCER、湘林碳票、林草碳普惠 …）", "crediting mechanism (CCER, XLTP, SCPH …)"),
    "Project.methodology": ("方法学编号（如 CCER-14-001-V01）", "methodology id (e.g. CCER-14-001-V01)"),
    "Project.stage": ("当前阶段", "current stage"),
    "Project.milestones": ("各阶段到达日期（阶段: 日期）", "date each stage was reached (stage: date)"),
    "Project.start_date": ("项目开始日期（造林或活动开始）", "project start (planting or activity start)"),
    "Project.crediting_period": ("计入期", "crediting period"),
    "Project.trading_venue": ("交易场所", "trading venue"),
    "Project.registry": ("登记机构", "registry"),
    "Project.validator": ("审定机构", "validation body"),
    "Project.verifier": ("核查机构", "verification body"),
    "Project.other_registrations": ("在其他机制的登记（防止重复申报）", "registrations under other mechanisms (double-claim check)"),
    "Project.justification": ("选择国际或其他机制的理由与审查（湖南）", "justification for an international or other mechanism (Hunan)"),
    "Project.reviews": ("主管部门审核记录", "regulator reviews on record"),
    "Project.public_notices": ("公示记录", "public notices"),
    "Project.insurance": ("森林保险", "forest insurance"),
    "Project.reduction_batches": ("CCER 分期申请登记的减排量", "CCER: reduction batches applied for"),
    "Project.ccer_history": ("CCER 以往登记与注销记录", "CCER: earlier registrations and cancellations"),
    "Project.principles": ("林草碳普惠各项原则的证明材料（四川）", "SCPH: evidence for each principle (Sichuan)"),
    "Project.monitoring_plan": ("计量监测方案（四川）", "SCPH: monitoring plan (Sichuan)"),
    "Project.retirements": ("减排量注销及用途（四川）", "SCPH: retirements of reductions and their use"),
    "Project.geometry_file": ("地块图形文件（.shp/.gpkg/.geojson/.kml，相对于提交文件）；图斑按属性 id（或 plot_id）对应地块，"
                              "否则按小班字段 XIAN+LIN_BAN+XIAO_BAN 对应县级区划代码和 lin_ban、xiao_ban；一个地块的多个图斑为其多个地块部分；"
                              "文件自带的坐标系优先（GeoJSON、KML 为经纬度）",
                              "file of plot polygons (.shp/.gpkg/.geojson/.kml), relative to the submission; a feature belongs to "
                              "the plot named by its id (or plot_id) attribute, else by the 小班 fields XIAN+LIN_BAN+XIAO_BAN "
                              "(county code, lin_ban, xiao_ban); several features of one plot are its parcels; the file's own "
                              "coordinate system wins (GeoJSON and KML are lon/lat)"),
    "Project.crs": ("地块图形坐标系，默认 EPSG:4490（CGCS2000 经纬度）；可写 EPSG 代码或名称。CGCS2000 高斯-克吕格 3° 带坐标"
                    "按数值识别：东坐标含带号（如 38486684 为第 38 带，EPSG:4526）或不含带号（中央经线取自本字段，"
                    "否则按省份推定，无法唯一确定时拒收）；推定时报告说明所作假设。1980 西安坐标系、1954 北京坐标系"
                    "须配置本省七参数（datum_transforms.yaml 或 COMPLIANCE_DATUM_TRANSFORMS），否则拒收",
                    "coordinate system of the plot polygons, default EPSG:4490 (CGCS2000 lon/lat); an EPSG code or a name. "
                    "CGCS2000 Gauss–Krüger 3° zone coordinates are recognised from the numbers: easting with the zone prefix "
                    "(38486684 = zone 38, EPSG:4526) or without it (central meridian from this field, else inferred from the "
                    "province, refused when not unique); an inferred reading is stated in the report. Xian 1980 / Beijing 1954 "
                    "need the province's seven parameters configured (datum_transforms.yaml or COMPLIANCE_DATUM_TRANSFORMS), "
                    "else they are refused"),
    # Period, Justification, Review, PublicNotice, OtherRegistration
    "Justification.reason": ("理由", "reason"),
    "Justification.reviewed_by": ("审查机关", "reviewed by"),
    "Justification.date": ("审查日期", "date of the review"),
    "Review.kind": ("审核层级（县级、市州、省级 …）", "review level (county, prefecture, province …)"),
    "Review.authority": ("审核机关", "reviewing authority"),
    "Review.division": ("审核机关所在行政区划代码", "division code of the reviewing authority"),
    "Review.date": ("审核日期", "date of the review"),
    "PublicNotice.document": ("公示文件类型", "document noticed"),
    "PublicNotice.start": ("公示开始日期", "first day of the notice"),
    "PublicNotice.end": ("公示结束日期", "last day of the notice"),
    "OtherRegistration.mechanism": ("其他登记的机制", "mechanism of the other registration"),
    "OtherRegistration.id": ("该机制下的项目编号", "project id under that mechanism"),
    "OtherRegistration.plots": ("该登记涵盖的本项目地块 id", "ids of this project's plots it covers"),
    "OtherRegistration.status": ("状态：registered 已登记、cancelled 已注销、applied 已申请", "status: registered, cancelled or applied"),
    "OtherRegistration.date": ("登记或注销日期", "date registered or cancelled"),
    # CCER
    "ReductionBatch.period": ("减排量产生期间", "period in which the reductions arose"),
    "ReductionBatch.application_date": ("申请登记日期", "date applied for registration"),
    "ReductionBatch.id": ("批次编号（注销时引用）", "batch id (retirements refer to it)"),
    "ReductionBatch.registered": ("登记（签发）日期；空表示尚未登记", "date registered (issued); empty if not yet"),
    "CcerRecord.id": ("以往登记编号", "earlier registration number"),
    "CcerRecord.registered": ("以往登记日期", "date of the earlier registration"),
    "CcerRecord.cancelled": ("注销日期", "date cancelled"),
    "CcerRecord.reason": ("注销原因", "reason for cancellation"),
    # SCPH
    "Principles.authenticity": ("真实性证明材料", "evidence of authenticity"),
    "Principles.additionality": ("额外性证明材料", "evidence of additionality"),
    "Principles.uniqueness": ("唯一性证明材料", "evidence of uniqueness"),
    "Principles.inclusiveness": ("普惠性证明材料", "evidence of inclusiveness"),
    "Principles.representativeness": ("代表性证明材料", "evidence of representativeness"),
    "Principles.data_availability": ("数据可获得性证明材料", "evidence of data availability"),
    "MonitoringPlan.model": ("计量模型", "measurement model"),
    "MonitoringPlan.parameters": ("碳计量参数", "carbon-accounting parameters"),
    "MonitoringPlan.frequency_years": ("监测频率（年）", "monitoring interval in years"),
    "Retirement.id": ("注销凭证编号", "retirement certificate number"),
    "Retirement.batch": ("注销的批次编号（reduction_batches 中的 id）", "batch retired (an id in reduction_batches)"),
    "Retirement.purpose": ("注销用途", "purpose of the retirement"),
    "Retirement.date": ("注销日期", "date retired"),
    "Retirement.beneficiary": ("碳中和主体、履责人或修复义务人", "beneficiary (neutrality claimant, duty bearer, liable party)"),
    "Retirement.court": ("生态司法：法院", "judicial restoration: the court"),
    "Retirement.case_number": ("生态司法：案号", "judicial restoration: case number"),
    # Party
    "Party.id": ("当事方编号（协议与地块引用它）", "party id (plots and agreements refer to it)"),
    "Party.name": ("名称或姓名", "name"),
    "Party.kind": ("主体类型：企业、集体经济组织、自然人、事业单位", "kind: enterprise, collective, individual, institution"),
    "Party.uscc": ("统一社会信用代码（18 位，非自然人必填）", "unified social credit code (18 characters; organisations)"),
    "Party.id_number": ("身份证号码（18 位，自然人必填）", "resident ID number (18 characters; individuals)"),
    "Party.address": ("地址", "address"),
    "Party.representative": ("法定代表人或负责人", "legal representative"),
    "Party.phone": ("联系电话", "phone"),
    "Party.member_of": ("所属集体经济组织的 id（农户）", "id of the collective this person belongs to"),
    # Plot
    "Plot.id": ("地块（小班）编号", "plot (sub-compartment) id"),
    "Plot.county": ("县级行政区划代码（6 位，如 430626）", "county division code (6 digits, e.g. 430626)"),
    "Plot.land_type": ("地类", "land type"),
    "Plot.forest_type": ("林分类型", "forest type"),
    "Plot.economic_forest": ("是否经济林（是/否）", "economic forest (true/false)"),
    "Plot.area_ha": ("面积（公顷）", "area in hectares"),
    "Plot.measure": ("营造林措施", "forestry measure"),
    "Plot.tenure": ("经营方式（集体统一经营、家庭承包、国有）", "tenure (collective-run, household-contracted, state)"),
    "Plot.certificate": ("林权（不动产权）证号", "forest-right (real-estate) certificate number"),
    "Plot.right_term_end": ("承包或经营权期限届满日", "end of the holder's contract or management-right term"),
    "Plot.non_forest_since": ("自何时起为无林地（造林项目）", "non-forest since (afforestation)"),
    "Plot.boundaries": ("四至（东、南、西、北）", "boundaries (east, south, west, north)"),
    "Plot.forest_class": ("林班、小班名称", "compartment / sub-compartment names"),
    "Plot.smallest_parcel_m2": ("最小连片面积（平方米，默认整块）", "smallest contiguous parcel in m² (default: the whole plot)"),
    "Plot.wetland": ("土地调查中是否为湿地（如森林沼泽）", "classed as wetland in the land survey"),
    "Plot.greening": ("绿化用途（通道、城镇村、工矿）", "greening use (corridor, urban, industrial)"),
    "Plot.unit_code": ("不动产单元代码（28 位，见不动产权证书）；跨项目核查同一不动产单元（X-overlap）",
                       "real-estate unit code (28 characters, on the certificate); the cross-project check (X-overlap) compares it"),
    "Plot.lin_ban": ("林班号（森林资源调查）；与县级区划代码、小班号一起对应图形文件的 LIN_BAN，并用于跨项目核查同一小班",
                     "compartment (林班) number of the forest inventory; with the county code and xiao_ban it joins a geometry "
                     "file's LIN_BAN and identifies the 小班 across projects"),
    "Plot.xiao_ban": ("小班号（森林资源调查）；对应图形文件的 XIAO_BAN，比较时忽略前导零",
                      "sub-compartment (小班) number; joins a geometry file's XIAO_BAN, leading zeros ignored"),
    "Plot.geometry": ("地块边界：GeoJSON Polygon/MultiPolygon，或 WKT 文本（工作簿的 geometry 列）；坐标系见 project.crs；"
                      "优先于 project.geometry_file 中该地块的图斑",
                      "plot boundary: GeoJSON Polygon/MultiPolygon, or WKT text (the workbook's geometry column); coordinates "
                      "in project.crs; wins over the plot's feature in project.geometry_file"),
    "Boundaries.east": ("东至", "east boundary"),
    "Boundaries.south": ("南至", "south boundary"),
    "Boundaries.west": ("西至", "west boundary"),
    "Boundaries.north": ("北至", "north boundary"),
    # agreements
    "DevelopmentAgreement.kind": ("协议类型：development 开发协议", "agreement kind: development"),
    "TransferAgreement.kind": ("协议类型：transfer 流转协议", "agreement kind: transfer"),
    "BenefitAgreement.kind": ("协议类型：benefit 收益分配协议", "agreement kind: benefit"),
    "TripartiteAgreement.kind": ("协议类型：tripartite 三方协议（合并开发、流转、收益分配）", "agreement kind: tripartite (development, transfer and benefit in one)"),
    "Price.amount_yuan": ("金额（元）", "amount in yuan"),
    "Price.per": ("计价单位：year 每年、total 总价、once 一次性", "per: year, total or once"),
    "Price.payment": ("支付方式", "how it is paid"),
    "Consent.body": ("表决机构：村民会议或村民代表会议", "voting body: members' assembly or representatives"),
    "Consent.in_favour": ("同意人数", "number in favour"),
    "Consent.members": ("应到人数", "number of members"),
    "Consent.notice": ("表决前公示期间", "notice period before the vote"),
    "Consent.resolution_date": ("决议日期", "date of the resolution"),
    "TownshipApproval.authority": ("批准的乡镇人民政府", "approving township government"),
    "TownshipApproval.date": ("批准日期", "date approved"),
    "Entrustment.holder": ("委托的承包农户 id", "id of the entrusting household"),
    "Entrustment.signed": ("委托书签署日期", "date the entrustment was signed"),
    # fields added for drafting and the Sichuan review (issue 17, 13)
    "place": ("签订地点（起草用；缺省为地块所在县）", "place of signing (drafting; default: the county of the plots)"),
    "written": ("是否为书面合同（是/否；农村土地承包法第四十条：流转应当签订书面合同，口头约定为“否”；默认是）",
                "whether the contract is in writing (yes/no; RCLL art. 40: a transfer needs a written contract, an oral one is “no”; default yes)"),
    "Party.bank_account": ("收款开户行及账号（起草的价款和收益支付表用）", "bank and account number payments go to (drafting)"),
    "Party.household_members": ("共同签字的承包农户家庭成员姓名", "members of the contracting household who co-sign"),
    "Plot.township": ("坐落：乡（镇）", "location: township"),
    "Plot.village": ("坐落：村", "location: village"),
    "Plot.compartment": ("林班号", "compartment number"),
    "Plot.subcompartment": ("小班号", "sub-compartment number"),
    "Plot.quality_grade": ("质量等级（农村土地承包法第四十条）", "quality grade (RCLL art. 40)"),
    "Retirement.registry": ("办理注销的登记机构（应为林草碳普惠减排量的登记机构，川林发 二(二)）",
                            "registry that recorded the retirement (the registry of the SCPH reductions, SC 2(2))"),
    "Review.batches": ("评估覆盖的减排量批次 id（专家委员会技术评估 expert_committee 填写，多个用分号分隔；每个申请或登记的批次须在其登记前经评估，川林发 三(三)）",
                       "ids of the reduction batches the assessment covers (expert_committee reviews; several separated by semicolons; every batch applied for or registered is assessed before its registration, SC 3(3))"),
    "validation_deadline": ("审定最迟日期（逾期权利返还；缺省时起草按期限起始日后12个月）", "latest validation date (rights revert if missed; drafts default to 12 months)"),
    "registration_deadline": ("登记最迟日期（逾期权利返还）", "latest date of registration, else the rights revert"),
}


def field_doc(model: type, name: str) -> Optional[tuple[str, str]]:
    """The (zh, en) description of a model's field, from FIELD_DOCS (model-specific entry first)."""
    for cls in model.__mro__:
        hit = FIELD_DOCS.get(f"{getattr(cls, '__name__', '')}.{name}")
        if hit:
            return hit
    return FIELD_DOCS.get(name)


def _describe_fields() -> None:
    """Put every FIELD_DOCS entry into the model fields' ``description`` (zh / en)."""
    models = [Submission, Project, Period, Justification, Review, PublicNotice, OtherRegistration, ReductionBatch,
              CcerRecord, Principles, MonitoringPlan, Retirement, Party, Plot, Boundaries, Price, Consent,
              TownshipApproval, Entrustment, DevelopmentAgreement, TransferAgreement, BenefitAgreement,
              TripartiteAgreement]
    models += [c for c in Strict.__subclasses__() if c not in models]
    for model in models:
        for name, info in model.model_fields.items():
            doc = field_doc(model, name)
            if doc and not info.description:
                info.description = f"{doc[0]} / {doc[1]}"
    # the models are built on first use (defer_build), so their schemas carry these descriptions


def _nested_models(tp: Any) -> list:
    from typing import get_args

    out = []
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    for a in get_args(tp):
        out += _nested_models(a)
    return out


_describe_fields()
prebuilt.install(Strict)   # validators of earlier runs (compliance.submission.prebuilt): no schema build at start
