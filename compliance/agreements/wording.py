"""The words and the legal basis a draft uses for its land type (林地 / 草原 / 湿地) and its
mechanism (CCER / 湘林碳票 / 林草碳普惠), declared once.

A grassland draft never calls its land 林地 and cites 草原法; a 林草碳普惠 draft speaks of
登记 with 四川省环境政策研究与规划院 and trading on 西部生态产品交易平台, a CCER draft of
审定、登记 in the national registry and the national trading system, a 湘林碳票 draft of the
Hunan platform. The template reads these through the ``words`` variable.
"""
from __future__ import annotations

from compliance.reference.vocab import LandType, Mechanism, Province

# per land type: how the land is called, the right transferred, the certificate, the law
LAND: dict[LandType, dict[str, str]] = {
    LandType.FOREST: {
        "land": "林地", "resource": "森林、林木和林地", "right": "林地经营权", "holder_right": "林地承包经营权或者林地经营权、林木所有权",
        "certificate": "不动产权（林权）证书", "law": "《中华人民共和国森林法》",
        "law_articles": "《中华人民共和国森林法》第十七条、第十八条、第十九条",
        "consent_basis": "《中华人民共和国森林法》第十八条", "meeting": "村民会议或者村民代表会议",
        "protect": "不得毁林开垦、采石、采砂、取土，不得擅自采伐林木，不得将林地用于非林业建设",
        "insurance": "森林保险", "pests": "林业有害生物", "map": "宗地图（林权图）",
        "termination_basis": "《中华人民共和国森林法》第十九条",
    },
    LandType.GRASSLAND: {
        "land": "草原", "resource": "草原及其植被", "right": "草原承包经营权（经营权）", "holder_right": "草原承包经营权",
        "certificate": "草原承包经营权证书（不动产权证书）", "law": "《中华人民共和国草原法》",
        "law_articles": "《中华人民共和国草原法》第十三条、第十五条",
        "consent_basis": "《中华人民共和国草原法》第十三条第三款", "meeting": "村（牧）民会议或者村（牧）民代表会议",
        "protect": "不得开垦草原，不得超载过牧，不得在草原上采挖、采砂、取土，不得将草原用于非草原建设",
        "insurance": "草原保险", "pests": "草原鼠虫害", "map": "宗地图（承包地块示意图）",
        "termination_basis": "《中华人民共和国农村土地承包法》第四十条",
    },
    LandType.WETLAND: {
        "land": "湿地", "resource": "湿地及其生态功能", "right": "湿地经营权", "holder_right": "承包经营权或者经营权",
        "certificate": "不动产权证书", "law": "《中华人民共和国湿地保护法》",
        "law_articles": "《中华人民共和国湿地保护法》",
        "consent_basis": "《中华人民共和国农村土地承包法》第五十二条", "meeting": "村民会议或者村民代表会议",
        "protect": "不得开（围）垦、填埋、排干湿地，不得擅自改变湿地用途，不得破坏湿地生态功能",
        "insurance": "财产保险", "pests": "有害生物", "map": "宗地图",
        "termination_basis": "《中华人民共和国农村土地承包法》第四十条",
    },
}

# per mechanism: the credit, the steps, registry and venue, its basis
MECH: dict[Mechanism, dict[str, str]] = {
    Mechanism.CCER: {
        "name": "全国温室气体自愿减排交易（CCER）", "credit": "核证自愿减排量（CCER）",
        "validate": "审定", "register": "项目登记", "issue": "减排量登记",
        "registry": "全国温室气体自愿减排注册登记系统（国家应对气候变化战略研究和国际合作中心）",
        "venue": "全国温室气体自愿减排交易系统（北京绿色交易所）",
        "basis": "《温室气体自愿减排交易管理办法（试行）》（生态环境部、国家市场监督管理总局令第31号）",
        "cancel_note": "项目一经注销不得再次申请登记（《温室气体自愿减排交易管理办法（试行）》第十六条）",
    },
    Mechanism.XLTP: {
        "name": "湘林碳票", "credit": "湘林碳票",
        "validate": "核查", "register": "项目备案", "issue": "碳票签发",
        "registry": "湖南省林业碳汇资源管理平台", "venue": "湖南省规定的林业碳汇交易场所",
        "basis": "《湖南省林业碳汇资源管理办法（试行）》（湘林基〔2025〕5号）",
        "cancel_note": "",
    },
    Mechanism.SCPH: {
        "name": "四川省林草碳普惠", "credit": "林草碳普惠减排量",
        "validate": "技术评估", "register": "项目登记", "issue": "减排量登记",
        "registry": "四川省环境政策研究与规划院", "venue": "西部生态产品交易平台",
        "basis": "《四川省林业和草原局关于深入推进林草碳普惠机制建设的指导意见》（川林发〔2024〕3号）",
        "cancel_note": "",
    },
}
OTHER_MECH = {"name": "", "credit": "减排量", "validate": "审定", "register": "项目登记", "issue": "减排量签发",
              "registry": "该机制的注册登记机构", "venue": "该机制规定的交易场所", "basis": "", "cancel_note": ""}

