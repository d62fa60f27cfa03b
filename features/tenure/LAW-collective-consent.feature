# language: zh-CN
功能: LAW-collective-consent 集体统一经营的林地、集体草原、湿地流转经三分之二以上同意
  依据随地类而定（每条结果引用其所依据的条款）：林地为森林法第十八条；集体草原为草原法第十三条第三款（由本集体经济组织
  以外的单位或者个人承包经营的，须经村（牧）民会议三分之二以上成员或者三分之二以上村（牧）民代表同意，并报乡（镇）
  人民政府批准）；集体统一经营的湿地发包给集体以外的，为农村土地承包法第五十二条。
  森林法第十八条：未实行承包经营的集体林地，经本集体经济组织成员的村民会议三分之二以上成员或者三分之二以上
  村民代表同意并公示，可以依法流转。“以上”包括本数（民法典第一千二百五十九条）：42 名代表中 28 名同意即为三分之二。
  缺少该程序的，依法释〔2022〕16号第五条合同可被确认无效，结论中说明。

  场景: 42 名村民代表中 31 名同意并公示
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "LAW-collective-consent"

  场景: 恰为三分之二（28/42）
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].consent.in_favour" 设为 28
    当 检查
    那么 不应有 "LAW-collective-consent"

  场景: 少一票（27/42）
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].consent.in_favour" 设为 27
    当 检查
    那么 应有 "LAW-collective-consent" 错误 位于 "agreements[1].consent.in_favour"
    而且 结论为 "不通过"

  场景: 村民会议 150 名成员中 100 名同意（恰为三分之二）
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].consent" 设为 {body: 村民会议, in_favour: 100, members: 150, notice: {start: 2026-01-05, end: 2026-01-20}, resolution_date: 2026-01-25}
    当 检查
    那么 不应有 "LAW-collective-consent"

  场景: 村民会议 150 名成员中 99 名同意
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].consent" 设为 {body: 村民会议, in_favour: 99, members: 150, notice: {start: 2026-01-05, end: 2026-01-20}, resolution_date: 2026-01-25}
    当 检查
    那么 应有 "LAW-collective-consent" 错误 位于 "agreements[1].consent.in_favour"

  场景: 未记录村民同意
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].consent" 设为 null
    当 检查
    那么 应有 "LAW-collective-consent" 错误 位于 "agreements[1].consent"

  场景: 表决未公示
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].consent.notice" 设为 null
    当 检查
    那么 应有 "LAW-collective-consent" 错误 位于 "agreements[1].consent.notice"

  场景: 只流转家庭承包地时不需要集体表决
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].plots" 设为 [430626-LY-012-07]
    而且 将 "agreements[1].transferors" 设为 [RH2]
    而且 将 "agreements[1].consent" 设为 null
    当 检查
    那么 不应有 "LAW-collective-consent"

  场景: 集体草原由集体以外的企业经营，已经村（牧）民代表同意并经乡（镇）人民政府批准
    假如 示例 "sichuan-scph-grassland"
    当 检查
    那么 不应有 "LAW-collective-consent"

  场景: 集体草原由集体以外的企业经营，未经乡（镇）人民政府批准
    假如 示例 "sichuan-scph-grassland"
    而且 将 "agreements[1].township_approval" 设为 null
    当 检查
    那么 应有 "LAW-collective-consent" 错误 位于 "agreements[1].township_approval"
    而且 结论为 "不通过"

  场景: 集体草原同意不足三分之二（23/36）
    假如 示例 "sichuan-scph-grassland"
    而且 将 "agreements[1].consent.in_favour" 设为 23
    当 检查
    那么 应有 "LAW-collective-consent" 错误 位于 "agreements[1].consent.in_favour"

  场景: 集体草原未公示不违反草原法（该款不要求公示）
    假如 示例 "sichuan-scph-grassland"
    而且 将 "agreements[1].consent.notice" 设为 null
    当 检查
    那么 不应有 "LAW-collective-consent"

  场景: 集体统一经营的湿地交给集体以外的企业，未记录三分之二同意（农村土地承包法第五十二条）
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[0].land_type" 设为 湿地
    而且 将 "plots[0].measure" 设为 湿地保护与修复
    而且 将 "agreements[1].consent" 设为 null
    当 检查
    那么 应有 "LAW-collective-consent" 错误 位于 "agreements[1].consent"
