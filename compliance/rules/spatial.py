"""Plot geometry (GEO-): valid polygons on CGCS2000, computed vs declared area, overlaps.

These rules read the polygons a submission carries (``plots[].geometry`` or
``project.geometry_file``, see ``compliance.submission.geometry``); a submission without
geometry yields no GEO fact, so nothing here changes its findings. They apply to every
project, whatever its province or mechanism.

The smallest contiguous parcel (AFF-2-parcel, CCER-14-001-V01 2 c)) is not a second rule here:
``plot_parcel_m2`` gives the afforestation facts the parcel computed from the polygon, which
then replaces the declared ``smallest_parcel_m2``.

X-overlap (plots of two projects on the same ground under different plot ids) is declared
here beside the others but decided across projects (``compliance.submission.geometry.overlap``,
``compliance batch``, the project library), like X-double-claim.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from compliance.reference.vocab import Severity
from compliance.rules.facts import Context
from .base import Case, Citation, F, Jurisdiction, P, Ruleset, fact_kind, param, rule

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
SINCE = dt.date(2011, 1, 1)

MEAS_DOC = "温室气体自愿减排交易管理办法（试行）"
SURVEY = Citation("GB/T 26424-2010 森林资源规划设计调查技术规程", "小班区划与面积求算", "secondary",
                  "小班以闭合、互不重叠的图斑区划，面积按图斑求算；技术标准，条款号未据正式文本核对")
# 测绘法 (2017 修订): 第五条 obliges every survey to use the national datum and systems; 第十条 sets them up
DATUM = Citation("中华人民共和国测绘法", "第五条", "primary",
                 "从事测绘活动应当使用国家规定的测绘基准和测绘系统；国家规定的大地坐标系为 2000 国家大地坐标系（CGCS2000），"
                 "自然资源部要求 2018 年 7 月 1 日起全面使用（部门通知，二手）")
DATUM_SYSTEMS = Citation("中华人民共和国测绘法", "第十条", "primary", "国家建立全国统一的大地坐标系统、平面坐标系统")
MEAS_REAL = Citation(MEAS_DOC, "第十条第一款第（一）项", "primary", "申请登记的项目应当具备真实性、唯一性和额外性")
MEAS_48 = Citation(MEAS_DOC, "第四十八条")
SC_64 = Citation("川林发〔2024〕3号", "六(四)", "primary",
                 "确保项目的真实性；对项目地块合格性审核把关，防控资源无序圈占、弄虚作假（适用于四川的全部林草碳汇项目）")
HN_14 = Citation("湘林基〔2025〕5号", "第十四条", "primary", "对以开发为名圈定、控制、侵占林业碳汇资源的，应及时采取措施")
HN_REVIEW = Citation("湘林基〔2025〕5号", "第四条第二款", "secondary",
                     "产品的解读：市州林业局对辖区内项目的审核把关包括地块图形、面积和是否重叠；条文未明列")
TOLERANCE = Citation("GB/T 26424-2010 森林资源规划设计调查技术规程", "小班面积精度", "secondary",
                     "容差为工作台默认值，不是法定数值；按省级调查细则调整")
HN_COUNTY = Citation("湘林基〔2025〕5号", "第四条第三款", "secondary",
                     "产品的解读：县市区林业主管部门监督辖区内的项目开发，地块的县级区划代码决定由哪个县负责，地块应位于所申报的县内")
DIVISIONS = Citation("GB/T 2260 中华人民共和国行政区划代码", "", "secondary",
                     "地块的县级区划代码应为地块所在的县；县界以配置的县界文件为准（不随工作台提供）")
# which basis a plot's finding cites (geo facts carry ``cite``): a CCER project is bound by MEAS; a project
# with plots in Sichuan by 六(四); a Hunan project (湘林碳票 …) by the prefecture's review; others by the survey standard
BY_PROJECT = (("ccer", MEAS_REAL), ("sichuan", SC_64), ("hunan", HN_REVIEW))
COUNTY_BY_PROJECT = (("ccer", MEAS_REAL), ("sichuan", SC_64), ("hunan", HN_COUNTY))


def cite_key(sub) -> str:
    from compliance.reference.vocab import Mechanism

    if sub.project.mechanism == Mechanism.CCER:
        return "ccer"
    counties = {str(p.county)[:2] for p in sub.plots}
    if "51" in counties or sub.project.province.value == "51":
        return "sichuan"
    if "43" in counties or sub.project.province.value == "43":
        return "hunan"
    return ""


PARAMS = [
    param("GEO.area_warn_pct", 5.0, SINCE, TOLERANCE, "图形面积与申报面积相差超过此比例时警告",
          "warn when the polygon's area and the declared area differ by more than this share", "%"),
    param("GEO.area_error_pct", 15.0, SINCE, TOLERANCE, "图形面积与申报面积相差超过此比例时报错",
          "error when the polygon's area and the declared area differ by more than this share", "%"),
    param("GEO.overlap_min_m2", 100.0, SINCE, TOLERANCE, "地块重叠面积超过此值（且超过比例容差）才算重叠（数字化误差以内的细缝不计）",
          "an overlap counts when larger than this (and above the share tolerance): digitising slivers do not", "m²"),
    param("GEO.overlap_min_pct", 1.0, SINCE, TOLERANCE, "重叠面积占较小地块面积超过此比例（且超过面积容差）才算重叠",
          "an overlap counts when above this share of the smaller plot (and above the area tolerance)", "%"),
    param("GEO.county_outside_warn_pct", 5.0, SINCE, TOLERANCE, "地块图形位于其申报县界之外的面积超过此比例时警告（县界数据的精度以内不计）",
          "warn when more than this share of a plot's polygon lies outside the county it declares (within the boundary data's accuracy it does not count)", "%"),
    param("GEO.county_outside_error_pct", 50.0, SINCE, TOLERANCE, "地块图形大部分（超过此比例）位于申报县之外时报错",
          "error when most of a plot's polygon (more than this share) lies outside the county it declares", "%"),
]


def geometries(ctx: Context):
    def resolve():
        sub = ctx.sub
        if not sub.has_geometry():
            return None     # no geometry: the geometry stack (numpy, shapely, pyproj) is not imported
        from compliance.submission import geometry

        return geometry.of(sub)

    return ctx.memo("geometry", resolve)    # once per check, not once per plot


def plot_parcel_m2(ctx: Context, index: int) -> Optional[float]:
    """The smallest contiguous parcel of plot ``index`` computed from its polygon (m²), or None
    when the plot has no usable polygon (then the declared smallest_parcel_m2 stands)."""
    geo = geometries(ctx)
    pg = geo.get(index) if geo else None
    return round(pg.parcel_m2, 2) if pg is not None and pg.parcel_m2 is not None else None


def within_project_overlaps(geo, plots) -> list[tuple[int, int, float, float]]:
    """(i, j, overlap m², share of the smaller plot) for every pair of the project's plots whose
    polygons overlap (touching edges do not)."""
    from compliance.submission.geometry.overlap import pair_overlaps

    items = [(i, pg.usable, pg.area_m2 or 0.0) for i, pg in sorted(geo.plots.items()) if pg.usable is not None]
    return pair_overlaps(items)


def derive(ctx: Context) -> list[dict]:
    geo = geometries(ctx)
    if geo is None:
        return []
    sub = ctx.sub
    facts: list[dict] = []
    cite = cite_key(sub)
    notes_zh, notes_en = "；".join(geo.notes("zh")), "; ".join(geo.notes("en"))
    facts.append({"kind": "geo.project", "path": "project", "crs_assumed": any(f.assumed for _, f in geo.frames),
                  "crs_note_zh": notes_zh, "crs_note_en": notes_en})
    for i, pg in sorted(geo.plots.items()):
        p = sub.plots[i]
        computed = (pg.area_m2 or 0.0) / 10000
        diff = computed - p.area_ha
        pct = abs(diff) / p.area_ha * 100 if p.area_ha else 0.0
        facts.append({
            "kind": "geo.plot", "path": f"plots[{i}]", "plot_id": p.id, "cite": cite,
            "valid": not pg.problems, "problem_zh": "；".join(z for _, z, _ in pg.problems),
            "problem_en": "; ".join(e for _, _, e in pg.problems),
            "problems": ",".join(c for c, _, _ in pg.problems),
            "has_area": pg.usable is not None and pg.area_m2 is not None and pg.area_m2 > 0,
            "computed_ha": round(computed, 4), "declared_ha": p.area_ha, "diff_ha": round(diff, 4),
            "diff_pct": round(pct, 2), "parcels": pg.parcels,
        })
    facts.extend(_county_facts(sub, geo, cite))
    for i in geo.missing:
        facts.append({"kind": "geo.missing", "path": f"plots[{i}]", "plot_id": sub.plots[i].id, "file": geo.file})
    for i, j, m2, share in within_project_overlaps(geo, sub.plots):
        for a, b in ((i, j), (j, i)):
            facts.append({"kind": "geo.overlap", "path": f"plots[{a}]", "plot_id": sub.plots[a].id, "cite": cite,
                          "other_plot": sub.plots[b].id, "overlap_m2": round(m2, 1), "overlap_ha": round(m2 / 10000, 4),
                          "share_pct": round(share * 100, 2)})
    return facts


def _county_facts(sub, geo, cite: str) -> list[dict]:
    """Where county boundaries are configured (COMPLIANCE_COUNTY_BOUNDARIES): the share of each
    plot's polygon outside the county it declares, and the county holding most of it."""
    from compliance.reference import divisions
    from compliance.submission.geometry.counties import configured

    bounds = configured()
    if bounds is None:
        return []
    out = []
    for i, pg in sorted(geo.plots.items()):
        p = sub.plots[i]
        if pg.usable is None or not bounds.has(p.county):
            continue
        outside, lies_in = bounds.placement(pg.usable, p.county)
        out.append({"kind": "geo.county", "path": f"plots[{i}]", "plot_id": p.id, "cite": cite, "county": p.county,
                    "county_name": divisions.name(p.county), "outside_pct": round(outside * 100, 1),
                    "lies_in": lies_in if lies_in != p.county else "",
                    "lies_in_zh": f"，大部分位于 {lies_in}（{divisions.name(lies_in)}）" if lies_in and lies_in != p.county else "",
                    "lies_in_en": f"; most of it lies in {lies_in} ({divisions.name(lies_in)})" if lies_in and lies_in != p.county else "",
                    "boundaries": bounds.source.rsplit("/", 1)[-1]})
    return out


