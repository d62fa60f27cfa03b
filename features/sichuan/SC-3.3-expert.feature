# language: zh-CN
功能: SC-3.3-expert 登记前有省级林草碳普惠专家委员会技术评估
  川林发〔2024〕3号 三(三)：省级林草碳普惠专家委员会负责林草碳普惠项目及其减排量的技术评估。
  阶段代码 filing 表示在四川省环境政策研究与规划院登记（检查结果称“登记”）：到该阶段须有专家委员会评估记录，
  且评估日期不晚于登记日（milestones.filing）；每一申请登记的减排量批次也须有评估记录（reviews[].batches）。

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

  场景: 每一申请登记的减排量批次都有专家委员会评估
    假如 示例 "sichuan-scph-grassland"
    当 检查
    那么 不应有 "SC-3.3-expert" 错误

  场景: 一个批次没有专家委员会评估
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.reviews[2].batches" 设为 [SCPH-513233-2025-001, SCPH-513233-2025-002]
    当 检查
    那么 应有 "SC-3.3-expert" 错误 位于 "project.reduction_batches[2]"

  场景: 批次评估晚于该批次登记
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.reviews[2].date" 设为 2025-06-02
    当 检查
    那么 应有 "SC-3.3-expert" 错误 位于 "project.reduction_batches[0]"
