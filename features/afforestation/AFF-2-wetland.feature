# language: zh-CN
功能: AFF-2-wetland 项目土地不属于湿地
  造林碳汇方法学（CCER-14-001-V01）2 d)：项目土地不属于湿地。
  地类为湿地，或国土调查归为湿地（如森林沼泽，记为 wetland: true）的地块均不适用。

  场景: 林地
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "AFF-2-wetland"

  场景: 地类为湿地
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[0].land_type" 设为 湿地
    当 检查
    那么 应有 "AFF-2-wetland" 错误 位于 "plots[0].land_type"
    而且 结论为 "不通过"

  场景: 林地但国土调查归为湿地（森林沼泽）
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[1].wetland" 设为 true
    当 检查
    那么 应有 "AFF-2-wetland" 错误 位于 "plots[1].land_type"

  场景: 方法学施行前一天（2023-10-23）判定，不适用
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[0].land_type" 设为 湿地
    当 以 2023-10-23 为判定日检查
    那么 不应有 "AFF-2-wetland"

  场景: 方法学施行当日（2023-10-24）判定
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[0].land_type" 设为 湿地
    当 以 2023-10-24 为判定日检查
    那么 应有 "AFF-2-wetland" 错误 位于 "plots[0].land_type"

  场景: 方法学施行后一天（2023-10-25）判定
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[0].land_type" 设为 湿地
    当 以 2023-10-25 为判定日检查
    那么 应有 "AFF-2-wetland" 错误 位于 "plots[0].land_type"

  场景: 其他方法学的项目不适用
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[0].land_type" 设为 湿地
    而且 将 "project.methodology" 设为 CCER-14-002-V01
    当 检查
    那么 不应有 "AFF-2-wetland"
