"""Build the example portfolio: examples/portfolio/hunan-portfolio.xlsx and the CSV folder hunan-portfolio/.

    python examples/portfolio/build_example.py

Four Hunan projects, judged on 2026-06-01 (column as_of):
- HN-PJ-2026-001 平江县幕阜山造林碳汇项目 (CCER): the project of examples/hunan-ccer-afforestation.yaml;
- HN-PJ-2026-002 浏阳市大围山湘林碳票项目 (湘林碳票, pilot area, one tripartite agreement): clean;
- HN-PJ-2026-003 平江县龙源村湘林碳票项目 (湘林碳票): claims plot 430626-LY-012-07, which project 001 already
  claims for CCER (X-double-claim on both), and its agreements are 26 months old at stage 开发;
- HN-PJ-2024-004 安化县柘溪库区造林碳汇项目 (CCER): same developer, agreements 31 months old at stage 开发
  (with 003: X-enclosure for 湖南湘林碳汇开发有限公司).
The workbook's first sheet 说明 documents the column layout (see compliance/tabular.py).
"""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

CLAUSES_DEV = "parties; location_area; term; use; rights_obligations; price_payment; expropriation_compensation; " \
              "expiry_disposal; breach_liability; dispute_resolution; confidentiality; development_deadline"
CLAUSES_TRANSFER = "parties; location_area; term; use; rights_obligations; price_payment; expropriation_compensation; " \
                   "expiry_disposal; breach_liability; dispute_resolution; development_deadline"
CLAUSES_BENEFIT = "shares; payment_schedule; accounts_disclosure; dispute_resolution"
CLAUSES_TRI = CLAUSES_DEV + "; shares; payment_schedule; accounts_disclosure"

PROJECTS = [
    {"project_id": "HN-PJ-2026-001", "name": "平江县幕阜山造林碳汇项目", "developer": "DEV-MF", "as_of": "2026-06-01",
     "province": "43", "mechanism": "CCER", "methodology": "CCER-14-001-V01", "stage": "design",
     "milestones.development": "2026-02-10", "milestones.design": "2026-04-20", "start_date": "2026-03-01",
     "crediting_period.start": "2026-03-01", "crediting_period.end": "2046-02-28", "trading_venue": "北京绿色交易所",
     "registry": "国家应对气候变化战略研究和国际合作中心", "validator": "中环联合（北京）认证中心有限公司",
     "insurance": "中国人寿财险 森林保险 2026-2027"},
    {"project_id": "HN-PJ-2026-002", "name": "浏阳市大围山湘林碳票项目", "developer": "DEV-XL", "as_of": "2026-06-01",
     "province": "湖南", "mechanism": "湘林碳票", "stage": "设计",
     "milestones.development": "2026-02-20", "milestones.design": "2026-05-10", "start_date": "2026-03-15",
     "crediting_period.start": "2026-03-15", "crediting_period.end": "2046-03-14",
     "insurance": "人保财险 林木综合保险 2026"},
    {"project_id": "HN-PJ-2026-003", "name": "平江县龙源村湘林碳票项目", "developer": "DEV-XL", "as_of": "2026-06-01",
     "province": "43", "mechanism": "XLTP", "stage": "development", "milestones.development": "2024-03-01",
     "start_date": "2024-04-01", "crediting_period.start": "2024-04-01", "crediting_period.end": "2044-03-31"},
    {"project_id": "HN-PJ-2024-004", "name": "安化县柘溪库区造林碳汇项目", "developer": "DEV-XL", "as_of": "2026-06-01",
     "province": "43", "mechanism": "CCER", "methodology": "CCER-14-001-V01", "stage": "development",
     "milestones.development": "2023-09-01", "start_date": "2024-03-01",
     "crediting_period.start": "2024-03-01", "crediting_period.end": "2054-02-28",
     "insurance": "中华联合财险 森林保险 2024-2026"},
]

