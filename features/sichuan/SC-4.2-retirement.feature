# language: zh-CN
功能: SC-4.2-retirement 减排量注销不超过已登记减排量、不重复注销
  川林发〔2024〕3号 二(二)：减排量的登记、注销由四川省环境政策研究与规划院办理；
  四(二)(三)：通过购买和使用减排量实现碳中和（大型活动、全民义务植树、生态司法等消纳场景）。
  注销须出自已登记的批次（project.reduction_batches 中有 id 和登记日期）；每一批次只注销一次，
  之后出自同一批次的注销即为重复注销；一次注销不得超过该批次的登记量；注销日期不早于批次登记、不晚于判定日。

  场景: 三个批次各注销一次，均未超过登记量
    假如 示例 "sichuan-scph-grassland"
    当 检查
    那么 不应有 "SC-4.2-retirement"
    而且 结论为 "通过"

  场景: 注销出自未登记的批次
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.retirements[0].batch" 设为 SCPH-513233-2026-001
    当 检查
    那么 应有 "SC-4.2-retirement" 错误 位于 "project.retirements[0].batch"

  场景: 两次注销同一个未登记的批次：只报未登记，不报重复
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.retirements[0].batch" 设为 SCPH-513233-2026-009
    而且 将 "project.retirements[1].batch" 设为 SCPH-513233-2026-009
    当 检查
    那么 应有 "SC-4.2-retirement" 错误 位于 "project.retirements[1].batch"
    而且 结论为 "不通过"

  场景: 批次尚未登记（无登记日期）
    假如 示例 "sichuan-scph-grassland"
    而且 删除 "project.reduction_batches[0].registered"
    当 检查
    那么 应有 "SC-4.2-retirement" 错误 位于 "project.retirements[0].batch"

  场景: 一次注销超过批次的登记量
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.retirements[2].amount_tco2e" 设为 300
    当 检查
    那么 应有 "SC-4.2-retirement" 错误 位于 "project.retirements[2].amount_tco2e"
    而且 结论为 "不通过"

  场景: 两次注销出自同一批次
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.retirements[1].batch" 设为 SCPH-513233-2025-001
    当 检查
    那么 应有 "SC-4.2-retirement" 错误 位于 "project.retirements[1].batch"
    而且 结论为 "不通过"

  场景: 已注销的批次再次注销，即使合计未超过登记量
    假如 示例 "sichuan-scph-grassland"
    而且 在 "project.retirements" 中追加 {id: SCPH-ZX-2025-0060, batch: SCPH-513233-2025-001, amount_tco2e: 100, purpose: 自愿碳中和, date: 2025-09-20, beneficiary: 成都某会展公司}
    当 检查
    那么 应有 "SC-4.2-retirement" 错误 位于 "project.retirements[3].batch"

  场景: 同一笔注销重复记录
    假如 示例 "sichuan-scph-grassland"
    而且 在 "project.retirements" 中追加 {id: SCPH-ZX-2025-0031, batch: SCPH-513233-2025-001, amount_tco2e: 320, purpose: 大型活动碳中和, date: 2025-07-18, beneficiary: 2025年红原大草原夏季雅克音乐节组委会}
    当 检查
    那么 应有 "SC-4.2-retirement" 错误 位于 "project.retirements[3].batch"

  场景: 注销早于批次登记
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.retirements[0].date" 设为 2025-05-20
    当 检查
    那么 应有 "SC-4.2-retirement" 错误 位于 "project.retirements[0].date"

  场景: 注销晚于判定日
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.retirements[1].date" 设为 2025-12-01
    当 检查
    那么 应有 "SC-4.2-retirement" 错误 位于 "project.retirements[1].date"

  场景: 未载明使用方
    假如 示例 "sichuan-scph-grassland"
    而且 删除 "project.retirements[1].beneficiary"
    当 检查
    那么 应有 "SC-4.2-retirement" 警告 位于 "project.retirements[1].beneficiary"
    而且 结论为 "通过"

  场景: 注销用途无效时读入即被拒绝
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.retirements[0].purpose" 设为 送礼
    当 检查
    那么 提交无效，问题位于 "project.retirements[0].purpose"
