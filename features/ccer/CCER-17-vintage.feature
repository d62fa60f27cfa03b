# language: zh-CN
功能: CCER-17-vintage 减排量产生于 2020 年 9 月 22 日之后且在申请前五年以内
  温室气体自愿减排交易管理办法（试行）第十七条：申请登记的项目减排量应产生于2020年9月22日之后，
  在可申请登记的时间期限内；每期申请登记的减排量的产生时间应当在其申请登记之日前五年以内
  （“以内”包括本数，民法典第一千二百五十九条）。

  背景:
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.crediting_period" 设为 {start: 2020-09-21, end: 2040-09-20}

  场景: 未申请减排量登记时不判定
    当 检查
    那么 不应有 "CCER-17-vintage"

  场景: 前一天（2020-09-21）起算
    假如 将 "project.reduction_batches" 设为 [{period: {start: 2020-09-21, end: 2025-06-30}, application_date: 2025-09-01, amount_tco2e: 5000}]
    当 检查
    那么 应有 "CCER-17-vintage" 错误 位于 "project.reduction_batches[0].period.start"

  场景: 当天（2020-09-22）起算，不在该日之后
    假如 将 "project.reduction_batches" 设为 [{period: {start: 2020-09-22, end: 2025-06-30}, application_date: 2025-09-01, amount_tco2e: 5000}]
    当 检查
    那么 应有 "CCER-17-vintage" 错误 位于 "project.reduction_batches[0].period.start"

  场景: 后一天（2020-09-23）起算
    假如 将 "project.reduction_batches" 设为 [{period: {start: 2020-09-23, end: 2025-06-30}, application_date: 2025-09-01, amount_tco2e: 5000}]
    当 检查
    那么 不应有 "CCER-17-vintage"

  场景: 恰在申请日前五年（2026-06-01 起算，2031-06-01 申请）
    假如 将 "project.reduction_batches" 设为 [{period: {start: 2026-06-01, end: 2030-12-31}, application_date: 2031-06-01, amount_tco2e: 8000}]
    当 检查
    那么 不应有 "CCER-17-vintage"

  场景: 超出申请日前五年一天（2026-05-31 起算，2031-06-01 申请）
    假如 将 "project.reduction_batches" 设为 [{period: {start: 2026-05-31, end: 2030-12-31}, application_date: 2031-06-01, amount_tco2e: 8000}]
    当 检查
    那么 应有 "CCER-17-vintage" 错误 位于 "project.reduction_batches[0].application_date"

  场景: 申请时减排量尚未产生完
    假如 将 "project.reduction_batches" 设为 [{period: {start: 2026-06-01, end: 2031-12-31}, application_date: 2031-06-01, amount_tco2e: 8000}]
    当 检查
    那么 应有 "CCER-17-vintage" 错误 位于 "project.reduction_batches[0].period.end"

  场景: 减排量超出计入期
    假如 将 "project.crediting_period" 设为 {start: 2026-03-01, end: 2046-02-28}
    而且 将 "project.reduction_batches" 设为 [{period: {start: 2025-06-01, end: 2027-12-31}, application_date: 2028-06-01, amount_tco2e: 3000}]
    当 检查
    那么 应有 "CCER-17-vintage" 错误 位于 "project.reduction_batches[0].period"
