# language: zh-CN
功能: GEO-county 地块位于其申报的县内（已配置县界时）
  GB/T 2260 行政区划代码（二手依据）；依据随项目：CCER 项目为温室气体自愿减排交易管理办法（试行）第十条第一款第（一）项，
  四川的项目为川林发〔2024〕3号 六(四)，湖南的其他项目为湘林基〔2025〕5号 第四条第三款（产品的解读）。只在配置了县界文件
  （环境变量 COMPLIANCE_COUNTY_BOUNDARIES）且其中有该县时检查；工作台不提供县界。地块图形在申报县之外的面积超过
  GEO.county_outside_warn_pct（5%）警告，超过 GEO.county_outside_error_pct（50%）报错并指出大部分所在的县。
  示例县界 examples/geometry/county-boundaries-sample.geojson 为示意边界，不是真实县界。

  场景: 地块都在申报的县内
    假如 县界文件 "geometry/county-boundaries-sample.geojson"
    而且 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "GEO-county"

  场景: 未配置县界时不检查
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[0].county" 设为 "430682"
    当 检查
    那么 不应有 "GEO-county"

  场景: 县界文件中没有该县时不检查
    假如 县界文件 "geometry/county-boundaries-sample.geojson"
    而且 示例 "sichuan-scph-grassland"
    当 检查
    那么 不应有 "GEO-county"

  场景: 地块填写了另一个县的区划代码，错误
    假如 县界文件 "geometry/county-boundaries-sample.geojson"
    而且 示例 "hunan-ccer-afforestation"
    而且 将 "plots[0].county" 设为 "430682"
    当 检查
    那么 应有 "GEO-county" 错误 位于 "plots[0].county"

  场景: 地块有约 17% 越过县界，警告
    假如 县界文件 "geometry/county-boundaries-sample.geojson"
    而且 示例 "hunan-ccer-afforestation"
    而且 将 "plots[1].geometry" 设为 "POLYGON ((38489991.34 3184779.33, 38490284.28 3184779.08, 38490284.51 3185056.16, 38489991.58 3185056.41, 38489991.34 3184779.33))"
    当 检查
    那么 应有 "GEO-county" 警告 位于 "plots[1].geometry"
    而且 不应有 "GEO-county" 错误
