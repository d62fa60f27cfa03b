# language: zh-CN
功能: SC-5.1-unique 不在其他机制重复登记（唯一性）
  川林发〔2024〕3号 三(一) 唯一性；五(一)：与重庆市“碳惠通”逐步实现方法学互认、项目互认。
  已在碳惠通或其他机制登记的项目或地块再申报林草碳普惠，属重复申报，
  除非 compliance/data/mutual_recognition.yaml 中有已生效、涵盖项目互认的安排（目前没有）。

  场景: 未在其他机制登记
    假如 示例 "sichuan-scph-grassland"
    当 检查
    那么 不应有 "SC-5.1-unique"

  场景: 地块已在碳惠通登记
    假如 示例 "sichuan-double-claim"
    当 检查
    那么 应有 "SC-5.1-unique" 错误 位于 "project.other_registrations[0]"
    而且 结论为 "不通过"

  场景: 项目已在 CCER 登记
    假如 示例 "sichuan-scph-grassland"
    而且 在 "project.other_registrations" 中追加 {mechanism: CCER, id: CCER-14-2024-0321, status: registered}
    当 检查
    那么 应有 "SC-5.1-unique" 错误 位于 "project.other_registrations[0]"

  场景: 碳惠通登记已注销
    假如 示例 "sichuan-double-claim"
    而且 将 "project.other_registrations[0].status" 设为 cancelled
    当 检查
    那么 不应有 "SC-5.1-unique"
    而且 结论为 "通过"

  场景: 碳惠通申请尚在审核中
    假如 示例 "sichuan-double-claim"
    而且 将 "project.other_registrations[0].status" 设为 applied
    当 检查
    那么 应有 "SC-5.1-unique" 警告 位于 "project.other_registrations[0]"

  场景: 本项目自身的林草碳普惠登记不算重复
    假如 示例 "sichuan-scph-grassland"
    而且 在 "project.other_registrations" 中追加 {mechanism: SCPH, id: SCPH-5132-2024-007}
    当 检查
    那么 不应有 "SC-5.1-unique"
