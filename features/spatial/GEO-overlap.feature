# language: zh-CN
功能: GEO-overlap 同一项目的地块互不重叠
  GB/T 26424-2010 森林资源规划设计调查技术规程 小班区划（二手依据）：小班互不重叠。同一项目两个地块的重叠面积超过
  GEO.overlap_min_m2（100 m²）且超过较小地块面积的 GEO.overlap_min_pct（1%）时，两个地块都报错。

  场景: 两个小班互不重叠
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "GEO-overlap"

  场景: 第二个地块画在第一个地块之内
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[1].geometry" 设为 "POLYGON ((38486153 3186053, 38486447 3186053, 38486447 3186347, 38486153 3186347, 38486153 3186053))"
    当 检查
    那么 应有 "GEO-overlap" 错误 位于 "plots[0].geometry"
    而且 应有 "GEO-overlap" 错误 位于 "plots[1].geometry"

  场景: 两个地块只共用一条边界（相接不算重叠）
    假如 示例 "sichuan-scph-grassland"
    而且 将 "plots[0].geometry" 设为 "POLYGON ((102.50 32.90, 102.60 32.90, 102.60 32.99, 102.50 32.99, 102.50 32.90))"
    而且 将 "plots[1].geometry" 设为 "POLYGON ((102.60 32.90, 102.65 32.90, 102.65 32.94, 102.60 32.94, 102.60 32.90))"
    当 检查
    那么 不应有 "GEO-overlap"
