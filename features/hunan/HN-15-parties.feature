# language: zh-CN
功能: HN-15-parties 地块权利人均为协议签约方
  湘林基〔2025〕5号 第十五条：保障林权所有者权益——每一地块的林权权利人都应是涵盖该地块的资源流转协议和利益分配协议的签约方，
  每一地块都应有资源流转协议覆盖。

  场景: 两位权利人均签署流转和分配协议
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "HN-15-parties"

  场景: 流转协议漏掉家庭承包户
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].transferors" 设为 [RH1]
    当 检查
    那么 应有 "HN-15-parties" 错误 位于 "agreements[1]"

  场景: 利益分配协议漏掉权利人
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[2].parties" 设为 [DEV, RH1]
    而且 将 "agreements[2].shares" 设为 {DEV: 0.4, RH1: 0.6}
    当 检查
    那么 应有 "HN-15-parties" 错误 位于 "agreements[2]"

  场景: 地块未被任何流转协议覆盖
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].plots" 设为 [430626-LY-012-03]
    当 检查
    那么 应有 "HN-15-parties" 错误 位于 "plots[1]"
