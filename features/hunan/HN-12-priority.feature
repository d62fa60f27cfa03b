# language: zh-CN
功能: HN-12-priority 优先 CCER、有序发展湘林碳票、审慎开发其他机制
  湘林基〔2025〕5号 第十二条：优先支持申报全国温室气体自愿减排项目（CCER），有序推动湘林碳票项目发展，
  严格审慎开发其他温室气体自愿减排机制下的林业碳汇项目。

  场景: CCER 项目属优先支持的机制，不给任何提示（“支持”提示对读者无所作为，属噪声）
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "HN-12-priority"

  场景: 国际机制项目已记录理由并经市州审核：仅警告
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.mechanism" 设为 VCS
    而且 将 "project.trading_venue" 设为 null
    而且 将 "project.justification" 设为 {reason: 项目区已纳入国际买家长期采购协议，CCER 方法学暂不覆盖, reviewed_by: 岳阳市林业局, date: 2026-04-28}
    当 检查
    那么 应有 "HN-12-priority" 警告 位于 "project.mechanism"
    而且 不应有 "HN-12-priority" 错误

  场景: 国际机制项目无理由：错误（取代警告）
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.mechanism" 设为 黄金标准
    而且 将 "project.trading_venue" 设为 null
    当 检查
    那么 应有 "HN-12-priority" 错误 位于 "project.mechanism"
    而且 不应有 "HN-12-priority" 警告

  场景: 其他机制有理由但无市州审核：错误
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.mechanism" 设为 OTHER
    而且 将 "project.trading_venue" 设为 null
    而且 将 "project.justification" 设为 {reason: 地方自愿减排平台试点, reviewed_by: 平江县林业局, date: 2026-04-28}
    而且 将 "project.reviews" 设为 []
    当 检查
    那么 应有 "HN-12-priority" 错误 位于 "project.mechanism"
