# language: zh-CN
功能: HN-15-agreements 签订项目开发、资源流转、利益分配协议并签署
  湘林基〔2025〕5号 第十五条：应签订项目开发、资源流转、利益分配等协议，明确各参与方的责、权、利，保障林权所有者权益。
  一份涵盖三者的三方协议亦可。

  场景: 三份协议齐全并已签署
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "HN-15-agreements"

  场景: 一份三方协议涵盖三者
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements" 设为 [{kind: 三方协议, signed: 2026-02-15, parties: [DEV, RH1, RH2], transferors: [RH1, RH2], transferee: DEV, mode: lease, plots: [430626-LY-012-03, 430626-LY-012-07], term: {start: 2026-03-01, end: 2066-02-28}, price: {amount_yuan: 120000, per: year}, consent: {body: villager_representatives, in_favour: 31, members: 42, notice: {start: 2026-01-05, end: 2026-01-20}, resolution_date: 2026-01-25}, development_deadline: 2027-02-28, shares: {DEV: 0.35, RH1: 0.5, RH2: 0.15}, clauses: [parties, location_area, term, use, rights_obligations, price_payment, expropriation_compensation, expiry_disposal, breach_liability, dispute_resolution, confidentiality, development_deadline, shares, payment_schedule, accounts_disclosure]}]
    当 检查
    那么 不应有 "HN-15-agreements"
    而且 结论为 "通过"

  场景: 缺少利益分配协议
    假如 示例 "hunan-missing-benefit"
    当 检查
    那么 应有 "HN-15-agreements" 错误 位于 "agreements"
    而且 结论为 "不通过"

  场景: 开发协议尚未签署
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[0].signed" 设为 null
    当 检查
    那么 应有 "HN-15-agreements" 错误 位于 "agreements[0].signed"
