# language: zh-CN
功能: CCER-10-methodology 采用生态环境部发布的项目方法学
  温室气体自愿减排交易管理办法（试行）第十条第一款第（二）项：申请登记的项目应属于生态环境部发布的
  项目方法学支持领域。已发布方法学及其施行日期见 compliance/data/methodologies.yaml。

  场景: 造林碳汇方法学已发布并施行
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "CCER-10-methodology"

  场景: 未发布的方法学编号
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.methodology" 设为 CCER-14-009-V01
    当 检查
    那么 应有 "CCER-10-methodology" 错误 位于 "project.methodology"

  场景: 未填写方法学
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.methodology" 设为 null
    当 检查
    那么 应有 "CCER-10-methodology" 错误 位于 "project.methodology"

  场景: 办法已施行但方法学发布前一天（2023-10-23）判定
    假如 示例 "hunan-ccer-afforestation"
    当 以 2023-10-23 为判定日检查
    那么 应有 "CCER-10-methodology" 错误 位于 "project.methodology"

  场景: 方法学发布当日（2023-10-24）判定
    假如 示例 "hunan-ccer-afforestation"
    当 以 2023-10-24 为判定日检查
    那么 不应有 "CCER-10-methodology"

  场景: 办法施行前（2023-10-19）不适用
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.methodology" 设为 CCER-14-009-V01
    当 以 2023-10-19 为判定日检查
    那么 不应有 "CCER-10-methodology"
