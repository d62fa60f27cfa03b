# language: zh-CN
功能: X-overlap 不同项目的地块不得在实地重叠
  温室气体自愿减排交易管理办法（试行）第四十八条、第十条第一款第（一）项；湘林基〔2025〕5号 第十四条；川林发〔2024〕3号 六(四)
  （防控资源无序圈占）；GB/T 26424-2010。
  两个项目以不同地块号申报同一片土地：同一不动产单元代码、同一县+林班+小班，或图形重叠超过容差——两个项目都报错误，
  指明对方项目和重叠面积（同一地块号或同一权属证书由 X-double-claim 报告）。

  场景: 两个项目的地块相距很远
    假如 组合中示例 "hunan-ccer-afforestation" 作为项目 "HN-A"
    而且 组合中示例 "hunan-undesignated-venue" 作为项目 "HN-B"
    当 批量检查
    那么 项目 "HN-A" 不应有 "X-overlap"
    而且 项目 "HN-B" 不应有 "X-overlap"

  场景: 另一开发主体以不同小班号申报同一片山林（图形重叠）
    假如 组合中示例 "overlap/project-a" 作为项目 "HN-A"
    而且 组合中示例 "overlap/project-b" 作为项目 "HN-B"
    当 批量检查
    那么 项目 "HN-A" 应有 "X-overlap" 错误
    而且 项目 "HN-B" 应有 "X-overlap" 错误
    而且 项目 "HN-A" 不应有 "X-double-claim"

  场景: 同一县、同一林班小班，地块号不同
    假如 组合中示例 "hunan-ccer-afforestation" 作为项目 "HN-A"
    而且 组合中示例 "hunan-undesignated-venue" 作为项目 "HN-B"
    而且 将项目 "HN-A" 的 "plots[1].lin_ban" 设为 "012"
    而且 将项目 "HN-A" 的 "plots[1].xiao_ban" 设为 "07"
    而且 将项目 "HN-B" 的 "plots[0].county" 设为 "430626"
    而且 将项目 "HN-B" 的 "plots[0].lin_ban" 设为 "12"
    而且 将项目 "HN-B" 的 "plots[0].xiao_ban" 设为 "7"
    当 批量检查
    那么 项目 "HN-A" 应有 "X-overlap" 错误
    而且 项目 "HN-B" 应有 "X-overlap" 错误

  场景: 同一不动产单元代码
    假如 组合中示例 "hunan-ccer-afforestation" 作为项目 "HN-A"
    而且 组合中示例 "hunan-undesignated-venue" 作为项目 "HN-B"
    而且 将项目 "HN-A" 的 "plots[0].unit_code" 设为 "430626107214GB00012F00010003"
    而且 将项目 "HN-B" 的 "plots[1].unit_code" 设为 "430626107214GB00012F00010003"
    当 批量检查
    那么 项目 "HN-A" 应有 "X-overlap" 错误
    而且 项目 "HN-B" 应有 "X-overlap" 错误
