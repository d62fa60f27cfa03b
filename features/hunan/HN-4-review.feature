# language: zh-CN
功能: HN-4-review 入库及以后阶段有市州林业局审核
  湘林基〔2025〕5号 第四条第二款：市州林业局对辖区内林业碳汇项目进行审核把关。
  项目进入入库阶段及以后，须有地块所在市州林业局的审核记录。

  背景:
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.stage" 设为 入库
    而且 将 "project.milestones.library" 设为 2026-05-10

  场景: 入库项目有岳阳市林业局审核
    当 检查
    那么 不应有 "HN-4-review"

  场景: 设计阶段尚不需要审核
    假如 将 "project.stage" 设为 design
    而且 删除 "project.milestones.library"
    而且 将 "project.reviews" 设为 []
    当 检查
    那么 不应有 "HN-4-review"

  场景: 入库项目没有审核记录
    假如 将 "project.reviews" 设为 []
    当 检查
    那么 应有 "HN-4-review" 错误 位于 "project.reviews"

  场景: 审核机关不是地块所在市州
    假如 将 "project.reviews" 设为 [{kind: prefecture, authority: 长沙市林业局, division: "4301", date: 2026-04-28}]
    当 检查
    那么 应有 "HN-4-review" 错误 位于 "project.reviews"

  场景: 审核日期晚于判定日，不算已审核
    假如 将 "project.reviews[0].date" 设为 2026-07-01
    当 检查
    那么 应有 "HN-4-review" 错误

  场景: 县级林业局的审核记为 kind prefecture，不能替代市州审核
    假如 将 "project.reviews" 设为 [{kind: prefecture, authority: 平江县林业局, division: "430626", date: 2026-04-28}]
    当 检查
    那么 应有 "HN-4-review" 错误 位于 "project.reviews"

  场景: 未写区划代码，但审核机关为地块所在市州林业局
    假如 将 "project.reviews" 设为 [{kind: prefecture, authority: 岳阳市林业局, date: 2026-04-28}]
    当 检查
    那么 不应有 "HN-4-review"
