# language: zh-CN
功能: SC-2-scope 项目地块在四川省且为林地、草地或湿地
  川林发〔2024〕3号 三(一)(二)：森林、草原、湿地等领域的碳普惠项目；二、四(一)：四川省的林草碳普惠。
  区划数据含全国各省（国家统计局 2023 年统计用区划代码），省外地块写明所在地，如“位于重庆市万州区，不在四川省”。
  县级区划代码须为 51 开头、所属市州真实存在（四川省无 5102、5112），地类为林地、草地或湿地。

  场景: 红原县的草地地块
    假如 示例 "sichuan-scph-grassland"
    当 检查
    那么 不应有 "SC-2-scope"

  场景: 林地、湿地同样在范围内
    假如 示例 "sichuan-scph-grassland"
    而且 将 "plots[0].land_type" 设为 湿地
    而且 将 "plots[0].measure" 设为 湿地保护与修复
    而且 将 "plots[1].land_type" 设为 林地
    而且 将 "plots[1].measure" 设为 封山育林
    当 检查
    那么 不应有 "SC-2-scope"

  场景: 地块位于湖南省
    假如 示例 "sichuan-scph-grassland"
    而且 将 "plots[1].county" 设为 "430626"
    当 检查
    那么 应有 "SC-2-scope" 错误 位于 "plots[1].county"
    而且 结论为 "不通过"

  场景: 地类为其他土地
    假如 示例 "sichuan-scph-grassland"
    而且 将 "plots[0].land_type" 设为 other
    当 检查
    那么 应有 "SC-2-scope" 错误 位于 "plots[0].land_type"

  场景: 已撤销的万县市代码在读入时即被拒绝
    假如 示例 "sichuan-scph-grassland"
    而且 将 "plots[0].county" 设为 "511201"
    当 检查
    那么 提交无效，问题位于 "plots[0].county"

  场景: 地块位于重庆市万州区：写明所在地，而不是“未知代码”
    假如 示例 "sichuan-scph-grassland"
    而且 将 "plots[0].county" 设为 "500101"
    当 检查
    那么 应有 "SC-2-scope" 错误 位于 "plots[0].county"
    而且 不应有 "LOC-province"
