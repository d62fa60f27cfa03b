# language: zh-CN
功能: SC-2.3-venue 在西部生态产品交易平台交易
  川林发〔2024〕3号 二(三)：依托西部生态产品交易平台构建林草碳普惠项目减排量交易子平台。
  指定场所及其依据见 compliance/data/venues.yaml（venues.SCPH）。

  场景: 在西部生态产品交易平台交易
    假如 示例 "sichuan-scph-grassland"
    当 检查
    那么 不应有 "SC-2.3-venue"

  场景: 以子平台名称填写
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.trading_venue" 设为 西部生态产品交易平台林草碳普惠减排量交易子平台
    当 检查
    那么 不应有 "SC-2.3-venue"

  场景: 在非指定场所交易
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.trading_venue" 设为 北京绿色交易所
    当 检查
    那么 应有 "SC-2.3-venue" 错误 位于 "project.trading_venue"

  场景: 交易阶段未填交易场所
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.trading_venue" 设为 null
    当 检查
    那么 应有 "SC-2.3-venue" 错误 位于 "project.trading_venue"
