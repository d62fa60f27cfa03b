# language: zh-CN
功能: HN-15-benefit 收益分配比例逐方列明、合计 100%、权利人份额大于 0
  湘林基〔2025〕5号 第十五条：利益分配协议明确各参与方的利益，保障林权所有者权益。

  场景: 35% / 50% / 15% 合计 100%
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "HN-15-benefit"

  场景: 合计 105%
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[2].shares.DEV" 设为 0.40
    当 检查
    那么 应有 "HN-15-benefit" 错误 位于 "agreements[2].shares"

  场景: 各方比例都略多一点，合计 100.012%（不得四舍五入）
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[2].shares" 设为 {DEV: 0.35004, RH1: 0.50004, RH2: 0.15004}
    当 检查
    那么 应有 "HN-15-benefit" 错误 位于 "agreements[2].shares"

  场景: 权利人份额很小但大于 0
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[2].shares" 设为 {DEV: 0.49997, RH1: 0.00003, RH2: 0.5}
    当 检查
    那么 不应有 "HN-15-benefit"

  场景: 权利人份额为 0
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[2].shares" 设为 {DEV: 0.5, RH1: 0.5, RH2: 0}
    当 检查
    那么 应有 "HN-15-benefit" 错误 位于 "agreements[2].shares.RH2"
    而且 结论为 "不通过"

  场景: 签约方未列明份额
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[2].shares" 设为 {DEV: 0.5, RH1: 0.5}
    当 检查
    那么 应有 "HN-15-benefit" 错误 位于 "agreements[2].shares.RH2"
