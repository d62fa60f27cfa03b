# language: zh-CN
功能: CCER-16-cancelled 已注销项目不得再次申请登记
  温室气体自愿减排交易管理办法（试行）第十六条第三款：注销后的项目不得再次申请登记。
  既往登记和注销记录在 project.ccer_history（或 other_registrations 中 mechanism 为 CCER、status 为 cancelled 的记录）。

  场景: 无既往登记
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "CCER-16-cancelled"

  场景: 既往登记未注销
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.ccer_history" 设为 [{id: CCER-14-2024-0031, registered: 2024-12-20}]
    当 检查
    那么 不应有 "CCER-16-cancelled"

  场景: 既往登记已注销后重新申请
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.ccer_history" 设为 [{id: CCER-14-2024-0031, registered: 2024-12-20, cancelled: 2025-08-01, reason: 项目业主申请注销}]
    当 检查
    那么 应有 "CCER-16-cancelled" 错误 位于 "project.ccer_history[0]"
    而且 结论为 "不通过"

  场景: 注销日期晚于判定日，尚未注销
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.ccer_history" 设为 [{id: CCER-14-2024-0031, registered: 2024-12-20, cancelled: 2026-08-01}]
    当 检查
    那么 不应有 "CCER-16-cancelled"

  场景: 以其他登记记录注销的 CCER 项目
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.other_registrations" 设为 [{mechanism: CCER, id: CCER-14-2024-0031, status: cancelled, date: 2025-08-01}]
    当 检查
    那么 应有 "CCER-16-cancelled" 错误 位于 "project.other_registrations[0]"
