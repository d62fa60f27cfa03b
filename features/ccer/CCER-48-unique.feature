# language: zh-CN
功能: CCER-48-unique 项目和地块未参与其他减排机制
  温室气体自愿减排交易管理办法（试行）第十条第一款第（一）项：项目应具备唯一性；
  第四十八条：唯一性是指项目未参与其他温室气体减排交易机制，不存在项目重复认定或者减排量重复计算的情形。

  场景: 未在其他机制登记
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "CCER-48-unique"

  场景: 地块已登记为湘林碳票
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.other_registrations" 设为 [{mechanism: 湘林碳票, id: XLTP-2025-0012, plots: [430626-LY-012-03]}]
    当 检查
    那么 应有 "CCER-48-unique" 错误 位于 "project.other_registrations[0]"
    而且 结论为 "不通过"

  场景: 整个项目已申请 VCS
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.other_registrations" 设为 [{mechanism: VCS, id: VCS-4471, status: applied}]
    当 检查
    那么 应有 "CCER-48-unique" 错误 位于 "project.other_registrations[0]"

  场景: 在其他机制的登记已注销
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.other_registrations" 设为 [{mechanism: 湘林碳票, id: XLTP-2025-0012, plots: [430626-LY-012-03], status: cancelled, date: 2026-01-10}]
    当 检查
    那么 不应有 "CCER-48-unique"
