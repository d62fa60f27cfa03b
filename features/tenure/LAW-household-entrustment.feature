# language: zh-CN
功能: LAW-household-entrustment 他人代家庭承包户流转须有书面委托
  农村土地承包法第三十六条：承包方可以自主决定依法采取出租（转包）、入股或者其他方式向他人流转土地经营权。
  他人（如村集体）代承包户签约的，须有承包户的书面委托（民法典第一百六十五条）；
  否则未经追认对承包户不发生效力（民法典第一百七十一条）——并非合同无效。

  场景: 承包户本人签约
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "LAW-household-entrustment"

  场景: 村集体代承包户签约，未记录委托
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].signatory" 设为 RH1
    当 检查
    那么 应有 "LAW-household-entrustment" 错误 位于 "agreements[1].household_entrustments"
    而且 结论为 "不通过"

  场景: 村集体代承包户签约，有书面委托
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].signatory" 设为 RH1
    而且 将 "agreements[1].household_entrustments" 设为 [{holder: RH2, signed: 2026-02-01}]
    当 检查
    那么 不应有 "LAW-household-entrustment"

  场景: 承包户不在流转方之列，由村集体流转其承包地
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].transferors" 设为 [RH1]
    当 检查
    那么 应有 "LAW-household-entrustment" 错误 位于 "agreements[1].household_entrustments"