PARTIES = [
    # shared developers (no project_id): one row for every project they run
    {"project_id": "", "id": "DEV-MF", "name": "湖南幕阜碳汇科技有限公司", "kind": "enterprise", "uscc": "91430626MA4T8K2L3Y",
     "address": "湖南省岳阳市平江县城关镇建设路88号"},
    {"project_id": "", "id": "DEV-XL", "name": "湖南湘林碳汇开发有限公司", "kind": "enterprise", "uscc": "91430100MA4XLTP013",
     "address": "湖南省长沙市岳麓区麓谷大道627号", "representative": "周建国"},
    # project 001
    {"project_id": "HN-PJ-2026-001", "id": "RH1", "name": "平江县长寿镇龙源村股份经济合作联社", "kind": "collective",
     "uscc": "N2430626MF00123457", "address": "湖南省岳阳市平江县长寿镇龙源村"},
    {"project_id": "HN-PJ-2026-001", "id": "RH2", "name": "李春华", "kind": "individual", "id_number": "430626199203154411",
     "address": "湖南省岳阳市平江县长寿镇龙源村三组"},
    # project 002
    {"project_id": "HN-PJ-2026-002", "id": "RH1", "name": "浏阳市大围山镇楚东村股份经济合作联社", "kind": "集体经济组织",
     "uscc": "N2430181MF0045601F", "address": "湖南省长沙市浏阳市大围山镇楚东村"},
    {"project_id": "HN-PJ-2026-002", "id": "RH2", "name": "罗志强", "kind": "个人", "id_number": "430181197806112315",
     "address": "湖南省长沙市浏阳市大围山镇楚东村五组"},
    # project 003: 李春华 signs again, for the plot already in project 001
    {"project_id": "HN-PJ-2026-003", "id": "RH1", "name": "平江县长寿镇龙源村股份经济合作联社", "kind": "collective",
     "uscc": "N2430626MF00123457", "address": "湖南省岳阳市平江县长寿镇龙源村"},
    {"project_id": "HN-PJ-2026-003", "id": "RH2", "name": "李春华", "kind": "individual", "id_number": "430626199203154411",
     "address": "湖南省岳阳市平江县长寿镇龙源村三组"},
    # project 004
    {"project_id": "HN-PJ-2024-004", "id": "RH1", "name": "安化县柘溪镇山坪村股份经济合作联社", "kind": "collective",
     "uscc": "N2430923MF0031203K", "address": "湖南省益阳市安化县柘溪镇山坪村"},
    {"project_id": "HN-PJ-2024-004", "id": "RH2", "name": "陈桂英", "kind": "individual", "id_number": "430923197003153615",
     "address": "湖南省益阳市安化县柘溪镇山坪村二组"},
]

B = {"boundaries.east": "", "boundaries.south": "", "boundaries.west": "", "boundaries.north": ""}


def plot(project, pid, county, area, holder, tenure, cert, term_end, since, bounds, forest_type="planted_arbor",
         measure="afforestation"):
    east, south, west, north = bounds
    return {"project_id": project, "id": pid, "county": county, "land_type": "forest", "forest_type": forest_type,
            "economic_forest": "否", "area_ha": area, "measure": measure, "holder": holder, "tenure": tenure,
            "certificate": cert, "right_term_end": term_end, "non_forest_since": since,
            "boundaries.east": east, "boundaries.south": south, "boundaries.west": west, "boundaries.north": north}


PLOTS = [
    plot("HN-PJ-2026-001", "430626-LY-012-03", "430626", 35.2, "RH1", "collective_run", "湘（2021）平江县不动产权第0001234号",
         "2080-12-31", "2019-01-01", ("山脊", "龙源溪", "林道", "村界")),
    plot("HN-PJ-2026-001", "430626-LY-012-07", "430626", 8.6, "RH2", "household_contracted", "湘（2019）平江县不动产权第0000877号",
         "2076-06-30", "2018-05-01", ("李姓林地", "山脚水田", "龙源溪", "山脊"), forest_type=""),
    plot("HN-PJ-2026-002", "430181-CD-031-02", "430181", 52.4, "RH1", "collective_run", "湘（2022）浏阳市不动产权第0012045号",
         "2082-12-31", "2019-06-01", ("大围山林场", "楚东溪", "县道X041", "山脊")),
    plot("HN-PJ-2026-002", "430181-CD-031-05", "430181", 18.9, "RH1", "collective_run", "湘（2022）浏阳市不动产权第0012045号",
         "2082-12-31", "2019-06-01", ("山脊", "楚东溪", "031-02小班", "村界")),
    plot("HN-PJ-2026-002", "430181-CD-033-01", "430181", 6.3, "RH2", "household_contracted", "湘（2020）浏阳市不动产权第0008816号",
         "2078-09-30", "2018-11-01", ("罗姓承包地", "水田", "林道", "山脊")),
    plot("HN-PJ-2026-003", "430626-LY-012-07", "430626", 8.6, "RH2", "household_contracted", "湘（2019）平江县不动产权第0000877号",
         "2076-06-30", "2018-05-01", ("李姓林地", "山脚水田", "龙源溪", "山脊")),
    plot("HN-PJ-2026-003", "430626-LY-015-02", "430626", 41.0, "RH1", "collective_run", "湘（2021）平江县不动产权第0001302号",
         "2080-12-31", "2019-01-01", ("村界", "长寿河", "山脊", "012林班")),
    plot("HN-PJ-2024-004", "430923-SP-007-04", "430923", 63.5, "RH1", "collective_run", "湘（2020）安化县不动产权第0004471号",
         "2079-12-31", "2018-03-01", ("柘溪水库", "山坪溪", "乡道Y012", "山脊")),
    plot("HN-PJ-2024-004", "430923-SP-009-01", "430923", 12.2, "RH2", "household_contracted", "湘（2018）安化县不动产权第0002290号",
         "2075-08-31", "2017-10-01", ("陈姓林地", "水田", "山坪溪", "山脊")),
]


