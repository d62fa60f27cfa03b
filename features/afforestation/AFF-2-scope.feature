# language: zh-CN
功能: AFF-2-scope 不包括经济林造林和通道、城镇村、工矿用地绿化
  造林碳汇方法学（CCER-14-001-V01）第2章：本文件适用于乔木、竹子和灌木造林，包括防护林、特种用途林、用材林等造林，
  不包括经济林造林、非林地上的通道绿化、城镇村及工矿用地绿化。

  场景: 用材林、防护林造林
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "AFF-2-scope"

  场景: 经济林造林
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[0].economic_forest" 设为 true
    当 检查
    那么 应有 "AFF-2-scope" 错误 位于 "plots[0].economic_forest"
    而且 结论为 "不通过"

  场景: 公路两侧通道绿化
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[1].greening" 设为 通道绿化
    当 检查
    那么 应有 "AFF-2-scope" 错误 位于 "plots[1].greening"

  场景: 工矿用地绿化
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[1].greening" 设为 industrial
    当 检查
    那么 应有 "AFF-2-scope" 错误 位于 "plots[1].greening"

  场景: 中幼林抚育不是造林
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[1].measure" 设为 中幼林抚育
    当 检查
    那么 应有 "AFF-2-scope" 错误 位于 "plots[1].measure"
