# language: zh-CN
功能: CCER-4-owner 项目业主为法人或其他组织
  温室气体自愿减排交易管理办法（试行）第四条第一款：中华人民共和国境内依法成立的法人和其他组织，
  可以申请温室气体自愿减排项目和减排量的登记；自然人只能参与交易（第二款）。

  场景: 企业作项目业主
    假如 示例 "hunan-ccer-afforestation"
    当 检查
    那么 不应有 "CCER-4-owner"

  场景: 村股份经济合作联社作项目业主（其他组织）
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "developer" 设为 {id: DEV, name: 平江县长寿镇龙源村股份经济合作联社（开发）, kind: collective, uscc: N2430626MF00123457}
    当 检查
    那么 不应有 "CCER-4-owner"

  场景: 自然人作项目业主
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "developer" 设为 {id: DEV, name: 张建国, kind: individual, id_number: "430626199203154411"}
    当 检查
    那么 应有 "CCER-4-owner" 错误 位于 "developer.kind"
    而且 结论为 "不通过"

  场景: 非 CCER 项目不适用本条
    假如 示例 "hunan-ccer-afforestation"
    而且 将 "developer" 设为 {id: DEV, name: 张建国, kind: individual, id_number: "430626199203154411"}
    而且 将 "project.mechanism" 设为 湘林碳票
    当 检查
    那么 不应有 "CCER-4-owner"
