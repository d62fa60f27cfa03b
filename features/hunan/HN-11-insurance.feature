# language: zh-CN
功能: HN-11-insurance 建议投保森林保险
  湘林基〔2025〕5号 第十一条：鼓励支持保险机构按市场化原则将林业碳汇资源纳入森林保险范围。

  场景: 已投保森林保险
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "HN-11-insurance"

  场景: 未记录保险安排：提示
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.insurance" 设为 null
    当 检查
    那么 应有 "HN-11-insurance" 提示 位于 "project.insurance"
    而且 结论为 "通过"