def agreement(project, kind, signed, **kw):
    row = {"project_id": project, "kind": kind, "signed": signed}
    row.update(kw)
    return row


CONSENT = {"consent.body": "villager_representatives", "consent.in_favour": 31, "consent.members": 42,
           "consent.notice.start": "2026-01-05", "consent.notice.end": "2026-01-20", "consent.resolution_date": "2026-01-25"}

AGREEMENTS = [
    agreement("HN-PJ-2026-001", "development", "2026-02-15", parties="DEV-MF; RH1; RH2", **{"term.start": "2026-03-01",
              "term.end": "2066-02-28"}, development_deadline="2027-02-28", clauses=CLAUSES_DEV),
    agreement("HN-PJ-2026-001", "transfer", "2026-02-15", transferors="RH1; RH2", transferee="DEV-MF", mode="lease",
              plots="430626-LY-012-03; 430626-LY-012-07", **{"term.start": "2026-03-01", "term.end": "2066-02-28",
              "price.amount_yuan": 120000, "price.per": "year", "price.payment": "每年3月31日前支付"}, **CONSENT,
              development_deadline="2027-02-28", clauses=CLAUSES_TRANSFER),
    agreement("HN-PJ-2026-001", "benefit", "2026-02-15", parties="DEV-MF; RH1; RH2", shares="DEV-MF:0.35; RH1:0.50; RH2:0.15",
              clauses=CLAUSES_BENEFIT),
    agreement("HN-PJ-2026-002", "三方协议", "2026-02-26", parties="DEV-XL; RH1; RH2", transferors="RH1; RH2", transferee="DEV-XL",
              mode="entrustment", plots="430181-CD-031-02; 430181-CD-031-05; 430181-CD-033-01",
              **{"term.start": "2026-03-15", "term.end": "2066-03-14", "price.amount_yuan": 0, "price.per": "total",
                 "price.payment": "以碳汇收益分成代替流转价款", "consent.body": "村民会议", "consent.in_favour": 156,
                 "consent.members": 198, "consent.notice.start": "2026-01-20", "consent.notice.end": "2026-02-05",
                 "consent.resolution_date": "2026-02-10"},
              development_deadline="2027-03-31", shares="DEV-XL:0.30; RH1:0.55; RH2:0.15",
              payment_schedule="每年减排量交易完成后30日内支付", clauses=CLAUSES_TRI),
    agreement("HN-PJ-2026-003", "development", "2024-03-15", parties="DEV-XL; RH1; RH2", **{"term.start": "2024-04-01",
              "term.end": "2064-03-31"}, development_deadline="2025-03-31", clauses=CLAUSES_DEV),
    agreement("HN-PJ-2026-003", "transfer", "2024-03-15", transferors="RH1; RH2", transferee="DEV-XL", mode="lease",
              plots="430626-LY-012-07; 430626-LY-015-02", **{"term.start": "2024-04-01", "term.end": "2064-03-31",
              "price.amount_yuan": 98000, "price.per": "year", "price.payment": "每年4月30日前支付",
              "consent.body": "villager_representatives", "consent.in_favour": 30, "consent.members": 42,
              "consent.notice.start": "2024-02-01", "consent.notice.end": "2024-02-20", "consent.resolution_date": "2024-02-25"},
              development_deadline="2025-03-31", clauses=CLAUSES_TRANSFER),
    agreement("HN-PJ-2026-003", "benefit", "2024-03-15", parties="DEV-XL; RH1; RH2", shares="DEV-XL:0.40; RH1:0.45; RH2:0.15",
              clauses=CLAUSES_BENEFIT),
    agreement("HN-PJ-2024-004", "development", "2023-11-20", parties="DEV-XL; RH1; RH2", **{"term.start": "2024-03-01",
              "term.end": "2064-02-28"}, development_deadline="2024-11-30", clauses=CLAUSES_DEV),
    agreement("HN-PJ-2024-004", "transfer", "2023-11-20", transferors="RH1; RH2", transferee="DEV-XL", mode="lease",
              plots="430923-SP-007-04; 430923-SP-009-01", **{"term.start": "2024-03-01", "term.end": "2064-02-28",
              "price.amount_yuan": 151000, "price.per": "year", "price.payment": "每年3月31日前支付",
              "consent.body": "villagers_meeting", "consent.in_favour": 212, "consent.members": 287,
              "consent.notice.start": "2023-10-08", "consent.notice.end": "2023-10-25", "consent.resolution_date": "2023-11-02"},
              development_deadline="2024-11-30", clauses=CLAUSES_TRANSFER),
    agreement("HN-PJ-2024-004", "benefit", "2023-11-20", parties="DEV-XL; RH1; RH2", shares="DEV-XL:0.38; RH1:0.47; RH2:0.15",
              clauses=CLAUSES_BENEFIT),
]

