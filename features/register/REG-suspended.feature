# language: zh-CN
功能: REG-suspended 开发主体或当事方未被暂停、取消开发资格
  川林发〔2024〕3号 六(四)：对违规的市场参与方，给予暂停、限制或取消参与林草碳汇资源开发资格等惩戒，并予以通报。
  检查按统一社会信用代码或身份证号查询惩戒名录中在判定日生效的处理，发现须引用名录条目。

  场景: 名录中没有记录
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "REG-suspended"

  场景: 开发主体被暂停开发资格
    假如 示例 "hunan-ccer-afforestation"
    而且 惩戒名录中开发主体被暂停开发资格 自 2026-03-01 至 2027-02-28
    当 检查
    那么 应有 "REG-suspended" 错误 位于 "developer.uscc"
    而且 结论为 "不通过"

  场景: 暂停期已满，不再影响检查
    假如 示例 "hunan-ccer-afforestation"
    而且 惩戒名录中开发主体被暂停开发资格 自 2025-03-01 至 2026-02-28
    当 检查
    那么 不应有 "REG-suspended"

  场景: 权利人被取消开发资格
    假如 示例 "hunan-ccer-afforestation"
    而且 惩戒名录中权利人 "RH2" 被取消开发资格 自 2026-01-01 至 2029-12-31
    当 检查
    那么 应有 "REG-suspended" 错误 位于 "rights_holders[1].id_number"

  场景: 仅通报不影响开发资格
    假如 示例 "hunan-ccer-afforestation"
    而且 惩戒名录中开发主体被通报开发资格 自 2026-03-01 至 2027-02-28
    当 检查
    那么 不应有 "REG-suspended"
