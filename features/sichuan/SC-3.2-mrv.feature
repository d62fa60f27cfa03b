# language: zh-CN
功能: SC-3.2-mrv 计量监测可测量、可报告、可核实
  川林发〔2024〕3号 三(二)：制定计量监测方法，明确相关计量模型及碳计量参数，
  使减排量计量监测结果符合可测量、可报告、可核实原则。自设计阶段起须有监测计划，
  写明计量模型（model）、碳计量参数（parameters）和监测频率（frequency_years）。

  场景: 监测计划完整
    假如 示例 "sichuan-scph-grassland"
    当 检查
    那么 不应有 "SC-3.2-mrv"

  场景: 没有监测计划
    假如 示例 "sichuan-missing-principles"
    当 检查
    那么 应有 "SC-3.2-mrv" 错误 位于 "project.monitoring_plan"

  场景: 监测计划缺少碳计量参数
    假如 示例 "sichuan-scph-grassland"
    而且 删除 "project.monitoring_plan.parameters"
    当 检查
    那么 应有 "SC-3.2-mrv" 错误 位于 "project.monitoring_plan"

  场景: 以中文键名填写监测计划
    假如 示例 "sichuan-missing-principles"
    而且 将 "project.monitoring_plan" 设为 {计量模型: 材积源生物量法, 碳计量参数: 四川省主要树种碳计量参数表, 监测频率: 5}
    当 检查
    那么 不应有 "SC-3.2-mrv"

  场景: 监测频率须为正数
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.monitoring_plan.frequency_years" 设为 0
    当 检查
    那么 提交无效，问题位于 "project.monitoring_plan.frequency_years"
