# language: zh-CN
功能: CCER-10-start 项目于 2012 年 11 月 8 日之后开工建设
  温室气体自愿减排交易管理办法（试行）第十条第一款第（三）项：申请登记的项目应于2012年11月8日之后开工建设。
  “之后”不含当日：2012-11-08 开始的项目不符合。

  场景: 2026 年开始的项目
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "CCER-10-start"

  场景: 前一天（2012-11-07）开始
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.start_date" 设为 2012-11-07
    当 检查
    那么 应有 "CCER-10-start" 错误 位于 "project.start_date"
    而且 结论为 "不通过"

  场景: 当天（2012-11-08）开始，不在该日之后
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.start_date" 设为 2012-11-08
    当 检查
    那么 应有 "CCER-10-start" 错误 位于 "project.start_date"

  场景: 后一天（2012-11-09）开始
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.start_date" 设为 2012-11-09
    当 检查
    那么 不应有 "CCER-10-start"

  场景: 设计阶段未填写开始日期
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.start_date" 设为 null
    当 检查
    那么 应有 "CCER-10-start" 警告 位于 "project.start_date"
