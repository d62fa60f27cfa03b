# language: zh-CN
功能: X-enclosure 开发主体跨项目疑似圈占资源
  湘林基〔2025〕5号 第十四条第一款（参数：签约后 24 个月仍未进入设计阶段，参照农村土地承包法第四十二条）。
  同一开发主体在两个及以上项目中签约超过 24 个月仍未进入设计阶段：逐项目警告并给出合计面积。
  另一情形 deadline_missed：其中有项目是因协议约定的开发期限已届满、仍未达到设计阶段而疑似圈占（同 HN-14-enclosure）。

  背景:
    假如 组合中示例 "hunan-ccer-afforestation" 作为项目 "HN-A"
    而且 组合中示例 "hunan-missing-benefit" 作为项目 "HN-B"
    而且 将项目 "HN-B" 的 "developer" 设为 {id: DEV, name: 湖南幕阜碳汇科技有限公司, kind: enterprise, uscc: 91430626MA4T8K2L3Y, address: 湖南省岳阳市平江县城关镇建设路88号}
    而且 将项目 "HN-A" 的 "as_of" 设为 2027-12-20
    而且 将项目 "HN-B" 的 "as_of" 设为 2027-12-20
    而且 将项目 "HN-A" 的 "agreements[0].signed" 设为 2025-11-10
    而且 将项目 "HN-A" 的 "agreements[1].signed" 设为 2025-11-10
    而且 将项目 "HN-B" 的 "agreements[0].signed" 设为 2025-10-08
    而且 将项目 "HN-B" 的 "agreements[1].signed" 设为 2025-10-08

  场景: 两个项目都已进入设计阶段
    当 批量检查
    那么 项目 "HN-A" 不应有 "X-enclosure"
    而且 项目 "HN-B" 不应有 "X-enclosure"

  场景: 同一开发主体两个项目都停留在开发阶段
    假如 将项目 "HN-A" 的 "project.stage" 设为 development
    而且 将项目 "HN-A" 的 "project.milestones" 设为 {development: 2025-11-20}
    而且 将项目 "HN-B" 的 "project.stage" 设为 development
    而且 将项目 "HN-B" 的 "project.milestones" 设为 {development: 2025-10-15}
    当 批量检查
    那么 项目 "HN-A" 应有 "X-enclosure" 警告
    而且 项目 "HN-B" 应有 "X-enclosure" 警告

  场景: 签约未满 24 个月、约定的开发期限尚未届满
    假如 将项目 "HN-A" 的 "project.stage" 设为 development
    而且 将项目 "HN-A" 的 "project.milestones" 设为 {development: 2027-01-20}
    而且 将项目 "HN-A" 的 "agreements[0].signed" 设为 2027-01-10
    而且 将项目 "HN-A" 的 "agreements[1].signed" 设为 2027-01-10
    而且 将项目 "HN-A" 的 "agreements[0].development_deadline" 设为 2028-06-30
    而且 将项目 "HN-A" 的 "agreements[1].development_deadline" 设为 2028-06-30
    而且 将项目 "HN-B" 的 "project.stage" 设为 development
    而且 将项目 "HN-B" 的 "project.milestones" 设为 {development: 2027-01-18}
    而且 将项目 "HN-B" 的 "agreements[0].signed" 设为 2027-01-08
    而且 将项目 "HN-B" 的 "agreements[1].signed" 设为 2027-01-08
    而且 将项目 "HN-B" 的 "agreements[0].development_deadline" 设为 2028-06-30
    而且 将项目 "HN-B" 的 "agreements[1].development_deadline" 设为 2028-06-30
    当 批量检查
    那么 项目 "HN-A" 不应有 "X-enclosure"
    而且 项目 "HN-B" 不应有 "X-enclosure"

  场景: 签约未满 24 个月，但两个项目约定的开发期限都已届满、仍未进入设计阶段
    假如 将项目 "HN-A" 的 "project.stage" 设为 development
    而且 将项目 "HN-A" 的 "project.milestones" 设为 {development: 2027-01-20}
    而且 将项目 "HN-A" 的 "agreements[0].signed" 设为 2027-01-10
    而且 将项目 "HN-A" 的 "agreements[1].signed" 设为 2027-01-10
    而且 将项目 "HN-A" 的 "agreements[0].development_deadline" 设为 2027-10-31
    而且 将项目 "HN-A" 的 "agreements[1].development_deadline" 设为 2027-10-31
    而且 将项目 "HN-B" 的 "project.stage" 设为 development
    而且 将项目 "HN-B" 的 "project.milestones" 设为 {development: 2027-01-18}
    而且 将项目 "HN-B" 的 "agreements[0].signed" 设为 2027-01-08
    而且 将项目 "HN-B" 的 "agreements[1].signed" 设为 2027-01-08
    而且 将项目 "HN-B" 的 "agreements[0].development_deadline" 设为 2027-11-30
    而且 将项目 "HN-B" 的 "agreements[1].development_deadline" 设为 2027-11-30
    当 批量检查
    那么 项目 "HN-A" 应有 "X-enclosure" 警告
    而且 项目 "HN-B" 应有 "X-enclosure" 警告
