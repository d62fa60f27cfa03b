# language: zh-CN
功能: HN-12-xltp-scope 湘林碳票地块为人工乔木林并在应用先行区
  湘林基〔2025〕5号 第十二条 + 湘林碳票项目方法学 人工乔木林（试行）（二手依据，请复核）：
  湘林碳票地块应为林地上的人工乔木林；应用先行区（怀化市、浏阳市、桃源县、炎陵县、安仁县、花垣县、祁阳市金洞管理区）外的地块给出警告。

  背景:
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.mechanism" 设为 湘林碳票
    而且 将 "project.methodology" 设为 湘林碳票项目方法学 人工乔木林（试行）
    而且 将 "project.trading_venue" 设为 null
    而且 将 "plots[1].forest_type" 设为 人工乔木林

  场景: 浏阳市的人工乔木林地块
    假如 将 "plots[0].county" 设为 "430181"
    而且 将 "plots[1].county" 设为 "430181"
    当 检查
    那么 不应有 "HN-12-xltp-scope"

  场景: 先行区外的地块：警告
    当 检查
    那么 应有 "HN-12-xltp-scope" 警告 位于 "plots[0].county"
    而且 应有 "HN-12-xltp-scope" 警告 位于 "plots[1].county"

  场景: 怀化市全域属先行区，但地块不是人工乔木林
    假如 将 "plots[0].county" 设为 "431202"
    而且 将 "plots[1].county" 设为 "431202"
    而且 将 "plots[1].forest_type" 设为 竹林
    当 检查
    那么 应有 "HN-12-xltp-scope" 错误 位于 "plots[1].forest_type"
    而且 不应有 "HN-12-xltp-scope" 警告

  场景: CCER 项目不适用本规则
    假如 将 "project.mechanism" 设为 CCER
    而且 将 "project.methodology" 设为 CCER-14-001-V01
    而且 将 "plots[1].forest_type" 设为 竹林
    当 检查
    那么 不应有 "HN-12-xltp-scope"
