# language: zh-CN
功能: HN-24-in-force 办法施行期间
  湘林基〔2025〕5号 第二十四条：本办法自2026年2月1日起实施，有效期两年（至2028年1月31日）。
  施行前判定：提示尚未生效；届满后判定：警告办法已失效，须核查接续文件。

  场景: 施行期内判定，不提示
    假如 示例 "hunan-ccer-afforestation"
    当 以 2026-02-01 为判定日检查
    那么 不应有 "HN-24-in-force"

  场景: 有效期最后一天仍在施行期内
    假如 示例 "hunan-ccer-afforestation"
    当 以 2028-01-31 为判定日检查
    那么 不应有 "HN-24-in-force"

  场景: 施行前一天判定，湖南规则未适用
    假如 示例 "hunan-ccer-afforestation"
    当 以 2026-01-31 为判定日检查
    那么 应有 "HN-24-in-force" 提示 位于 "project"
    而且 不应有 "HN-12-priority"

  场景: 有效期届满后判定，警告办法已失效
    假如 示例 "hunan-ccer-afforestation"
    当 以 2028-02-01 为判定日检查
    那么 应有 "HN-24-in-force" 警告 位于 "project"
    而且 不应有 "HN-15-agreements"
