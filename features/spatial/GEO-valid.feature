# language: zh-CN
功能: GEO-valid 地块图形有效（闭合、不自相交、位于中国境内，CGCS2000）
  中华人民共和国测绘法 第五条（使用国家规定的测绘基准和测绘系统：2000 国家大地坐标系），第十条；闭合、不自相交为产品的要求
  （GB/T 26424-2010 小班区划，二手依据）。
  地块图形（plots[].geometry 或 project.geometry_file）应为闭合、不自相交、位于中国境内的多边形；
  坐标系为推定时给出提示；1980 西安坐标系、1954 北京坐标系在未配置本省转换参数时拒收。

  场景: 示例的小班图形有效，坐标系已声明
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "GEO-valid"

  场景: 边界自相交（“8”字形）
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[1].geometry" 设为 "POLYGON ((38487100 3185500, 38487400 3185800, 38487400 3185500, 38487100 3185800, 38487100 3185500))"
    当 检查
    那么 应有 "GEO-valid" 错误 位于 "plots[1].geometry"

  场景: 外环未闭合、顶点不足
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[1].geometry" 设为 {type: Polygon, coordinates: [[[38487100, 3185500], [38487400, 3185800]]]}
    当 检查
    那么 应有 "GEO-valid" 错误 位于 "plots[1].geometry"

  场景: 坐标在中国境外
    假如 示例 "sichuan-scph-grassland"
    而且 将 "plots[1].geometry" 设为 {type: Polygon, coordinates: [[[140.0, 35.0], [140.03, 35.0], [140.03, 35.02], [140.0, 35.02], [140.0, 35.0]]]}
    当 检查
    那么 应有 "GEO-valid" 错误 位于 "plots[1].geometry"

  场景: 未声明坐标系，按东坐标的带号推定为第 38 带并提示
    假如 示例 "hunan-ccer-afforestation"
    而且 删除 "project.crs"
    当 检查
    那么 应有 "GEO-valid" 提示 位于 "project.crs"
    而且 不应有 "GEO-valid" 错误

  场景: 图形文件中缺少某地块的图斑
    假如 示例 "hunan-ccer-afforestation"
    而且 删除 "plots[0].geometry"
    而且 删除 "plots[1].geometry"
    而且 将 "project.geometry_file" 设为 "geometry/hunan-ccer-afforestation.gpkg"
    而且 将 "plots[1].lin_ban" 设为 "012"
    而且 将 "plots[1].xiao_ban" 设为 "09"
    当 检查
    那么 应有 "GEO-valid" 警告 位于 "plots[1].geometry"
    而且 不应有 "GEO-valid" 错误

  场景: 1980 西安坐标系未配置湖南省转换参数，拒收
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.crs" 设为 "EPSG:2383"
    当 检查
    那么 提交无效，问题位于 "project.crs"
