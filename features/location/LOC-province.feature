# language: zh-CN
功能: LOC-province 地块位于项目申报的省份
  申报省份（project.province）决定适用哪个省的规定；地块在另一省的，项目会按错误的省级规定判定。
  对每个省份核对（区划数据含全国各省），已有省级范围规则（HN-2-scope、SC-2-scope）判定的地块只报一次。
  依据为产品规则（二手）。

  场景: 四川 CCER 项目的地块均在四川
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.mechanism" 设为 CCER
    而且 将 "project.methodology" 设为 CCER-14-001-V01
    当 检查
    那么 不应有 "LOC-province"

  场景: 四川 CCER 项目的地块全在湖南：不能通过
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.mechanism" 设为 CCER
    而且 将 "project.methodology" 设为 CCER-14-001-V01
    而且 将 "plots[0].county" 设为 "430626"
    而且 将 "plots[1].county" 设为 "430626"
    当 检查
    那么 应有 "LOC-province" 错误 位于 "plots[0].county"
    而且 应有 "LOC-province" 错误 位于 "plots[1].county"
    而且 结论为 "不通过"

  场景: 重庆项目的地块在四川
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.province" 设为 重庆
    而且 将 "project.mechanism" 设为 碳惠通
    当 检查
    那么 应有 "LOC-province" 错误 位于 "plots[0].county"

  场景: 湖南项目的省外地块由 HN-2-scope 报告，不重复
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[0].county" 设为 "500101"
    当 检查
    那么 应有 "HN-2-scope" 错误 位于 "plots[0].county"
    而且 不应有 "LOC-province"
