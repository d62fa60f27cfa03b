# language: zh-CN
功能: HN-14-venue 在国家或本省规定的交易场所交易
  湘林基〔2025〕5号 第十四条第二款：督促项目业主在国家或我省规定的交易场所进行交易。
  指定场所及其依据见 compliance/data/venues.yaml（CCER：北京绿色交易所）。

  场景: CCER 项目在北京绿色交易所交易
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "HN-14-venue"

  场景: 以别名填写的指定场所
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.trading_venue" 设为 全国温室气体自愿减排交易机构
    当 检查
    那么 不应有 "HN-14-venue"

  场景: 在非指定场所交易
    假如 示例 "hunan-undesignated-venue"
    当 检查
    那么 应有 "HN-14-venue" 错误 位于 "project.trading_venue"

  场景: 湘林碳票尚无指定场所数据
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "project.mechanism" 设为 XLTP
    而且 将 "project.trading_venue" 设为 湖南省某交易平台
    当 检查
    那么 应有 "HN-14-venue" 错误 位于 "project.trading_venue"

  场景: 交易阶段未填交易场所
    假如 示例 "hunan-undesignated-venue"
    而且 将 "project.trading_venue" 设为 null
    当 检查
    那么 应有 "HN-14-venue" 错误 位于 "project.trading_venue"

  场景: 名称经规范化后相同（全角字母、空格、公司后缀、别名）
    假如 示例 "hunan-undesignated-venue"
    而且 将 "project.trading_venue" 设为 " 北京绿色交易所 有限公司"
    当 检查
    那么 不应有 "HN-14-venue"

  场景: 全国温室气体自愿减排交易系统（办法第七条、第二十五条）
    假如 示例 "hunan-undesignated-venue"
    而且 将 "project.trading_venue" 设为 全国温室气体自愿减排交易系统
    当 检查
    那么 不应有 "HN-14-venue"

  场景: 四川省规定的平台不是国家或湖南省规定的场所
    假如 示例 "hunan-undesignated-venue"
    而且 将 "project.trading_venue" 设为 西部生态产品交易平台
    当 检查
    那么 应有 "HN-14-venue" 错误 位于 "project.trading_venue"

  场景: 国家规定的其他机制场所不是本机制的场所（湘林碳票尚无规定场所）
    假如 示例 "hunan-undesignated-venue"
    而且 将 "project.mechanism" 设为 湘林碳票
    而且 将 "project.methodology" 设为 null
    而且 将 "project.trading_venue" 设为 北京绿色交易所
    当 检查
    那么 应有 "HN-14-venue" 错误 位于 "project.trading_venue"
