# language: zh-CN
功能: SC-6.4-plot-review 登记前林草部门已审核地块合格性和技术措施
  川林发〔2024〕3号 六(四)：各级林草部门依据有关管理办法对项目地块合格性、项目技术措施等进行审核把关。
  六(四)说的是四川省的全部林草碳汇项目，不只林草碳普惠：不论机制，地块位于四川省的项目到登记（阶段代码 filing）时，
  每个四川地块须有所在县、市州或省林草部门的审核记录，日期不晚于登记日。

  场景: 县林草局登记前已审核
    假如 示例 "sichuan-scph-grassland"
    当 检查
    那么 不应有 "SC-6.4-plot-review"

  场景: 省级审核覆盖全省地块
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.reviews[0]" 设为 {kind: 地块合格性审核, authority: 四川省林业和草原局, division: "51", date: 2025-01-15}
    当 检查
    那么 不应有 "SC-6.4-plot-review"

  场景: 已登记但没有地块审核
    假如 示例 "sichuan-scph-grassland"
    而且 删除 "project.reviews[0]"
    当 检查
    那么 应有 "SC-6.4-plot-review" 错误 位于 "project.reviews"
    而且 结论为 "不通过"

  场景: 审核机关不是地块所在县
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.reviews[0].division" 设为 "513232"
    而且 将 "project.reviews[0].authority" 设为 若尔盖县林业和草原局
    当 检查
    那么 应有 "SC-6.4-plot-review" 错误 位于 "project.reviews"

  场景: 审核晚于登记
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.reviews[0].date" 设为 2025-05-02
    当 检查
    那么 应有 "SC-6.4-plot-review" 错误 位于 "project.reviews"

  场景: 入库阶段尚未登记，不要求审核
    假如 示例 "sichuan-double-claim"
    而且 将 "project.reviews" 设为 []
    当 检查
    那么 不应有 "SC-6.4-plot-review"

  场景: 四川的 CCER 项目同样须审核地块
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.mechanism" 设为 CCER
    而且 将 "project.methodology" 设为 CCER-14-001-V01
    而且 删除 "project.reviews[0]"
    当 检查
    那么 应有 "SC-6.4-plot-review" 错误 位于 "project.reviews"

  场景: 四川的 CCER 项目地块已审核
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.mechanism" 设为 CCER
    而且 将 "project.methodology" 设为 CCER-14-001-V01
    当 检查
    那么 不应有 "SC-6.4-plot-review"