RULES = [
    rule("GEO-valid", ("地块图形有效（闭合、不自相交、位于中国境内，CGCS2000）", "valid plot polygons (closed, not self-intersecting, in China, CGCS2000)"),
         DATUM, "geo.plot", source="GEO", also_cites=(DATUM_SYSTEMS, SURVEY),
         reading="坐标须为国家规定的大地坐标系（CGCS2000）并位于中国境内（测绘法第五条）；外环闭合、不自相交是计算面积和判定重叠的前提"
                 "（产品的要求，GB/T 26424 小班区划）",
         cases=[
             Case("invalid", F.valid == False, ERROR,
                  "地块 {plot_id} 的图形无效：{problem_zh}",
                  "plot {plot_id}'s polygon is invalid: {problem_en}",
                  "在 GIS 中修复图形（闭合外环、消除自相交、删除重复点），确认坐标为 CGCS2000 后重新导出",
                  "repair the polygon in a GIS (close the rings, remove self-intersections and repeated points) and export it again in CGCS2000",
                  at="geometry", show=("problems",)),
             Case("missing", F.plot_id != "", WARNING,
                  "图形文件 {file} 中没有地块 {plot_id} 的图斑，无法核对其面积和位置",
                  "the geometry file {file} has no feature for plot {plot_id}: its area and location cannot be checked",
                  "在图形文件中补充该地块的图斑（属性 id 为地块 id，或填写 XIAN、LIN_BAN、XIAO_BAN）",
                  "add the plot's feature to the geometry file (attribute id = the plot id, or XIAN, LIN_BAN, XIAO_BAN)",
                  at="geometry", fact="geo.missing", show=("file",)),
             Case("crs", F.crs_assumed == True, INFO,
                  "地块图形的坐标系为推定：{crs_note_zh}。如有不符，请在 project.crs 中写明",
                  "the plots' coordinate system was inferred: {crs_note_en}. If this is wrong, state it in project.crs",
                  "在 project.crs 中写明坐标系（如 EPSG:4490，或 EPSG:4526 = CGCS2000 3° 带第 38 带）",
                  "state the coordinate system in project.crs (e.g. EPSG:4490, or EPSG:4526 = CGCS2000 3° zone 38)",
                  at="crs", fact="geo.project", show=("crs_note_zh",)),
         ]),
    rule("GEO-area", ("图形面积与申报面积一致", "polygon area matches the declared area"),
         SURVEY, "geo.plot", source="GEO", cites_by_fact=BY_PROJECT, also_cites=tuple(c for _, c in BY_PROJECT),
         cases=[
             Case("differs", (F.has_area == True) & (F.diff_pct > P("GEO.area_warn_pct")) & (F.diff_pct <= P("GEO.area_error_pct")), WARNING,
                  "地块 {plot_id} 按图形计算的椭球面积为 {computed_ha} 公顷，申报 {declared_ha} 公顷，相差 {diff_pct}%（超过 {p[GEO.area_warn_pct]}%）",
                  "plot {plot_id}'s polygon has a geodesic area of {computed_ha} ha against {declared_ha} ha declared: {diff_pct}% apart (more than {p[GEO.area_warn_pct]}%)",
                  "核对小班面积与图形：更正 area_ha，或更正图形", "reconcile the 小班 area and the polygon: correct area_ha or the polygon",
                  at="area_ha", show=("diff_ha",)),
             Case("mismatch", (F.has_area == True) & (F.diff_pct > P("GEO.area_error_pct")), ERROR,
                  "地块 {plot_id} 按图形计算的椭球面积为 {computed_ha} 公顷，申报 {declared_ha} 公顷，相差 {diff_pct}%（超过 {p[GEO.area_error_pct]}%）：申报面积与图形不符",
                  "plot {plot_id}'s polygon has a geodesic area of {computed_ha} ha against {declared_ha} ha declared: {diff_pct}% apart (more than {p[GEO.area_error_pct]}%)",
                  "核对小班面积与图形：更正 area_ha，或更正图形（是否用错了地块、坐标系或单位）",
                  "reconcile the 小班 area and the polygon: correct area_ha or the polygon (wrong plot, coordinate system or unit?)",
                  at="area_ha", show=("diff_ha",)),
         ]),
    rule("GEO-county", ("地块位于其申报的县内（已配置县界时）", "a plot lies in the county it declares (where county boundaries are configured)"),
         DIVISIONS, "geo.county", source="GEO", cites_by_fact=COUNTY_BY_PROJECT, also_cites=tuple(c for _, c in COUNTY_BY_PROJECT),
         reading="只在配置了县界文件（COMPLIANCE_COUNTY_BOUNDARIES）且其中有该县时检查；工作台不提供县界",
         cases=[
             Case("partly", (F.outside_pct > P("GEO.county_outside_warn_pct")) & (F.outside_pct <= P("GEO.county_outside_error_pct")), WARNING,
                  "地块 {plot_id} 的图形有 {outside_pct}% 位于其申报的县 {county}（{county_name}）之外（县界：{boundaries}）",
                  "{outside_pct}% of plot {plot_id}'s polygon lies outside the county it declares, {county} ({county_name}) (boundaries: {boundaries})",
                  "核对地块边界与县界：跨县的地块应按县分为两个地块，各填所在县的区划代码",
                  "check the plot's boundary against the county line: a plot across it is two plots, each with its own county code",
                  at="geometry", show=("lies_in",)),
             Case("elsewhere", F.outside_pct > P("GEO.county_outside_error_pct"), ERROR,
                  "地块 {plot_id} 的图形有 {outside_pct}% 位于其申报的县 {county}（{county_name}）之外{lies_in_zh}：县级区划代码或图形有误（县界：{boundaries}）",
                  "{outside_pct}% of plot {plot_id}'s polygon lies outside the county it declares, {county} ({county_name}){lies_in_en}: "
                  "the county code or the polygon is wrong (boundaries: {boundaries})",
                  "更正地块的县级区划代码（county），或更正图形", "correct the plot's county code (county) or its polygon",
                  at="county", show=("lies_in",)),
         ]),
    rule("GEO-overlap", ("同一项目的地块互不重叠", "plots of one project do not overlap"),
         SURVEY, "geo.overlap", source="GEO", cites_by_fact=BY_PROJECT, also_cites=tuple(c for _, c in BY_PROJECT),
         when=(F.overlap_m2 > P("GEO.overlap_min_m2")) & (F.share_pct > P("GEO.overlap_min_pct")), severity=ERROR,
         message=("地块 {plot_id} 与本项目的地块 {other_plot} 重叠 {overlap_m2} m²（{overlap_ha} 公顷，占较小地块的 {share_pct}%）：同一土地被重复计入",
                  "plot {plot_id} overlaps plot {other_plot} of this project by {overlap_m2} m² ({overlap_ha} ha, {share_pct}% of the smaller plot): the same land is counted twice"),
         fix=("修正两个地块的边界使其不重叠，或合并为一个地块", "correct the two plots' boundaries so they do not overlap, or merge them"),
         at="geometry", show=("other_plot",)),
]

