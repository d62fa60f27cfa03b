# language: zh-CN
功能: LAW-outsider 发包给集体以外单位或个人须三分之二同意并经乡镇批准
  农村土地承包法第五十二条第一款：发包方将农村土地发包给本集体经济组织以外的单位或者个人承包，应当事先经本集体经济组织
  成员的村民会议三分之二以上成员或者三分之二以上村民代表的同意，并报乡（镇）人民政府批准。
  法释〔2022〕16号第三条：仅以未办理批准手续为由主张合同无效的，人民法院不予支持；第五条：违反民主议定程序的承包合同无效。

  场景: 出租方式流转，不是发包
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "LAW-outsider"

  场景: 集体林地发包给企业，已表决并经乡镇批准
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].mode" 设为 发包
    而且 将 "agreements[1].plots" 设为 [430626-LY-012-03]
    而且 将 "agreements[1].transferors" 设为 [RH1]
    而且 将 "agreements[1].township_approval" 设为 {authority: 平江县长寿镇人民政府, date: 2026-02-05, reference: 长政批〔2026〕3号}
    当 检查
    那么 不应有 "LAW-outsider"

  场景: 集体林地发包给企业，未经乡镇批准
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].mode" 设为 发包
    而且 将 "agreements[1].plots" 设为 [430626-LY-012-03]
    而且 将 "agreements[1].transferors" 设为 [RH1]
    当 检查
    那么 应有 "LAW-outsider" 错误 位于 "agreements[1].township_approval"
    而且 结论为 "不通过"

  场景: 同意决议晚于签约
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].mode" 设为 发包
    而且 将 "agreements[1].plots" 设为 [430626-LY-012-03]
    而且 将 "agreements[1].transferors" 设为 [RH1]
    而且 将 "agreements[1].township_approval" 设为 {authority: 平江县长寿镇人民政府, date: 2026-02-05}
    而且 将 "agreements[1].consent.resolution_date" 设为 2026-02-20
    当 检查
    那么 应有 "LAW-outsider" 错误 位于 "agreements[1].consent.resolution_date"

  场景: 发包给本集体经济组织成员，不需要乡镇批准
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "rights_holders[1].member_of" 设为 RH1
    而且 将 "agreements[1].mode" 设为 发包
    而且 将 "agreements[1].plots" 设为 [430626-LY-012-03]
    而且 将 "agreements[1].transferors" 设为 [RH1]
    而且 将 "agreements[1].transferee" 设为 RH2
    当 检查
    那么 不应有 "LAW-outsider"

  场景: 发包给未记录成员身份的个人
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "agreements[1].mode" 设为 发包
    而且 将 "agreements[1].plots" 设为 [430626-LY-012-03]
    而且 将 "agreements[1].transferors" 设为 [RH1]
    而且 将 "agreements[1].transferee" 设为 RH2
    当 检查
    那么 应有 "LAW-outsider" 错误 位于 "agreements[1].township_approval"
