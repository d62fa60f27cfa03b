# language: zh-CN
功能: REG-restricted 当事方受限制开发资格的提示
  川林发〔2024〕3号 六(四)：限制参与林草碳汇资源开发资格。受限制的主体并非一律不得开发，须人工核对限制范围：警告。

  场景: 名录中没有限制
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "REG-restricted"

  场景: 权利人受限制
    假如 示例 "hunan-ccer-afforestation"
    而且 惩戒名录中权利人 "RH1" 被限制开发资格 自 2026-05-01 至 2026-12-31
    当 检查
    那么 应有 "REG-restricted" 警告 位于 "rights_holders[0].uscc"
    而且 不应有 "REG-suspended"
    而且 结论为 "通过"

  场景: 限制尚未开始
    假如 示例 "hunan-ccer-afforestation"
    而且 惩戒名录中权利人 "RH1" 被限制开发资格 自 2026-07-01 至 2026-12-31
    当 检查
    那么 不应有 "REG-restricted"
