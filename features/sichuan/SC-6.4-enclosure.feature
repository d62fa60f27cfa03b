# language: zh-CN
功能: SC-6.4-enclosure 疑似无序圈占林草碳汇资源
  川林发〔2024〕3号 六(四)：防控资源无序圈占、盲目开发、弄虚作假等风险。与湖南 HN-14-enclosure 相同的两项核查，
  适用于地块位于四川省的每个林草碳汇项目（不论机制）：签约超过 24 个月仍未进入设计阶段，或约定开发期限届满仍未达到设计阶段。

  背景:
    假如 示例 "sichuan-double-claim"
    而且 将 "project.stage" 设为 development
    而且 将 "project.other_registrations" 设为 []

  场景: 开发期限未到、签约未满 24 个月
    假如 将 "agreements[0].development_deadline" 设为 2026-12-31
    而且 将 "agreements[1].development_deadline" 设为 2026-12-31
    当 以 2025-11-20 为判定日检查
    那么 不应有 "SC-6.4-enclosure"

  场景: 开发期限已过仍在开发阶段
    假如 将 "agreements[0].development_deadline" 设为 2025-06-30
    当 以 2025-11-20 为判定日检查
    那么 应有 "SC-6.4-enclosure" 警告 位于 "agreements[0].development_deadline"

  场景: 签约超过 24 个月仍在开发阶段（CCER 项目同样适用）
    假如 将 "project.mechanism" 设为 CCER
    而且 将 "project.methodology" 设为 CCER-14-001-V01
    当 以 2028-01-10 为判定日检查
    那么 应有 "SC-6.4-enclosure" 警告 位于 "agreements[0]"
