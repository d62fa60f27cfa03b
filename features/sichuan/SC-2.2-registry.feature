# language: zh-CN
功能: SC-2.2-registry 由四川省环境政策研究与规划院登记、注销
  川林发〔2024〕3号 二(二)：依托四川省环境政策研究与规划院开展林草碳普惠项目和减排量的登记、注销等管理工作。
  登记机构见参考数据（registries.SCPH）。减排量的注销同样由该机构办理：每笔注销载明登记机构和注销凭证编号。

  场景: 在四川省环境政策研究与规划院登记
    假如 示例 "sichuan-scph-grassland"
    当 检查
    那么 不应有 "SC-2.2-registry"

  场景: 填写了其他登记机构
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.registry" 设为 国家应对气候变化战略研究和国际合作中心
    当 检查
    那么 应有 "SC-2.2-registry" 错误 位于 "project.registry"

  场景: 已登记但未填写登记机构
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.registry" 设为 null
    当 检查
    那么 应有 "SC-2.2-registry" 错误 位于 "project.registry"

  场景: 尚未登记的项目可暂不填写
    假如 示例 "sichuan-double-claim"
    而且 将 "project.registry" 设为 null
    当 检查
    那么 不应有 "SC-2.2-registry"

  场景: 注销未载明登记机构
    假如 示例 "sichuan-scph-grassland"
    而且 删除 "project.retirements[1].registry"
    当 检查
    那么 应有 "SC-2.2-registry" 错误 位于 "project.retirements[1].registry"

  场景: 注销由其他机构办理
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.retirements[0].registry" 设为 北京绿色交易所
    当 检查
    那么 应有 "SC-2.2-registry" 错误 位于 "project.retirements[0].registry"

  场景: 注销未载明凭证编号
    假如 示例 "sichuan-scph-grassland"
    而且 将 "project.retirements[2].id" 设为 null
    当 检查
    那么 应有 "SC-2.2-registry" 错误 位于 "project.retirements[2].id"
