# language: zh-CN
功能: HN-13-lifecycle 开发、设计、入库、备案、交易依次进行
  湘林基〔2025〕5号 第十三条：项目的开发、设计、入库、备案、交易全过程监督管理。
  项目所处阶段之前的每一阶段须有日期记录，日期不得倒置，未备案不得交易。

  场景: 设计阶段项目有开发和设计日期
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "HN-13-lifecycle"

  场景: 已备案交易的项目各阶段齐全
    假如 示例 "hunan-undesignated-venue"
    而且 将 "project.trading_venue" 设为 北京绿色交易所
    当 检查
    那么 不应有 "HN-13-lifecycle"

  场景: 入库阶段缺少入库日期
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.stage" 设为 library
    当 检查
    那么 应有 "HN-13-lifecycle" 错误 位于 "project.milestones"

  场景: 设计日期早于开发日期
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.milestones.design" 设为 2026-01-20
    当 检查
    那么 应有 "HN-13-lifecycle" 错误 位于 "project.milestones.order"

  场景: 未备案即交易
    假如 示例 "hunan-undesignated-venue"
    而且 将 "project.trading_venue" 设为 北京绿色交易所
    而且 删除 "project.milestones.filing"
    当 检查
    那么 应有 "HN-13-lifecycle" 错误 位于 "project.milestones"