X_OVERLAP = rule(
    "X-overlap", ("不同项目的地块不得在实地重叠", "plots of different projects must not cover the same ground"),
    MEAS_48, "x.overlap", source="X", also_cites=(MEAS_REAL, HN_14, SC_64, SURVEY),
    cases=[
        Case("unit_code", F.same_unit_code > 0, ERROR,
             "地块 {plot_id} 的不动产单元代码 {unit_code} 与{other_project}的地块 {other_plot} 相同：同一不动产单元被两个项目申报",
             "plot {plot_id} has the same real-estate unit code {unit_code} as plot {other_plot} of {other_project_en}: one unit is claimed by two projects",
             "核实该不动产单元的实际权属和申报情况，只在一个项目中申报", "establish which project holds the unit and claim it in one project only",
             at="unit_code", show=("other_project_id",)),
        Case("xiaoban", F.same_xiaoban > 0, ERROR,
             "地块 {plot_id}（{xiaoban}）与{other_project}的地块 {other_plot} 为同一县、同一林班小班：同一小班以不同地块号被两个项目申报",
             "plot {plot_id} ({xiaoban}) is the same county, 林班 and 小班 as plot {other_plot} of {other_project_en}: one 小班 is claimed by two projects under different plot ids",
             "核对森林资源档案，从其中一个项目中移出该小班", "check the forest inventory and remove the 小班 from one of the projects",
             at="id", show=("other_project_id",)),
        Case("polygon", (F.overlap_m2 > P("GEO.overlap_min_m2")) & (F.share_pct > P("GEO.overlap_min_pct")), ERROR,
             "地块 {plot_id} 与{other_project}的地块 {other_plot} 在实地重叠 {overlap_m2} m²（{overlap_ha} 公顷，占较小地块的 {share_pct}%）：同一片林地被两个项目申报",
             "plot {plot_id} overlaps plot {other_plot} of {other_project_en} on the ground by {overlap_m2} m² ({overlap_ha} ha, {share_pct}% of the smaller plot): the same land is claimed by two projects",
             "核实重叠部分的权属，修正边界或从其中一个项目中移出该部分", "establish who holds the overlapping land and correct the boundaries or remove it from one project",
             at="geometry", show=("other_project_id",)),
    ],
)

