# language: zh-CN
功能: LAW-term 流转期限不超过承包（经营）期限
  农村土地承包法第三十八条第（三）项：流转期限不得超过承包期的剩余期限。
  法释〔2022〕16号第十一条、第十二条：超过部分，流转双方不得主张无效，但对发包方不具有法律约束力。
  适用于每一份资源流转协议（及含流转内容的三方协议），不分省份和机制。

  场景: 流转至 2066 年，两块地的权利期限至 2076、2080 年
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "LAW-term"

  场景: 流转期限与承包期限同日届满
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].term.end" 设为 2076-06-30
    当 检查
    那么 不应有 "LAW-term"

  场景: 流转期限超过承包期限一天
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].term.end" 设为 2076-07-01
    当 检查
    那么 应有 "LAW-term" 错误 位于 "agreements[1].plots[1]"
    而且 结论为 "不通过"

  场景: 地块未记录权利期限届满日
    假如 示例 "hunan-ccer-afforestation"
    而且 删除 "plots[0].right_term_end"
    当 检查
    那么 应有 "LAW-term" 警告 位于 "agreements[1].plots[0]"

  场景: 三方协议未记录流转期限
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements" 设为 [{kind: tripartite, signed: 2026-02-15, parties: [DEV, RH1, RH2], transferors: [RH1, RH2], transferee: DEV, mode: lease, plots: [430626-LY-012-03, 430626-LY-012-07], consent: {body: villager_representatives, in_favour: 31, members: 42, notice: {start: 2026-01-05, end: 2026-01-20}}, shares: {DEV: 0.35, RH1: 0.5, RH2: 0.15}, clauses: [parties, location_area, term, use, rights_obligations, price_payment, expropriation_compensation, expiry_disposal, breach_liability, dispute_resolution]}]
    当 检查
    那么 应有 "LAW-term" 错误 位于 "agreements[0].term"

  场景: 四川林草碳普惠项目的流转协议同样适用
    假如 示例 "sichuan-scph-grassland"
    而且 将 "agreements[1].term.end" 设为 2057-03-31
    当 检查
    那么 应有 "LAW-term" 错误 位于 "agreements[1].plots[0]"

  场景: 2018 年修正的农村土地承包法施行前（2018-12-31）判定，不适用
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].term.end" 设为 2076-07-01
    当 以 2018-12-31 为判定日检查
    那么 不应有 "LAW-term"
