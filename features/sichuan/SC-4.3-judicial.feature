# language: zh-CN
功能: SC-4.3-judicial 生态司法替代性修复的注销载明法院和案号
  川林发〔2024〕3号 四(三)：探索“碳汇+生态司法”，引导涉林等生态破坏案件违法当事人通过购买
  林草碳普惠项目减排量开展替代性生态修复。用于替代性修复的注销须载明法院和案号。

  场景: 载明红原县人民法院和案号
    假如 示例 "sichuan-scph-grassland"
    当 检查
    那么 不应有 "SC-4.3-judicial"

  场景: 其他用途不要求法院和案号
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.retirements[2].purpose" 设为 自愿碳中和
    而且 删除 "project.retirements[2].court"
    而且 删除 "project.retirements[2].case_number"
    当 检查
    那么 不应有 "SC-4.3-judicial"

  场景: 未载明法院
    假如 示例 "sichuan-scph-grassland"
    而且 删除 "project.retirements[2].court"
    当 检查
    那么 应有 "SC-4.3-judicial" 错误 位于 "project.retirements[2].court"

  场景: 未载明案号
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.retirements[2].case_number" 设为 null
    当 检查
    那么 应有 "SC-4.3-judicial" 错误 位于 "project.retirements[2].case_number"
    而且 结论为 "不通过"

  场景: 案号格式不符
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.retirements[2].case_number" 设为 第15号
    当 检查
    那么 应有 "SC-4.3-judicial" 警告 位于 "project.retirements[2].case_number"

  场景: 法院名称不像法院
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.retirements[2].court" 设为 红原县林业和草原局
    当 检查
    那么 应有 "SC-4.3-judicial" 警告 位于 "project.retirements[2].court"
