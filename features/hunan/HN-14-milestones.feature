# language: zh-CN
功能: HN-14-milestones 协议约定开发期限和逾期返还
  湘林基〔2025〕5号 第十四条第一款：开发协议和流转协议应约定开发期限，逾期未开发的权利返还权利人；
  只有排他性而无期限的协议存在圈占风险。

  场景: 开发协议和流转协议都约定了期限和返还
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "HN-14-milestones"

  场景: 开发协议没有开发期限
    假如 示例 "hunan-ccer-afforestation"
    而且 删除 "agreements[0].development_deadline"
    当 检查
    那么 应有 "HN-14-milestones" 警告 位于 "agreements[0]"

  场景: 流转协议有期限但无返还条款
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].clauses" 设为 [parties, location_area, term, use, rights_obligations, price_payment, expropriation_compensation, expiry_disposal, breach_liability, dispute_resolution]
    当 检查
    那么 应有 "HN-14-milestones" 警告 位于 "agreements[1]"