# the field choosing a GEO rule's citation by project (``cites_by_fact``): one declaration for each kind carrying it
CITE_FIELD = ("约束本项目的依据（ccer 减排交易管理办法 / sichuan 川林发 六(四) / hunan 湘林基），决定所引条款",
              "the basis binding the project (ccer MEAS / sichuan 川林发 六(四) / hunan 湘林基), which decides the article cited",
              "温室气体自愿减排交易管理办法（试行）第十条第一款第（一）项；川林发〔2024〕3号 六(四)")

FACTS = (
    fact_kind("geo.project",
              crs_note_zh=("推定坐标系的说明（带号、中央经线、坐标顺序）", "how the coordinate system was inferred (zone, central meridian, axis order)", "测绘法 第五条"),
              crs_assumed=("地块坐标系由坐标数值推定（未声明或与声明不符：带号、中央经线、坐标顺序）",
                           "the plots' coordinate system was inferred from the coordinates (not declared, or not as declared)", "测绘法 第五条")),
    fact_kind("geo.plot",
              cite=CITE_FIELD,
              valid=("地块图形闭合、不自相交、无空环、位于中国境内", "the plot polygon is closed, not self-intersecting, has no empty ring, lies in China",
                     "小班区划"),
              has_area=("地块有可计算面积的图形", "the plot has a polygon whose area can be computed", "小班面积求算"),
              diff_ha=("图形面积与申报面积之差（公顷）", "difference between the polygon's area and the declared area (ha)", "小班面积求算"),
              problems=("图形无效的原因", "why the polygon is invalid", "小班区划"),
              diff_pct=("按 CGCS2000 椭球计算的图形面积与申报 area_ha 的相差比例（%）",
                        "difference between the geodesic polygon area (CGCS2000 ellipsoid) and the declared area_ha, in %", "小班面积求算"),
              plot_id=("地块 id", "the plot's id", "小班区划")),
    fact_kind("geo.county",
              cite=CITE_FIELD,
              outside_pct=("地块图形位于其申报县界之外的面积比例（%），县界取自配置的县界文件", "share of the plot polygon's area outside the "
                           "county it declares (%), by the configured county boundaries", "GB/T 2260 县级区划代码"),
              lies_in=("图形大部分所在的县级区划代码（与申报的县不同时）", "the county most of the polygon lies in (when not the one declared)",
                       "GB/T 2260 县级区划代码"),
              plot_id=("地块 id", "the plot's id", "小班区划")),
    fact_kind("geo.missing", plot_id=("图形文件中没有图斑的地块 id", "id of a plot the geometry file has no feature for", "小班区划"),
              file=("地块图形文件", "the plots' geometry file", "小班区划")),
    fact_kind("geo.overlap",
              cite=CITE_FIELD,
              overlap_m2=("与本项目另一地块重叠部分的椭球面积（m²）", "geodesic area shared with another plot of the project (m²)", "小班区划"),
              share_pct=("重叠面积占两地块中较小者面积的比例（%）", "the overlap as a share of the smaller of the two plots (%)", "小班区划"),
              other_plot=("与之重叠的本项目另一地块", "the other plot of the project it overlaps", "小班区划")),
)

RULESET = Ruleset(
    id="spatial", title_zh="地块图形（CGCS2000）：有效性、面积、重叠", title_en="Plot geometry (CGCS2000): validity, area, overlaps",
    source="GEO", jurisdiction=Jurisdiction(), window=(dt.date.min, dt.date.max), rules=RULES, params=PARAMS, derive=derive,
    document=SURVEY.document, facts=FACTS,
)
