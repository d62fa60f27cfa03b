# language: zh-CN
功能: HN-2-scope 项目地块在湖南省且为林地、草地或湿地
  湘林基〔2025〕5号 第二条：林业碳汇资源是全省行政区域内可用于开发碳汇项目的林地、草地、湿地碳汇资源。

  场景: 湖南省内的林地地块
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "HN-2-scope"

  场景: 草地、湿地同样在范围内
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[0].land_type" 设为 草地
    而且 将 "plots[0].measure" 设为 人工种草
    而且 将 "plots[1].land_type" 设为 wetland
    而且 将 "plots[1].measure" 设为 湿地保护与修复
    当 检查
    那么 不应有 "HN-2-scope"

  场景: 地块位于四川省
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[0].county" 设为 "510104"
    当 检查
    那么 应有 "HN-2-scope" 错误 位于 "plots[0].county"
    而且 结论为 "不通过"

  场景: 地类为其他土地
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[1].land_type" 设为 other
    当 检查
    那么 应有 "HN-2-scope" 错误 位于 "plots[1].land_type"
    而且 不应有 "HN-9-measure"

  场景: 不存在的县级代码在读入时即被拒绝
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[0].county" 设为 "431399"
    当 检查
    那么 提交无效，问题位于 "plots[0].county"
