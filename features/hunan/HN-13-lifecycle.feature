# language: zh-CN
功能: HN-13-lifecycle 开发、设计、入库、备案、交易依次进行
  湘林基〔2025〕5号 第十三条：省林业局指导开发、设计、入库、备案、交易等工作，通过平台全过程监督管理。
  这是对省林业局的指导职责，不是对开发者的程序顺序规定（依据：二手，产品读法）：缺少前序阶段、未备案即交易为警告；
  日期倒置或晚于判定日属数据不一致，为错误；CCER 交易的前提是项目登记和减排量登记（办法第十四条至第二十五条）。

  场景: 设计阶段项目有开发和设计日期
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "HN-13-lifecycle"

  场景: CCER 项目已交易但没有已登记的减排量：警告
    假如 示例 "hunan-undesignated-venue"
    而且 将 "project.trading_venue" 设为 北京绿色交易所
    当 检查
    那么 应有 "HN-13-lifecycle" 警告 位于 "project.milestones"
    而且 不应有 "HN-13-lifecycle" 错误

  场景: 入库阶段缺少入库日期：警告，不是错误
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.stage" 设为 library
    当 检查
    那么 应有 "HN-13-lifecycle" 警告 位于 "project.milestones"
    而且 不应有 "HN-13-lifecycle" 错误

  场景: 设计日期早于开发日期
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.milestones.design" 设为 2026-01-20
    当 检查
    那么 应有 "HN-13-lifecycle" 错误 位于 "project.milestones.order"

  场景: 湘林碳票项目未备案即交易：警告
    假如 示例 "hunan-undesignated-venue"
    而且 将 "project.mechanism" 设为 湘林碳票
    而且 将 "project.methodology" 设为 null
    而且 将 "project.trading_venue" 设为 null
    而且 删除 "project.milestones.filing"
    当 检查
    那么 应有 "HN-13-lifecycle" 警告 位于 "project.milestones"
    而且 不应有 "HN-13-lifecycle" 错误

  场景: 交易晚于判定日：数据不一致，错误
    假如 示例 "hunan-undesignated-venue"
    而且 将 "project.milestones.trading" 设为 2026-08-01
    当 检查
    那么 应有 "HN-13-lifecycle" 错误 位于 "project.milestones.order"
