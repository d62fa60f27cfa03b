# language: zh-CN
功能: GEO-area 图形面积与申报面积一致
  依据随项目：CCER 项目为温室气体自愿减排交易管理办法（试行）第十条第一款第（一）项（真实性）；四川的项目为
  川林发〔2024〕3号 六(四)；湖南的其他项目为湘林基〔2025〕5号 第四条第二款（产品的解读）；其余为 GB/T 26424-2010 小班面积求算（二手依据）。按 CGCS2000 椭球计算的图形面积与申报的
  area_ha 相差超过 GEO.area_warn_pct（5%）警告，超过 GEO.area_error_pct（15%）报错。

  场景: 图形面积与申报面积一致（35.2 公顷）
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "GEO-area"

  场景: 相差约 3.5%，在容差以内
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[0].area_ha" 设为 34.0
    当 检查
    那么 不应有 "GEO-area"

  场景: 相差约 6.7%，警告
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[0].area_ha" 设为 33.0
    当 检查
    那么 应有 "GEO-area" 警告 位于 "plots[0].area_ha"
    而且 不应有 "GEO-area" 错误

  场景: 相差约 17%，错误
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[0].area_ha" 设为 30.0
    当 检查
    那么 应有 "GEO-area" 错误 位于 "plots[0].area_ha"

  场景: 草原地块面积与图形一致（经纬度坐标）
    假如 示例 "sichuan-scph-grassland"
    当 检查
    那么 不应有 "GEO-area"