PROVINCE_BASIS = {
    Province.HUNAN: "《湖南省林业碳汇资源管理办法（试行）》（湘林基〔2025〕5号）",
    Province.SICHUAN: "《四川省林业和草原局关于深入推进林草碳普惠机制建设的指导意见》（川林发〔2024〕3号）",
}


def _join(items: list[str], sep: str = "和") -> str:
    items = list(dict.fromkeys(i for i in items if i))
    if len(items) <= 1:
        return "".join(items)
    return "、".join(items[:-1]) + sep + items[-1]


def words(sub, plots) -> dict[str, str]:
    """The ``words`` template variable: wording for the land types of ``plots`` and the project's mechanism."""
    types = [t for t in dict.fromkeys(p.land_type for p in plots) if t in LAND] or [LandType.FOREST]
    lands = [LAND[t] for t in types]
    mech = MECH.get(sub.project.mechanism, {**OTHER_MECH, "name": sub.project.mechanism.zh})
    venue = sub.project.trading_venue or mech["venue"]
    prefix = {LandType.FOREST: "林业碳汇", LandType.GRASSLAND: "草原碳汇", LandType.WETLAND: "湿地碳汇"}
    out = {
        "title_prefix": prefix[types[0]] if len(types) == 1 else "林草碳汇",
        "land": _join([x["land"] for x in lands]),
        "resource": _join([x["resource"] for x in lands]),
        "right": _join([x["right"] for x in lands], "或者"),
        "holder_right": _join([x["holder_right"] for x in lands], "或者"),
        "certificate": _join([x["certificate"] for x in lands], "或者"),
        "law_articles": "；".join(dict.fromkeys(x["law_articles"] for x in lands)),
        "consent_basis": "、".join(dict.fromkeys(x["consent_basis"] for x in lands)),
        "meeting": _join([x["meeting"] for x in lands], "或者"),
        "protect": "；".join(dict.fromkeys(x["protect"] for x in lands)),
        "insurance": _join([x["insurance"] for x in lands]), "pests": _join([x["pests"] for x in lands]),
        "map": _join([x["map"] for x in lands], "或者"),
        "termination_basis": "、".join(dict.fromkeys(x["termination_basis"] for x in lands)),
        "mechanism": mech["name"], "credit": mech["credit"], "validate": mech["validate"], "register": mech["register"],
        "issue": mech["issue"], "registry": sub.project.registry or mech["registry"], "venue": venue,
        "mechanism_basis": mech["basis"], "cancel_note": mech["cancel_note"],
    }
    return out


def basis(sub, plots) -> str:
    """The laws the agreement is made under: civil code, land law(s) of its land types, mechanism, province."""
    types = [t for t in dict.fromkeys(p.land_type for p in plots) if t in LAND] or [LandType.FOREST]
    laws = ["《中华人民共和国民法典》", "《中华人民共和国农村土地承包法》", *(LAND[t]["law"] for t in types)]
    mech = MECH.get(sub.project.mechanism)
    if mech and mech["basis"]:
        laws.append(mech["basis"])
    prov = PROVINCE_BASIS.get(sub.project.province)
    if prov:
        laws.append(prov)
    return "".join(dict.fromkeys(laws))
