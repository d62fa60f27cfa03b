# language: zh-CN
功能: SC-3.1-principles 逐项说明真实性、额外性、唯一性、普惠性、代表性、数据可获得性
  川林发〔2024〕3号 三(一)：综合考虑项目及行为的真实性、额外性、唯一性、普惠性、代表性、数据可获得性等因素。
  这些是开发方法学时综合考虑的因素；逐项说明是产品的证据清单（依据：二手）。自设计阶段起，缺少的每一项各报一条警告，以中文名称指明。

  场景: 六项原则均有证明材料（中文键名）
    假如 示例 "sichuan-scph-grassland"
    当 检查
    那么 不应有 "SC-3.1-principles"

  场景: 以英文代码填写同样有效
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.principles" 设为 {authenticity: 一张图成果, additionality: 投资分析, uniqueness: 承诺书, inclusiveness: 分配方案, representativeness: 类型说明, data_availability: 样地数据}
    当 检查
    那么 不应有 "SC-3.1-principles"

  场景: 缺少三项原则
    假如 示例 "sichuan-missing-principles"
    当 检查
    那么 应有 "SC-3.1-principles" 警告 位于 "project.principles.additionality"
    而且 应有 "SC-3.1-principles" 警告 位于 "project.principles.representativeness"
    而且 应有 "SC-3.1-principles" 警告 位于 "project.principles.data_availability"
    而且 结论为 "不通过"

  场景: 占位符不算证明材料
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.principles.普惠性" 设为 待补充
    当 检查
    那么 应有 "SC-3.1-principles" 警告 位于 "project.principles.inclusiveness"

  场景: 开发阶段尚不要求
    假如 示例 "sichuan-missing-principles"
    而且 将 "project.stage" 设为 开发
    而且 将 "project.milestones" 设为 {development: 2024-08-01}
    当 检查
    那么 不应有 "SC-3.1-principles"

  场景: 同一原则以代码和中文名重复填写，读入时即被拒绝
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.principles.authenticity" 设为 另一份材料
    当 检查
    那么 提交无效，问题位于 "project.principles"
