# language: zh-CN
功能: HN-9-measure 措施与地类相符
  湘林基〔2025〕5号 第九条：林地通过人工造林（更新）、封山（沙）育林、中幼林抚育、退化林修复；
  草地通过人工种草、草原改良；湿地通过湿地保护与修复提升固碳能力。

  场景: 林地人工造林
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "HN-9-measure"

  场景: 草地草原改良（中文名称作代码）
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[1].land_type" 设为 草地
    而且 将 "plots[1].measure" 设为 草原改良
    当 检查
    那么 不应有 "HN-9-measure"

  场景: 林地上报人工种草
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[1].measure" 设为 grass_planting
    当 检查
    那么 应有 "HN-9-measure" 错误 位于 "plots[1].measure"

  场景: 湿地上报封山育林
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[0].land_type" 设为 湿地
    而且 将 "plots[0].measure" 设为 封山育林
    当 检查
    那么 应有 "HN-9-measure" 错误 位于 "plots[0].measure"

  场景: 林地上的森林经营：第九条未列举（列举以“等”结尾，不穷尽），警告复核而非错误
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[1].measure" 设为 森林经营
    当 检查
    那么 应有 "HN-9-measure" 警告 位于 "plots[1].measure"
    而且 不应有 "HN-9-measure" 错误

  场景: 林地上的低效林改造同样只需复核
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[0].measure" 设为 低效林改造
    当 检查
    那么 应有 "HN-9-measure" 警告 位于 "plots[0].measure"

  场景: 草地上的森林经营（属林地的措施）：错误
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[1].land_type" 设为 草地
    而且 将 "plots[1].measure" 设为 森林经营
    当 检查
    那么 应有 "HN-9-measure" 错误 位于 "plots[1].measure"
