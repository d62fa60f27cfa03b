# language: zh-CN
功能: LAW-lease-20y 出租超过二十年：建议法律审查
  民法典第七百零五条：租赁期限不得超过二十年，超过部分无效（“超过”不含本数，民法典第一千二百五十九条）；
  农村土地承包法第三十八条第（三）项允许流转至承包期剩余期限。审判实践存在分歧：提示法律审查，不阻止提交。

  场景: 出租 40 年：提示
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 应有 "LAW-lease-20y" 提示 位于 "agreements[1].term"
    而且 结论为 "通过"

  场景: 出租恰为 20 年
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].term.end" 设为 2046-02-28
    当 检查
    那么 不应有 "LAW-lease-20y"

  场景: 出租 20 年零一天
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].term.end" 设为 2046-03-01
    当 检查
    那么 应有 "LAW-lease-20y" 提示 位于 "agreements[1].term"

  场景: 入股方式 40 年，不属租赁
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].mode" 设为 入股
    当 检查
    那么 不应有 "LAW-lease-20y"

  场景: 民法典施行前一天（2020-12-31）判定，不适用
    假如 示例 "hunan-ccer-afforestation"
    当 以 2020-12-31 为判定日检查
    那么 不应有 "LAW-lease-20y"
