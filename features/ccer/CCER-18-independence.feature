# language: zh-CN
功能: CCER-18-independence 核查机构不得为审定机构
  温室气体自愿减排交易管理办法（试行）第十八条第一款：项目业主不得委托负责项目审定的审定与核查机构
  开展该项目的减排量核查。

  场景: 设计阶段尚无核查机构
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "CCER-18-independence"

  场景: 核查机构与审定机构不同
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.verifier" 设为 中国质量认证中心
    当 检查
    那么 不应有 "CCER-18-independence"

  场景: 核查机构即审定机构（名称空格、括号写法不同）
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.verifier" 设为 "中环联合(北京)认证中心有限公司 "
    当 检查
    那么 应有 "CCER-18-independence" 错误 位于 "project.verifier"
    而且 结论为 "不通过"
