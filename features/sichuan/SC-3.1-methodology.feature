# language: zh-CN
功能: SC-3.1-methodology 登记起采用经评估的林草碳普惠方法学
  川林发〔2024〕3号 三(一)：逐批开发森林、草原、湿地等领域碳普惠项目方法学；三(三)：省级专家委员会对方法学进行技术评估。
  自登记（阶段代码 filing）起，项目须写明所用方法学，且该方法学在参考数据的已评估方法学之列（名称、评估或发布机关、日期）。
  参考数据中林草碳普惠的已评估方法学尚为空：写明了方法学的项目得到警告，提示报省林业和草原局确认；未写明的为错误。

  场景: 入库阶段尚未登记，不要求
    假如 示例 "sichuan-double-claim"
    当 检查
    那么 不应有 "SC-3.1-methodology"

  场景: 已登记且写明方法学，但参考数据尚无已评估方法学：警告
    假如 示例 "sichuan-scph-grassland"
    当 检查
    那么 应有 "SC-3.1-methodology" 警告 位于 "project.methodology"
    而且 不应有 "SC-3.1-methodology" 错误
    而且 结论为 "通过"

  场景: 已登记但未写明方法学：错误
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.methodology" 设为 null
    当 检查
    那么 应有 "SC-3.1-methodology" 错误 位于 "project.methodology"
    而且 结论为 "不通过"
