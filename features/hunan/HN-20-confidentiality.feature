# language: zh-CN
功能: HN-20-confidentiality 开发协议约定碳汇资源数据保密
  湘林基〔2025〕5号 第二十条：加强碳汇资源敏感数据管理，监督林业碳汇项目开发主体切实履行保密责任。

  场景: 开发协议含保密条款
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "HN-20-confidentiality"

  场景: 开发协议缺少保密条款
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[0].clauses" 设为 [parties, location_area, term, use, rights_obligations, price_payment, expropriation_compensation, expiry_disposal, breach_liability, dispute_resolution, development_deadline]
    当 检查
    那么 应有 "HN-20-confidentiality" 警告 位于 "agreements[0].clauses"
    而且 结论为 "通过"
