# language: zh-CN
功能: AFF-2-parcel 单个地块连续面积不小于 400 m²（2019 年及以前开始的项目 667 m²）
  造林碳汇方法学（CCER-14-001-V01）2 c)：项目单个地块土地连续面积不小于 400 m²；
  对于 2019 年（含）之前开始的项目，土地连续面积不小于 667 m²。未记录 smallest_parcel_m2 时按小班面积计。

  场景: 小班面积数十公顷
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "AFF-2-parcel"

  场景: 最小连续地块恰为 400 m²
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[0].smallest_parcel_m2" 设为 400
    当 检查
    那么 不应有 "AFF-2-parcel"

  场景: 最小连续地块 399 m²
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "plots[0].smallest_parcel_m2" 设为 399
    当 检查
    那么 应有 "AFF-2-parcel" 错误 位于 "plots[0].smallest_parcel_m2"

  场景: 2019-12-31 开始的项目，500 m² 不足 667 m²
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.start_date" 设为 2019-12-31
    而且 将 "plots[1].smallest_parcel_m2" 设为 500
    当 检查
    那么 应有 "AFF-2-parcel" 错误 位于 "plots[1].smallest_parcel_m2"

  场景: 2020-01-01 开始的项目，500 m² 满足 400 m²
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.start_date" 设为 2020-01-01
    而且 将 "plots[1].smallest_parcel_m2" 设为 500
    当 检查
    那么 不应有 "AFF-2-parcel"

  场景: 2019 年开始的项目，恰为 667 m²
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.start_date" 设为 2019-06-01
    而且 将 "plots[1].smallest_parcel_m2" 设为 667
    当 检查
    那么 不应有 "AFF-2-parcel"
