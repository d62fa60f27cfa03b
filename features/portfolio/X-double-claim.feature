# language: zh-CN
功能: X-double-claim 同一地块不得重复申报（跨项目、跨机制）
  温室气体自愿减排交易管理办法（试行）第四十八条；川林发〔2024〕3号 六(四)；湘林基〔2025〕5号 第十四条。
  同一地块（县级区划代码 + 小班号，或同一权属证书）出现在两个项目或两个机制中：两个项目都报错误，并指明对方。

  场景: 两个项目的地块互不重叠
    假如 组合中示例 "hunan-ccer-afforestation" 作为项目 "HN-A"
    而且 组合中示例 "hunan-undesignated-venue" 作为项目 "HN-B"
    当 批量检查
    那么 项目 "HN-A" 不应有 "X-double-claim"
    而且 项目 "HN-B" 不应有 "X-double-claim"

  场景: 同一小班被 CCER 项目和湘林碳票项目同时申报
    假如 组合中示例 "hunan-ccer-afforestation" 作为项目 "HN-A"
    而且 组合中示例 "hunan-ccer-afforestation" 作为项目 "HN-B"
    而且 将项目 "HN-B" 的 "project.mechanism" 设为 湘林碳票
    而且 将项目 "HN-B" 的 "plots[0].id" 设为 430626-LY-099-01
    而且 将项目 "HN-B" 的 "plots[0].certificate" 设为 湘（2022）平江县不动产权第0099001号
    而且 将项目 "HN-B" 的 "agreements[1].plots" 设为 [430626-LY-099-01, 430626-LY-012-07]
    当 批量检查
    那么 项目 "HN-A" 应有 "X-double-claim" 错误
    而且 项目 "HN-B" 应有 "X-double-claim" 错误

  场景: 小班号不同但权属证书相同
    假如 组合中示例 "hunan-ccer-afforestation" 作为项目 "HN-A"
    而且 组合中示例 "hunan-undesignated-venue" 作为项目 "HN-B"
    而且 将项目 "HN-B" 的 "plots[1].certificate" 设为 湘（2019）平江县不动产权第0000877号
    当 批量检查
    那么 项目 "HN-A" 应有 "X-double-claim" 错误
    而且 项目 "HN-B" 应有 "X-double-claim" 错误

  场景: 湘林碳票项目的地块已在 CCER 登记（单项目规则不覆盖的机制）
    假如 组合中示例 "hunan-ccer-afforestation" 作为项目 "HN-X"
    而且 将项目 "HN-X" 的 "project.mechanism" 设为 湘林碳票
    而且 将项目 "HN-X" 的 "project.other_registrations" 设为 [{mechanism: CCER, id: CCER-43-2025-0088, plots: [430626-LY-012-03], status: registered}]
    当 批量检查
    那么 项目 "HN-X" 应有 "X-double-claim" 错误

  场景: CCER 项目自己声明的外部登记交由 CCER-48-unique 判断
    假如 组合中示例 "hunan-ccer-afforestation" 作为项目 "HN-C"
    而且 将项目 "HN-C" 的 "project.other_registrations" 设为 [{mechanism: XLTP, id: XLTP-2025-031, plots: [430626-LY-012-03], status: registered}]
    当 批量检查
    那么 项目 "HN-C" 不应有 "X-double-claim"
