# language: zh-CN
功能: MAN-scope 红树林营造方法学只适用于沿海滩涂
  红树林营造方法学（CCER-14-002-V01）适用于潮间带滩涂、退塘还林等红树林营造（二手依据）：
  湖南（43）、四川（51）等内陆省份没有可营造红树林的土地，该方法学不适用。

  场景: 湖南项目采用造林碳汇方法学
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "MAN-scope"

  场景: 湖南项目采用红树林营造方法学
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.methodology" 设为 CCER-14-002-V01
    当 检查
    那么 应有 "MAN-scope" 错误 位于 "project.methodology"
    而且 结论为 "不通过"

  场景: 方法学发布前一天（2023-10-23）判定，不适用
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.methodology" 设为 CCER-14-002-V01
    当 以 2023-10-23 为判定日检查
    那么 不应有 "MAN-scope"
