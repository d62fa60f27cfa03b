"""A small, compliant submission used to trial-render templates when linting them.

The same project as examples/hunan-ccer-afforestation.yaml (one collective and one household
rights holder, two plots, development / transfer / benefit agreements), kept inside the package
so that `compliance templates lint` works from an installed wheel.
"""
from __future__ import annotations

from functools import lru_cache

SAMPLE_YAML = """\
format: forest-carbon-submission/1
as_of: 2026-06-01

project:
  id: HN-PJ-2026-001
  name: 平江县幕阜山造林碳汇项目
  province: "43"
  mechanism: CCER
  methodology: CCER-14-001-V01
  stage: design
  milestones:
    development: 2026-02-10
    design: 2026-04-20
  start_date: 2026-03-01
  crediting_period: {start: 2026-03-01, end: 2046-02-28}
  trading_venue: 北京绿色交易所
  registry: 国家应对气候变化战略研究和国际合作中心
  validator: 中环联合（北京）认证中心有限公司
  verifier: null
  other_registrations: []
  justification: null
  reviews:
    - {kind: prefecture, authority: 岳阳市林业局, division: "4306", date: 2026-04-28}
  public_notices: []
  insurance: 中国人寿财险 森林保险 2026-2027

developer:
  id: DEV
  name: 湖南幕阜碳汇科技有限公司
  kind: enterprise
  uscc: 91430626MA4T8K2L3Y
  address: 湖南省岳阳市平江县城关镇建设路88号

rights_holders:
  - id: RH1
    name: 平江县长寿镇龙源村股份经济合作联社
    kind: collective
    uscc: N2430626MF00123457
    address: 湖南省岳阳市平江县长寿镇龙源村
  - id: RH2
    name: 李春华
    kind: individual
    id_number: 430626199203154411
    address: 湖南省岳阳市平江县长寿镇龙源村三组

plots:
  - id: 430626-LY-012-03
    county: "430626"
    land_type: forest
    forest_type: planted_arbor
    economic_forest: false
    area_ha: 35.2
    measure: afforestation
    holder: RH1
    tenure: collective_run
    certificate: 湘（2021）平江县不动产权第0001234号
    right_term_end: 2080-12-31
    non_forest_since: 2019-01-01
    boundaries: {east: 山脊, south: 龙源溪, west: 林道, north: 村界}
  - id: 430626-LY-012-07
    county: "430626"
    land_type: forest
    economic_forest: false
    area_ha: 8.6
    measure: afforestation
    holder: RH2
    tenure: household_contracted
    certificate: 湘（2019）平江县不动产权第0000877号
    right_term_end: 2076-06-30
    non_forest_since: 2018-05-01
    boundaries: {east: 李姓林地, south: 山脚水田, west: 龙源溪, north: 山脊}

agreements:
  - kind: development
    signed: 2026-02-15
    parties: [DEV, RH1, RH2]
    term: {start: 2026-03-01, end: 2066-02-28}
    development_deadline: 2027-02-28
    clauses: [parties, location_area, term, use, rights_obligations, price_payment,
              expropriation_compensation, expiry_disposal, breach_liability, dispute_resolution,
              confidentiality, development_deadline]
  - kind: transfer
    signed: 2026-02-15
    transferors: [RH1, RH2]
    transferee: DEV
    mode: lease
    plots: [430626-LY-012-03, 430626-LY-012-07]
    term: {start: 2026-03-01, end: 2066-02-28}
    price: {amount_yuan: 120000, per: year, payment: 每年3月31日前支付}
    consent:
      body: villager_representatives
      in_favour: 31
      members: 42
      notice: {start: 2026-01-05, end: 2026-01-20}
      resolution_date: 2026-01-25
    township_approval: null
    household_entrustments: []
    development_deadline: 2027-02-28
    clauses: [parties, location_area, term, use, rights_obligations, price_payment,
              expropriation_compensation, expiry_disposal, breach_liability, dispute_resolution,
              development_deadline]
  - kind: benefit
    signed: 2026-02-15
    parties: [DEV, RH1, RH2]
    shares: {DEV: 0.35, RH1: 0.50, RH2: 0.15}
    clauses: [shares, payment_schedule, accounts_disclosure, dispute_resolution]
"""


@lru_cache(maxsize=1)
def sample_submission():
    from compliance.submission.files import loads

    return loads(SAMPLE_YAML, "<sample>")


