# language: zh-CN
功能: AFF-2-baseline 项目开始前至少三年不符合森林定义
  造林碳汇方法学（CCER-14-001-V01）2 a)：项目土地在项目开始前至少三年为不符合森林定义的规划造林地。
  项目 2026-03-01 开始：地块须不晚于 2023-03-01 起即不符合森林定义。

  场景: 两块地均自 2019 年前后起为无林地
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "AFF-2-baseline"

  场景: 恰满三年（2023-03-01 起无林）
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[0].non_forest_since" 设为 2023-03-01
    当 检查
    那么 不应有 "AFF-2-baseline"

  场景: 差一天满三年（2023-03-02 起无林）
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[0].non_forest_since" 设为 2023-03-02
    当 检查
    那么 应有 "AFF-2-baseline" 错误 位于 "plots[0].non_forest_since"
    而且 结论为 "不通过"

  场景: 未记录无林起始日期
    假如 示例 "hunan-ccer-afforestation"
    而且 删除 "plots[1].non_forest_since"
    当 检查
    那么 应有 "AFF-2-baseline" 错误 位于 "plots[1].non_forest_since"

  场景: 方法学施行前一天（2023-10-23）判定，不适用
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[0].non_forest_since" 设为 2025-01-01
    当 以 2023-10-23 为判定日检查
    那么 不应有 "AFF-2-baseline"

  场景: 方法学施行当日（2023-10-24）判定
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[0].non_forest_since" 设为 2025-01-01
    当 以 2023-10-24 为判定日检查
    那么 应有 "AFF-2-baseline" 错误 位于 "plots[0].non_forest_since"

  场景: 方法学施行后一天（2023-10-25）判定
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[0].non_forest_since" 设为 2025-01-01
    当 以 2023-10-25 为判定日检查
    那么 应有 "AFF-2-baseline" 错误 位于 "plots[0].non_forest_since"
