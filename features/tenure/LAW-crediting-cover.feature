# language: zh-CN
功能: LAW-crediting-cover 流转取得的期限覆盖整个计入期
  农村土地承包法第三十八条第（三）项限定流转期限不超过承包期剩余期限；项目须在整个计入期内持有经营权
  （造林碳汇方法学 2 b) 项目土地权属清晰、具有流转合同；温室气体自愿减排交易管理办法（试行）第十七条）。
  每块地取流转期限与权利期限中较短者，与计入期比较。

  场景: 流转至 2066 年，计入期至 2046 年
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "LAW-crediting-cover"

  场景: 流转期限与计入期同日届满
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].term.end" 设为 2046-02-28
    当 检查
    那么 不应有 "LAW-crediting-cover"

  场景: 流转期限比计入期早一天届满
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].term.end" 设为 2046-02-27
    当 检查
    那么 应有 "LAW-crediting-cover" 错误 位于 "agreements[1].plots[0]"
    而且 应有 "LAW-crediting-cover" 错误 位于 "agreements[1].plots[1]"

  场景: 流转晚于计入期开始
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].term.start" 设为 2026-03-02
    当 检查
    那么 应有 "LAW-crediting-cover" 错误 位于 "agreements[1].plots[0]"

  场景: 家庭承包期先于计入期届满
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[1].right_term_end" 设为 2040-12-31
    当 检查
    那么 应有 "LAW-crediting-cover" 错误 位于 "agreements[1].plots[1]"
