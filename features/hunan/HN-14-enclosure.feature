# language: zh-CN
功能: HN-14-enclosure 疑似以开发为名圈占资源
  湘林基〔2025〕5号 第十四条第一款：对以开发林业碳汇项目为名，实为圈定、控制、侵占林业碳汇资源的，
  应及时采取措施并告知权益人。参数：签约后 24 个月仍未进入设计阶段（参照农村土地承包法第四十二条两年）；
  另一情形 deadline_missed：协议约定的开发期限已届满，项目仍未达到约定的设计阶段（警告，写明期限）。

  背景:
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.stage" 设为 development
    而且 删除 "project.milestones.design"
    而且 将 "agreements[0].signed" 设为 2025-12-01
    而且 将 "agreements[1].signed" 设为 2025-12-01
    而且 将 "agreements[2].signed" 设为 2025-12-01

  场景: 签约恰满 24 个月、开发期限未到，尚不提示
    假如 将 "agreements[0].development_deadline" 设为 2028-01-31
    而且 将 "agreements[1].development_deadline" 设为 2028-01-31
    当 以 2027-12-01 为判定日检查
    那么 不应有 "HN-14-enclosure"

  场景: 约定开发期限已过仍未进入设计阶段
    当 以 2027-03-01 为判定日检查
    那么 应有 "HN-14-enclosure" 警告 位于 "agreements[0].development_deadline"
    而且 应有 "HN-14-enclosure" 警告 位于 "agreements[1].development_deadline"

  场景: 开发期限届满当日尚未逾期
    当 以 2027-02-28 为判定日检查
    那么 不应有 "HN-14-enclosure"

  场景: 签约超过 24 个月仍在开发阶段
    当 以 2027-12-02 为判定日检查
    那么 应有 "HN-14-enclosure" 警告 位于 "agreements[0]"
    而且 应有 "HN-14-enclosure" 警告 位于 "agreements[1]"

  场景: 已进入设计阶段，不属圈占
    假如 将 "project.stage" 设为 design
    而且 将 "project.milestones.design" 设为 2027-06-01
    当 以 2027-12-02 为判定日检查
    那么 不应有 "HN-14-enclosure"