def synthetic_submission(plots: int = 500, holders: int = 50, *, names: dict[str, str] | None = None):
    """A compliant Hunan submission of any size (tests and benchmarks): one village collective
    and ``holders - 1`` households, ``plots`` plots shared among them, development, transfer and
    benefit agreements. ``names`` overrides party names by id (DEV, RH1, RH2 …)."""
    from compliance.reference.ids import id_check_digit, uscc_check_digit
    from compliance.submission.files import validate

    names = names or {}
    holders = max(1, holders)
    dev_code = "91430626MA4T8K2L3" + uscc_check_digit("91430626MA4T8K2L3")
    coll_code = "N2430626MF0012345" + uscc_check_digit("N2430626MF0012345")
    parties = [{"id": "RH1", "name": names.get("RH1", "平江县长寿镇龙源村股份经济合作联社"), "kind": "collective",
                "uscc": coll_code, "address": "湖南省岳阳市平江县长寿镇龙源村"}]
    for i in range(2, holders + 1):
        first17 = f"43062619{70 + i % 30:02d}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"
        parties.append({"id": f"RH{i}", "name": names.get(f"RH{i}", f"农户{i:03d}"), "kind": "individual",
                        "id_number": first17 + id_check_digit(first17),
                        "address": f"湖南省岳阳市平江县长寿镇龙源村{1 + i % 9}组"})
    plot_rows = []
    for i in range(plots):
        holder = parties[i % holders]["id"]
        plot_rows.append({
            "id": f"430626-LY-{i // 20 + 1:03d}-{i % 20 + 1:02d}", "county": "430626", "land_type": "forest",
            "forest_type": "planted_arbor", "area_ha": round(0.5 + (i * 37 % 200) / 10, 2), "measure": "afforestation",
            "holder": holder, "tenure": "collective_run" if holder == "RH1" else "household_contracted",
            "certificate": f"湘（2021）平江县不动产权第{i + 1:07d}号", "right_term_end": "2080-12-31",
            "non_forest_since": "2018-01-01",
            "boundaries": {"east": f"山脊{i}", "south": "龙源溪", "west": "林道", "north": "村界"},
        })
    ids = [p["id"] for p in parties]
    dev_bp, rest = 3000, 7000
    each = rest // holders
    shares = {"DEV": dev_bp / 10000}
    for n, pid in enumerate(ids):
        shares[pid] = (each + (rest - each * holders if n == 0 else 0)) / 10000
    term = {"start": "2026-03-01", "end": "2066-02-28"}
    data = {
        "format": "forest-carbon-submission/1", "as_of": "2026-06-01",
        "project": {"id": "HN-PJ-2026-900", "name": names.get("project", "平江县幕阜山造林碳汇项目（大样本）"), "province": "43",
                    "mechanism": "CCER", "methodology": "CCER-14-001-V01", "stage": "design",
                    "milestones": {"development": "2026-02-10", "design": "2026-04-20"}, "start_date": "2026-03-01",
                    "crediting_period": {"start": "2026-03-01", "end": "2046-02-28"}, "trading_venue": "北京绿色交易所",
                    "reviews": [{"kind": "prefecture", "authority": "岳阳市林业局", "division": "4306", "date": "2026-04-28"}],
                    "insurance": "中国人寿财险 森林保险 2026-2027"},
        "developer": {"id": "DEV", "name": names.get("DEV", "湖南幕阜碳汇科技有限公司"), "kind": "enterprise", "uscc": dev_code,
                      "address": "湖南省岳阳市平江县城关镇建设路88号"},
        "rights_holders": parties,
        "plots": plot_rows,
        "agreements": [
            {"kind": "development", "signed": "2026-02-15", "parties": ["DEV", *ids], "term": term,
             "development_deadline": "2027-02-28",
             "clauses": ["parties", "location_area", "term", "use", "rights_obligations", "price_payment",
                         "expropriation_compensation", "expiry_disposal", "breach_liability", "dispute_resolution",
                         "confidentiality", "development_deadline"]},
            {"kind": "transfer", "signed": "2026-02-15", "transferors": ids, "transferee": "DEV", "mode": "lease",
             "plots": [p["id"] for p in plot_rows] or None, "term": term,
             "price": {"amount_yuan": 1200 * max(plots, 1), "per": "year", "payment": "每年3月31日前支付"},
             "consent": {"body": "villager_representatives", "in_favour": 31, "members": 42,
                         "notice": {"start": "2026-01-05", "end": "2026-01-20"}, "resolution_date": "2026-01-25"},
             "development_deadline": "2027-02-28",
             "clauses": ["parties", "location_area", "term", "use", "rights_obligations", "price_payment",
                         "expropriation_compensation", "expiry_disposal", "breach_liability", "dispute_resolution",
                         "development_deadline"]},
            {"kind": "benefit", "signed": "2026-02-15", "parties": ["DEV", *ids], "shares": shares,
             "clauses": ["shares", "payment_schedule", "accounts_disclosure", "dispute_resolution"]},
        ],
    }
    if not plot_rows:        # a transfer agreement needs plots: without any, record development and benefit only
        data["agreements"].pop(1)
    return validate(data, "<synthetic>")
