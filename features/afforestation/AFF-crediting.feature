# language: zh-CN
功能: AFF-crediting 计入期 20 至 40 年
  造林碳汇方法学（CCER-14-001-V01）项目计入期最短 20 年、最长 40 年（二手依据，原文条款待核）。
  计入期含首尾两日：2026-03-01 至 2046-02-28 恰为 20 年，2026-03-01 至 2066-02-28 恰为 40 年。

  场景: 恰为 20 年
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "AFF-crediting"

  场景: 差一天满 20 年
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.crediting_period" 设为 {start: 2026-03-01, end: 2046-02-27}
    当 检查
    那么 应有 "AFF-crediting" 错误 位于 "project.crediting_period"
    而且 结论为 "不通过"

  场景: 恰为 40 年
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.crediting_period" 设为 {start: 2026-03-01, end: 2066-02-28}
    当 检查
    那么 不应有 "AFF-crediting"

  场景: 超过 40 年一天
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.crediting_period" 设为 {start: 2026-03-01, end: 2066-03-01}
    当 检查
    那么 应有 "AFF-crediting" 错误 位于 "project.crediting_period"

  场景: 设计阶段未记录计入期
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.crediting_period" 设为 null
    当 检查
    那么 应有 "AFF-crediting" 错误 位于 "project.crediting_period"

  场景: 开发阶段尚未确定计入期，不判定
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.crediting_period" 设为 null
    而且 将 "project.stage" 设为 development
    当 检查
    那么 不应有 "AFF-crediting"
