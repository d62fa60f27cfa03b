# language: zh-CN
功能: LAW-clauses 流转合同具备法定一般条款
  农村土地承包法第四十条、森林法第十九条、民法典第四百七十条：流转合同应载明当事人和住所，林地位置、四至和面积，
  流转期限和起止日期，用途，双方权利义务，价款及支付方式，征收补偿费归属，期满时林木（和碳汇资产）的处置，违约责任，
  争议解决方式。法条用语为“一般包括”：每缺一项记一条警告并写明条款名称；只有书面形式（书面合同）是强制的，未采用书面形式为错误。

  场景: 十项条款齐全
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "LAW-clauses"

  场景: 缺少征收补偿归属和期满处置
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].clauses" 设为 [parties, location_area, term, use, rights_obligations, price_payment, breach_liability, dispute_resolution, development_deadline]
    当 检查
    那么 应有 "LAW-clauses" 警告 位于 "agreements[1].clauses"
    而且 不应有 "LAW-clauses" 错误
    而且 结论为 "通过"

  场景: 含流转内容的三方协议同样适用
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements" 设为 [{kind: tripartite, signed: 2026-02-15, parties: [DEV, RH1, RH2], transferors: [RH1, RH2], transferee: DEV, mode: lease, plots: [430626-LY-012-03, 430626-LY-012-07], term: {start: 2026-03-01, end: 2066-02-28}, consent: {body: villager_representatives, in_favour: 31, members: 42, notice: {start: 2026-01-05, end: 2026-01-20}}, shares: {DEV: 0.35, RH1: 0.5, RH2: 0.15}, clauses: [parties, term, use]}]
    当 检查
    那么 应有 "LAW-clauses" 警告 位于 "agreements[0].clauses"

  场景: 不含流转内容的开发协议不适用
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[0].clauses" 设为 [parties, confidentiality, development_deadline]
    当 检查
    那么 不应有 "LAW-clauses"

  场景: 未采用书面形式：错误（书面合同是唯一的强制形式）
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].written" 设为 false
    当 检查
    那么 应有 "LAW-clauses" 错误 位于 "agreements[1].written"
    而且 结论为 "不通过"