REVIEWS = [
    {"project_id": "HN-PJ-2026-001", "kind": "prefecture", "authority": "岳阳市林业局", "division": "4306", "date": "2026-04-28"},
    {"project_id": "HN-PJ-2026-002", "kind": "prefecture", "authority": "长沙市林业局", "division": "4301", "date": "2026-05-18"},
]


def readme_rows() -> list[list[str]]:
    from compliance.submission import workbook as tabular

    rows = [
        ["林业碳汇项目批量提交工作簿（forest-carbon-submission/1 表格形式）"],
        ["表头在第 1 行；列名即提交格式的字段名，取值可用代码或中文名称（如 湘林碳票 = XLTP）。检查：compliance batch 本文件 -o 报告.xlsx"],
        ["列表字段用分号分隔（DEV; RH1）；键值字段用“键:值”并以分号分隔（shares = DEV:0.35; RH1:0.65）；嵌套字段用点号列名（crediting_period.start）。"],
        ["parties 表中 project_id 为空的当事方为各项目共享（如开发主体）；每个项目在 projects 表的 developer 列写开发主体 id。"],
        ["备注列请命名为“备注”或以 # 开头；其他未知列会被报告并忽略。可选工作表：reviews（审核）、notices（公示）、registrations（其他机制登记），以及项目中其他记录列表（如 reduction_batches），列见下表。"],
        [],
        ["工作表 sheet", "列 column", "形式 kind"],
    ]
    kinds = {"scalar": "值", "bool": "是/否", "list": "分号分隔列表", "map": "键:值; 键:值（或 列名.键）", "pairs": "键:值; 键:值"}
    for sheet, col, kind in tabular.column_docs():
        rows.append([sheet, col, kinds.get(kind, kind)])
    return rows


def add_geometry() -> None:
    """Project 001's plots carry their 小班 polygons as WKT (geometry column, CRS in the projects
    sheet's crs column), the same polygons as examples/hunan-ccer-afforestation.yaml."""
    import shapely

    from compliance.submission import files as loader

    sub = loader.load(HERE.parent / "hunan-ccer-afforestation.yaml")
    wkt = {p.id: shapely.to_wkt(shapely.geometry.shape(p.geometry), rounding_precision=6) for p in sub.plots if p.geometry}
    for row in PLOTS:
        if row["project_id"] == "HN-PJ-2026-001":
            row["geometry"] = wkt.get(row["id"], "")
    PROJECTS[0]["crs"] = sub.project.crs


def frames():
    import pandas as pd

    add_geometry()
    def df(rows, first=()):
        cols = list(first)
        for r in rows:
            for k in r:
                if k not in cols:
                    cols.append(k)
        return pd.DataFrame([{c: r.get(c, "") for c in cols} for r in rows], columns=cols)

    return {"projects": df(PROJECTS, ("project_id", "name", "developer", "as_of")), "parties": df(PARTIES),
            "plots": df(PLOTS), "agreements": df(AGREEMENTS), "reviews": df(REVIEWS)}


def _typed(df):
    """In the workbook, numbers as numbers and dates as dates (as a user's Excel file has them)."""
    import datetime as dt
    import re

    def conv(v):
        if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            return dt.date.fromisoformat(v)
        if v == "":
            return None
        return v

    return df.map(conv)


def main() -> None:
    from compliance.submission import workbook as tabular

    fs = frames()
    tabular.write_csv_folder(fs, HERE / "hunan-portfolio")
    tabular.write_workbook({k: _typed(v) for k, v in fs.items()}, HERE / "hunan-portfolio.xlsx", readme=readme_rows())
    print(f"wrote {HERE / 'hunan-portfolio.xlsx'} and {HERE / 'hunan-portfolio'}/")


if __name__ == "__main__":
    main()
