"""Where the plots lie: every plot in the province the project declares (LOC-), for every province.

The declared province (``project.province``) selects the provincial rules a project is judged by
(湘林基〔2025〕5号 第二条: 全省行政区域内; 川林发〔2024〕3号: the Sichuan mechanism). A project whose plots lie
elsewhere would be judged by the wrong province's rules, so a plot outside the declared province is an
error for every province, named with the NBS division data of all provinces ("位于湖南省岳阳市平江县").
Where a provincial scope rule (HN-2-scope, SC-2-scope) judges the same plot, its finding replaces this
one (``exception_to``), so a plot is reported once.
"""
from __future__ import annotations

import datetime as dt

from compliance.reference import divisions
from compliance.rules.facts import Context
from compliance.reference.vocab import Severity
from .base import OPEN_END, Case, Citation, F, Jurisdiction, Ruleset, rule, fact_kind

DOC = "提交格式 forest-carbon-submission/1"
BASIS = Citation(DOC, "project.province", "secondary",
                 "产品规则：申报省份决定适用的省级规定（湘林基〔2025〕5号第二条“全省行政区域内”；川林发〔2024〕3号适用于四川省），地块须位于该省")
WINDOW = (dt.date.min, OPEN_END)
POINT = "plot-location"


def derive(ctx: Context) -> list[dict]:
    pr = ctx.sub.project
    province = pr.province.value
    facts = []
    by_county: dict[str, dict] = {}      # what follows from the county, once per distinct county
    for i, p in enumerate(ctx.sub.plots):
        where = by_county.get(p.county)
        if where is None:
            where = by_county[p.county] = {
                "county": p.county, "place": divisions.place(p.county), "plot_province": divisions.province_name(p.county),
                "province": province, "province_zh": pr.province.zh, "province_en": pr.province.en,
                "in_province": divisions.province_of(p.county) == province,
            }
        facts.append({"kind": "loc.plot", "path": f"plots[{i}]", "plot_id": p.id, **where})
    return facts


RULES = [
    rule("LOC-province", ("地块位于项目申报的省份", "plots lie in the province the project declares"),
         BASIS, "loc.plot", source="LOC", decides=POINT,
         reading="申报省份与地块所在省一致是产品为正确选择省级规定而作的核对，非文件原文",
         cases=[
             Case("outside", F.in_province == False, Severity.ERROR,
                  "地块 {plot_id} 位于{place}（{county}），不在项目申报的{province_zh}：项目按申报省份适用省级规定，地块所在省与之不符",
                  "plot {plot_id} lies in {place} ({county}), not in {province_en}, the province the project declares: "
                  "the provincial rules are chosen by that province",
                  "核对地块的县级区划代码和 project.province；不同省份的地块应分别申报",
                  "check the plot's county code and project.province; plots in different provinces are submitted as separate projects",
                  at="county", show=("county", "plot_province")),
         ]),
]

FACTS = (
    fact_kind("loc.plot",
              in_province=("地块的县级区划代码属项目申报的省份", "the plot's county lies in the declared province", "project.province"),
              county=("地块的县级区划代码", "the plot's county code", "project.province"),
              plot_province=("县级区划代码所属的省份（国家统计局区划数据）", "the province the county code belongs to (NBS division data)", "project.province")),
)


RULESET = Ruleset(
    id="location", title_zh="地块位置与申报省份", title_en="Plot location and declared province", source="LOC",
    jurisdiction=Jurisdiction(), window=WINDOW, rules=RULES, derive=derive, facts=FACTS, document=DOC,
)
