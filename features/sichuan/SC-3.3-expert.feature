# language: zh-CN
功能: SC-3.3-expert 登记前有省级林草碳普惠专家委员会技术评估
  川林发〔2024〕3号 三(三)：省级林草碳普惠专家委员会负责林草碳普惠项目及其减排量的技术评估。
  本产品以“备案”（filing）阶段表示在四川省环境政策研究与规划院登记：到该阶段须有专家委员会评估记录，
  且评估日期不晚于登记日（milestones.filing）。

  场景: 登记前已评估
    假如 示例 "sichuan-scph-grassland"
    当 检查
    那么 不应有 "SC-3.3-expert"

  场景: 入库阶段尚未登记，不要求评估
    假如 示例 "sichuan-double-claim"
    当 检查
    那么 不应有 "SC-3.3-expert"

  场景: 已登记但没有评估记录
    假如 示例 "sichuan-scph-grassland"
    而且 删除 "project.reviews[1]"
    当 检查
    那么 应有 "SC-3.3-expert" 错误 位于 "project.reviews"
    而且 结论为 "不通过"

  场景: 评估晚于登记
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.reviews[1].date" 设为 2025-05-06
    当 检查
    那么 应有 "SC-3.3-expert" 错误 位于 "project.reviews"
