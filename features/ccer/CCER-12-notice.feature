# language: zh-CN
功能: CCER-12-notice 设计文件和减排量核算报告公示二十个工作日
  温室气体自愿减排交易管理办法（试行）第十二条第三款、第十九条第三款：项目设计文件、减排量核算报告公示期为二十个工作日。
  工作日按法定节假日和调休上班日计算（chinesecalendar）；尚无安排的年份按周一至周五计算并在结论中注明。
  公示起止两日均计入。入库阶段起须有设计文件公示记录；每期申请登记的减排量须有申请前的核算报告公示记录。

  场景: 设计阶段尚未公示，不判定
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "CCER-12-notice"

  场景: 劳动节前后公示 20 个工作日（5 月 9 日调休上班计入）
    假如 示例 "hunan-ccer-afforestation"
    而且 在 "project.public_notices" 中追加 {document: pdd, start: 2026-05-04, end: 2026-06-01}
    当 检查
    那么 不应有 "CCER-12-notice"

  场景: 只公示 19 个工作日
    假如 示例 "hunan-ccer-afforestation"
    而且 在 "project.public_notices" 中追加 {document: pdd, start: 2026-05-04, end: 2026-05-29}
    当 检查
    那么 应有 "CCER-12-notice" 错误 位于 "project.public_notices[0]"
    而且 结论为 "不通过"

  场景: 跨国庆节公示：按周一至周五算是 24 天，扣除假期、计入 10 月 10 日调休只有 19 个工作日
    假如 示例 "hunan-ccer-afforestation"
    而且 在 "project.public_notices" 中追加 {document: pdd, start: 2026-09-21, end: 2026-10-22}
    当 检查
    那么 应有 "CCER-12-notice" 错误 位于 "project.public_notices[0]"

  场景: 跨国庆节公示满 20 个工作日
    假如 示例 "hunan-ccer-afforestation"
    而且 在 "project.public_notices" 中追加 {document: pdd, start: 2026-09-21, end: 2026-10-23}
    当 检查
    那么 不应有 "CCER-12-notice"

  场景: 公示跨入尚无节假日安排的年份：按周一至周五计算并提示复核
    假如 示例 "hunan-ccer-afforestation"
    而且 在 "project.public_notices" 中追加 {document: pdd, start: 2026-12-07, end: 2027-01-01}
    当 检查
    那么 应有 "CCER-12-notice" 提示 位于 "project.public_notices[0]"
    而且 结论为 "通过"

  场景: 入库阶段没有设计文件公示记录
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.stage" 设为 library
    而且 将 "project.milestones.library" 设为 2026-05-20
    当 检查
    那么 应有 "CCER-12-notice" 错误 位于 "project.public_notices"

  场景: 申请减排量登记前未公示核算报告
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.reduction_batches" 设为 [{period: {start: 2026-03-01, end: 2026-04-30}, application_date: 2026-06-05, amount_tco2e: 800}]
    当 检查
    那么 应有 "CCER-12-notice" 错误 位于 "project.reduction_batches[0]"

  场景: 申请减排量登记前已公示核算报告
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.reduction_batches" 设为 [{period: {start: 2026-03-01, end: 2026-04-30}, application_date: 2026-06-05, amount_tco2e: 800}]
    而且 在 "project.public_notices" 中追加 {document: reduction_report, start: 2026-05-04, end: 2026-06-01}
    当 检查
    那么 不应有 "CCER-12-notice"
