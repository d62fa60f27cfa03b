"""User-facing text of the sanctions register (Simplified Chinese by default, English on request).

Every refusal is a :class:`RegisterError` carrying a message key, the field it concerns and
the values to format; the CLI and the importer render it in the user's language and name the
field as the user typed it (an option such as ``--code`` or a spreadsheet column).
"""
from __future__ import annotations

from compliance.errors import InvalidInput

import os

DEFAULT_LANG = "zh"

# Field labels: the canonical field name -> (zh, en)
FIELDS: dict[str, tuple[str, str]] = {
    "entity_name": ("当事人名称", "entity name"),
    "entity_kind": ("主体类型", "entity kind"),
    "code": ("统一社会信用代码或身份证号码", "USCC or ID number"),
    "region_code": ("违法行为发生地区划代码", "region code"),
    "measure": ("措施", "measure"),
    "province": ("适用省份", "province"),
    "mechanisms": ("适用机制", "mechanisms"),
    "from_date": ("起始日期", "from date"),
    "to_date": ("截止日期", "to date"),
    "grounds": ("事由", "grounds"),
    "conduct": ("违法类型", "conduct"),
    "conduct_ended": ("违法行为终了日期", "conduct ended"),
    "discovered_on": ("发现（立案）日期", "discovered on"),
    "decided_on": ("决定日期", "decided on"),
    "basis": ("法律依据", "legal basis"),
    "case_number": ("决定书文号", "case number"),
    "evidence": ("证据", "evidence"),
    "decided_by_name": ("决定机关", "deciding authority"),
    "decided_by_division": ("决定机关区划代码", "deciding authority division"),
    "lifted_on": ("解除日期", "lifted on"),
    "lift_reason": ("解除理由", "lift reason"),
    "reason": ("理由", "reason"),
    "outcome": ("复议/诉讼结果", "appeal outcome"),
    "appeal_body": ("复议机关或法院", "review body or court"),
    "appeal_document": ("复议决定书或判决书文号", "decision document"),
    "authority": ("执行机关编号", "authority id"),
    "authority_id": ("机关编号", "authority id"),
    "authority_name": ("机关名称", "authority name"),
    "division": ("机关区划代码", "authority division"),
    "key": ("私钥文件", "private key file"),
    "new_key": ("新机关密钥文件", "new authority key file"),
    "sanction": ("登记编号", "entry id"),
    "db": ("登记簿数据库", "register database"),
    "config": ("配置文件", "configuration file"),
    "file": ("文件", "file"),
    "head": ("头哈希", "head hash"),
    "date": ("日期", "date"),
    "as_of": ("查询日期", "as-of date"),
    "active_on": ("有效日期", "active on"),
    "query": ("查询内容", "query"),
    "lang": ("语言", "language"),
    "format": ("格式", "format"),
    "out": ("输出文件", "output file"),
}

MESSAGES: dict[str, tuple[str, str]] = {
    # --- generic input errors
    "required": ("必须填写", "is required"),
    "bad_date": ("日期格式无效：{value}（应为 YYYY-MM-DD）", "invalid date: {value} (expected YYYY-MM-DD)"),
    "bad_choice": ("取值无效：{value}（可选：{choices}）", "invalid value: {value} (choose from: {choices})"),
    "too_long": ("过长（不超过 {max} 个字符）", "too long (at most {max} characters)"),
    "file_missing": ("文件不存在：{path}", "file not found: {path}"),
    "file_exists": ("文件已存在，不会覆盖：{path}", "file exists, not overwritten: {path}"),
    "file_unreadable": ("无法读取文件 {path}：{detail}", "cannot read file {path}: {detail}"),
    "dir_missing": ("目录不存在：{path}", "directory does not exist: {path}"),
    "is_directory": ("是目录而不是文件：{path}", "is a directory, not a file: {path}"),
    "read_denied": ("没有权限读取文件：{path}", "permission denied reading {path}"),
    "write_denied": ("没有权限写入文件：{path}", "permission denied writing {path}"),
    "read_failed": ("读取文件 {path} 失败：{detail}", "cannot read file {path}: {detail}"),
    "write_failed": ("写入文件 {path} 失败：{detail}", "cannot write file {path}: {detail}"),
    "file_encoding": ("无法识别文件编码：{path}（CSV 应为 UTF-8 或 GB18030）", "cannot decode {path} (a CSV must be UTF-8 or GB18030)"),
    "file_not_workbook": ("无法作为 Excel 工作簿打开：{path}", "cannot open {path} as an Excel workbook"),
    "unsupported_format": ("不支持的文件类型：{path}（应为 .csv 或 .xlsx）", "unsupported file type: {path} (use .csv or .xlsx)"),
    # --- identifiers
    "uscc_length": ("统一社会信用代码应为 18 位：{value}", "a USCC has 18 characters: {value}"),
    "uscc_charset": ("统一社会信用代码含有无效字符：{value}", "invalid characters in USCC: {value}"),
    "uscc_authority": ("统一社会信用代码的登记管理部门或机构类别代码无效：{value}", "invalid registration authority/category in USCC: {value}"),
    "uscc_division": ("统一社会信用代码的行政区划码无效：{value}", "invalid division part in USCC: {value}"),
    "uscc_checksum": ("统一社会信用代码校验位错误：{value}", "USCC check digit is wrong: {value}"),
    "id_format": ("身份证号码应为 17 位数字加一位校验码：{value}", "an ID number is 17 digits and a check character: {value}"),
    "id_birth_date": ("身份证号码中的出生日期无效：{value}", "invalid birth date in ID number: {value}"),
    "id_checksum": ("身份证号码校验位错误：{value}", "ID number check digit is wrong: {value}"),
    "code_kind_ambiguous": ("无法判断是统一社会信用代码还是身份证号码，请指定主体类型", "cannot tell whether this is a USCC or an ID number: give the entity kind"),
    "code_invalid_any": ("既不是有效的统一社会信用代码，也不是有效的身份证号码：{value}", "neither a valid USCC nor a valid ID number: {value}"),
    # --- divisions and jurisdiction
    "division_unknown": ("区划代码不存在：{value}", "unknown division code: {value}"),
    "division_format": ("区划代码应为 2、4 或 6 位数字：{value}", "a division code has 2, 4 or 6 digits: {value}"),
    "province_unknown": ("省份代码不存在：{value}", "unknown province code: {value}"),
    "out_of_jurisdiction": ("超出管辖范围：{authority}（{division}）不能对 {target} 行使职权", "out of jurisdiction: {authority} ({division}) cannot act on {target}"),
    "scope_other_province": ("适用省份 {value} 不是本机关所在省份 {province}", "scope province {value} is not the authority's province {province}"),
    # --- authorities and keys
    "authority_unknown": ("机关未登记：{value}", "authority not enrolled: {value}"),
    "authority_exists": ("机关编号已登记：{value}（更换密钥请使用 --replace-key）", "authority id already enrolled: {value} (use --replace-key to change its key)"),
    "authority_division_changed": ("更换密钥时不能改变机关的区划：{value}", "a key replacement cannot move the authority to another division: {value}"),
    "authority_id_format": ("机关编号只能包含字母、数字、-、_，长度 2–40：{value}", "an authority id has 2-40 letters, digits, - or _: {value}"),
    "enroll_needs_province": ("只有省级机关可以登记机关和公钥", "only a province-level authority enrols authorities and keys"),
    "enroll_other_province": ("省级机关只能登记本省的机关", "a province authority enrols authorities of its own province only"),
    "bootstrap_not_province": ("首次自签名登记只能用于省级机关", "the self-signed first enrolment is for a province-level authority only"),
    "bootstrap_exists": ("{province} 省已有省级机关登记，不能再自签名登记；请由省级机关登记", "province {province} already has an enrolled province authority; enrol through it"),
    "bootstrap_flag": ("{province} 省尚无省级机关：首次登记须使用 --bootstrap 自签名", "province {province} has no enrolled authority yet: the first enrolment needs --bootstrap (self-signed)"),
    "bootstrap_needs_private": ("自签名登记需要新机关的私钥文件", "a self-signed enrolment needs the new authority's private key"),
    "key_mismatch": ("私钥与机关 {authority} 登记的公钥不符", "the private key does not match the key enrolled for {authority}"),
    "key_unsigned": ("未签名：必须提供执行机关的私钥", "unsigned: the acting authority's private key is required"),
    "key_bad": ("无法读取 Ed25519 密钥 {path}：{detail}", "cannot read Ed25519 key {path}: {detail}"),
    "key_unparsable": ("不是有效的 PEM 格式密钥文件：{path}（应为 Ed25519 私钥或公钥，即 enroll --new-key 生成的文件）",
                       "not a valid PEM key file: {path} (expected an Ed25519 private or public key, as enroll --new-key writes)"),
    "key_not_ed25519": ("不是 Ed25519 密钥：{path}", "not an Ed25519 key: {path}"),
    "key_public_only": ("只有公钥，无法签名：{path}（需要执行机关的私钥文件）",
                        "a public key only, it cannot sign: {path} (the acting authority's private key file is needed)"),
    "key_wrong_passphrase": ("无法解密私钥 {path}：口令（COMPLIANCE_KEY_PASSPHRASE）不正确",
                             "cannot decrypt the private key {path}: wrong passphrase (COMPLIANCE_KEY_PASSPHRASE)"),
    "key_needs_passphrase": ("私钥已加密：请设置环境变量 COMPLIANCE_KEY_PASSPHRASE", "the private key is encrypted: set COMPLIANCE_KEY_PASSPHRASE"),
    # --- sanctions
    "sanction_unknown": ("登记编号不存在：{value}", "no such entry: {value}"),
    "to_or_open": ("必须给出截止日期或明确声明无固定期限（--open-ended）", "give a to date or state open-ended (--open-ended) explicitly"),
    "to_and_open": ("截止日期与“无固定期限”不能同时给出", "a to date and open-ended cannot both be given"),
    "to_before_from": ("截止日期 {to} 早于起始日期 {from_}", "to date {to} is before from date {from_}"),
    "conduct_after_decision": ("违法行为终了日期 {value} 晚于决定日期 {decided}", "conduct ended {value}, after the decision date {decided}"),
    "basis_required": ("至少需要一项法律依据（文件及条款）", "at least one legal basis (document and article) is required"),
    "case_duplicate": ("决定书文号已登记：{value}（{existing}）", "case number already recorded: {value} ({existing})"),
    "already_lifted": ("{value} 已于 {on} 解除", "{value} was already lifted on {on}"),
    "already_revoked": ("{value} 已被复议或诉讼撤销", "{value} was revoked on appeal"),
    "lift_before_from": ("解除日期 {on} 早于起始日期 {from_}", "lift date {on} is before the from date {from_}"),
    "lift_after_to": ("解除日期 {on} 晚于截止日期 {to}：处理届满后无须解除",
                      "lift date {on} is after the to date {to}: the sanction has already ended by then"),
    "no_changes": ("没有给出任何要更正的内容", "nothing to amend was given"),
    "varied_needs_changes": ("复议/诉讼结果为“变更”时必须给出变更后的内容", "an outcome of 'varied' needs the varied fields"),
    "field_not_amendable": ("该字段不能更正：{value}", "field cannot be amended: {value}"),
    # --- database
    "db_open_failed": ("无法打开登记簿数据库 {url}：{detail}", "cannot open the register database {url}: {detail}"),
    "db_newer": ("登记簿数据库版本 {found} 比本软件支持的 {known} 新，请升级软件", "the register database is at schema {found}, newer than this software's {known}: upgrade the software"),
    "db_missing": ("登记簿不存在（no register at {path}）；新建登记簿请先用 enroll --bootstrap 登记本省省级机关",
                   "no register at {path}; create one by enrolling the province authority with enroll --bootstrap"),
    "db_tampered": ("登记簿未通过完整性检查；请运行 compliance sanctions verify（事件 #{seq} 的哈希与内容不符；未写入任何内容）",
                    "register failed integrity check; run compliance sanctions verify (event #{seq} does not match its hash; nothing was written)"),
    "db_tampered_head": ("登记簿未通过完整性检查；请运行 compliance sanctions verify（头记录为 #{head}，最后一个事件为 #{last}；未写入任何内容）",
                         "register failed integrity check; run compliance sanctions verify (the head record says #{head}, the last event is #{last}; nothing was written)"),
    "db_busy": ("登记簿正忙，请稍后重试", "the register is busy, try again"),
    # --- import
    "import_no_rows": ("文件中没有找到数据行（表头须含“当事人名称”）", "no data rows found (the header must contain 当事人名称/entity_name)"),
    "import_unknown_column": ("未知的列：{value}", "unknown column: {value}"),
    "import_duplicate_in_file": ("决定书文号在文件中重复（另见第 {row} 行）", "case number repeated in the file (see also row {row})"),
    "import_code_numeric": ("证件号码单元格是数字格式，18 位号码会丢失末位：请将该列设为文本后重新填写", "the code cell is a number, which loses the last digits of an 18-digit code: format the column as text and enter it again"),
    "import_failed": ("导入未完成：{count} 处错误，未写入任何记录", "import not done: {count} errors, nothing was written"),
    "import_done": ("已导入 {count} 条处理记录（事件 #{first}–#{last}）", "imported {count} sanctions (events #{first}-#{last})"),
    # --- verify and head
    "head_bad": ("头哈希文件或取值无效：{value}", "invalid head hash file or value: {value}"),
    "verify_ok": ("验证通过：{count} 个事件，链与签名均有效；头哈希 {head}", "verified: {count} events, chain and signatures valid; head {head}"),
    "verify_unpinned": ("注意：省份 {provinces} 的根机关未固定公钥指纹（配置文件 [sanctions.trust_anchors]），其机关不能追溯到固定的信任锚",
                        "note: the root authority of province(s) {provinces} has no pinned fingerprint ([sanctions.trust_anchors] in the configuration file): its authorities do not chain to a pinned trust anchor"),
    "verify_bad": ("验证失败：第一个有问题的事件是 #{seq}：{reason}", "verification failed: first bad event is #{seq}: {reason}"),
    "verify_state_bad": ("验证失败：当前状态表与事件不一致（{target}）；可用 --rebuild 从事件重建", "verification failed: current-state table disagrees with the events ({target}); --rebuild rebuilds it from the events"),
    "verify_incremental": ("（增量验证：重放了检查点 #{since} 之后的事件）", "(incremental: the events after checkpoint #{since} were replayed)"),
    "verify_rebuilt": ("已根据事件重建当前状态表", "current-state table rebuilt from the events"),
    # verify reasons
    "v_missing": ("缺失（序号不连续，下一个为 #{found}）", "missing (sequence gap, next is #{found})"),
    "v_seq_payload": ("序号与事件内容不符（内容为 #{found}）", "sequence number disagrees with the content (content says #{found})"),
    "v_column": ("列 {column} 与事件内容不符", "column {column} disagrees with the content"),
    "v_payload": ("事件内容不是有效的 JSON 事件", "content is not a valid JSON event"),
    "v_hash": ("哈希不符（内容或前序事件被改动）", "hash mismatch (content or an earlier event altered)"),
    "v_signature": ("签名无效", "signature invalid"),
    "v_authority": ("签名机关 {value} 在此时尚未登记", "signing authority {value} not enrolled at this point"),
    "v_rule": ("违反登记规则：{detail}", "breaks a register rule: {detail}"),
    "v_truncated": ("登记簿末尾被截断：头记录为 #{head}，最后一个事件为 #{last}", "the register was truncated: head says #{head}, last event is #{last}"),
    "v_head_row": ("头记录与最后一个事件不一致", "the head record disagrees with the last event"),
    "v_exported_head_missing": ("导出的头哈希（#{seq}）已不在登记簿中：登记簿被截断或改写", "the exported head (#{seq}) is no longer in the register: truncated or rewritten"),
    "v_rollback": ("登记簿比本机此前见到的签名检查点（#{seq}）短，最后一个事件为 #{last}：末尾事件被删除或恢复了旧备份"
                   "（检查点记录：{file}；确系有意换用另一登记簿时，删除该记录文件）",
                   "the register is shorter than the signed checkpoint seen before (#{seq}); its last event is #{last}: events deleted or an older backup restored"
                   " (checkpoint record: {file}; if the register was replaced on purpose, remove that file)"),
    "v_checkpoint_differs": ("事件 #{seq} 与本机此前见到的签名检查点不同：历史被改写或恢复了旧备份（检查点记录：{file}）",
                             "event #{seq} differs from the signed checkpoint seen before: history rewritten or an older backup restored"
                             " (checkpoint record: {file})"),
    "checkpoint_empty": ("登记簿中还没有事件，无可签名的检查点", "the register holds no events yet: there is no head to sign"),
    "notice_too_large": ("{value} 的通报正文共 {size} 字，超过上限 {limit} 字：通报只载明一项决定，请精简事由、依据或证据",
                         "the notice of {value} would hold {size} characters, over the limit of {limit}: a notice states one decision; shorten its grounds, basis or evidence"),
    "v_tree_head_signer": ("事件 #{seq} 处的签名检查点（树头）的签名机关不是已登记的机关",
                           "the signed checkpoint (tree head) at event #{seq} is signed by no enrolled authority"),
    "v_tree_head_signature": ("事件 #{seq} 处的签名检查点（树头）签名无效：检查点被改动或伪造",
                              "the signature of the checkpoint (tree head) at event #{seq} does not verify: altered or forged"),
    "v_tree_head_hash": ("事件 #{seq} 处的签名检查点（树头）与该位置的事件哈希不符：历史被改写",
                         "the signed checkpoint (tree head) at event #{seq} differs from the event there: history rewritten"),
    "v_tree_head_state": ("事件 #{seq} 处的签名检查点（树头）与该位置的状态摘要不符",
                          "the signed checkpoint (tree head) at event #{seq} differs from the state digest there"),
    "v_tree_head_beyond": ("登记簿中有 #{seq} 处的签名检查点，但最后一个事件为 #{last}：末尾事件被删除",
                           "the register holds a signed checkpoint at #{seq} but its last event is #{last}: events deleted"),
    "checkpoint_every_bad": ("配置项 checkpoint_every（{source}）须为非负整数，收到 {value}",
                             "checkpoint_every ({source}) must be a whole number >= 0, got {value}"),
    "v_state_digest": ("事件后的状态摘要与签名的摘要不符", "the state digest after the event differs from the signed digest"),
    "v_state_row": ("当前状态表中条目 {sid} 与其事件不符（被改动、删除或添加）", "entry {sid} in the current-state table disagrees with its events (edited, deleted or added)"),
    "register_unverified": ("惩戒名录 {register} 未通过验证，检查不依赖未经验证的内容：事件 #{seq}：{detail}；请运行 compliance sanctions verify",
                            "the sanctions register {register} does not verify, and the check will not rely on it: event #{seq}: {detail}; run compliance sanctions verify"),
    "root_not_pinned": ("省份 {province} 的根机关公钥未被固定（指纹 {got}，固定的为 {expected}）：只有固定的公钥可以成为该省的根机关",
                        "province {province}'s root key is not the pinned one (fingerprint {got}, pinned {expected}): only the pinned key may be the province's root"),
    "v_root_not_pinned": ("省份 {province} 的根机关公钥与固定的指纹不符", "province {province}'s root key does not match its pinned fingerprint"),
    "feed_bad": ("不是有效的通报订阅文件：{detail}", "not a valid sanctions feed: {detail}"),
    "feed_signature": ("订阅头的签名无效（内容被改动或不是该机关签发）", "the feed head's signature is invalid (altered, or not signed by that authority)"),
    "feed_fingerprint": ("签发机关公钥指纹 {got} 与要求的 {expected} 不符", "the publisher's key fingerprint {got} is not the expected {expected}"),
    "feed_size": ("订阅头声明 {size} 条，文件中有 {found} 条", "the head says {size} items, the file holds {found}"),
    "feed_inclusion": ("该条目不在签名的树根中（内容被改动或证明无效）", "the item is not included in the signed root (altered, or a bad proof)"),
    "feed_unmasked": ("自然人身份证号码未脱敏", "a natural person's ID number is not masked"),
    "feed_ok": ("订阅验证通过：{count} 条，签发机关 {authority}（{fingerprint}），登记簿头 #{seq}", "feed verified: {count} items, published by {authority} ({fingerprint}), register head #{seq}"),
    "feed_failed": ("订阅验证失败：{where}：{reason}", "feed verification failed: {where}: {reason}"),
    "config_bad": ("配置文件 {path} 无法读取：{detail}", "cannot read the configuration file {path}: {detail}"),
    "key_readable_by_others": ("私钥文件 {path} 可被其他用户读取（权限 {mode}）；请执行 chmod 600 {path}",
                               "the private key file {path} is readable by other users (mode {mode}); run chmod 600 {path}"),
    "v_exported_head_differs": ("事件 #{seq} 的哈希与导出的头哈希不同：历史被改写", "event #{seq} differs from the exported head: history rewritten"),
    # --- warnings (stored with the event)
    "w_REG-basis": (
        "依据仅为规范性文件（{documents}）：行政处罚须以法律、法规或规章为依据（行政处罚法第九条、第十四条、第十六条）；请补充上位法依据，或作为资格/信用管理措施登记",
        "the only basis is normative documents ({documents}): an administrative penalty needs a law, regulation or rule as its basis (APL Art. 9, 14, 16); add one, or record this as eligibility/credit management",
    ),
    "w_REG-limitation": (
        "违法行为终了（{ended}）至{until_label}（{until}）已超过二年：注意行政处罚法第三十六条的追责时效（涉及生命健康安全、金融安全且有危害后果的为五年）",
        "the conduct ended {ended}, more than two years before the {until_label_en} ({until}): mind the limitation period of APL Art. 36 (five years where life, health or financial safety is harmed)",
    ),
    "w_MEAS-43-applied": (
        "CCER 数据造假：按《温室气体自愿减排交易管理办法（试行）》第四十三条，三年内不受理该业主的申请；未给出截止日期，已按三年默认期限设为 {to}",
        "CCER data falsification: under MEAS Art. 43 no application from the owner is accepted for three years; no to date was given, so the default three-year period ending {to} was applied",
    ),
    "w_MEAS-43-suggest": (
        "CCER 数据造假：《温室气体自愿减排交易管理办法（试行）》第四十三条规定三年内不受理，建议截止日期为 {to}",
        "CCER data falsification: MEAS Art. 43 sets a three-year bar; suggested to date {to}",
    ),
    # --- CLI output
    "enrolled": ("已登记机关 {authority}（{name}，{division}，{level}），事件 #{seq}", "enrolled {authority} ({name}, {division}, {level}), event #{seq}"),
    "key_written": ("已生成私钥：{path}（请妥善保管）", "private key written: {path} (keep it safe)"),
    "recorded": ("已登记 {id}（事件 #{seq}，哈希 {hash}）", "recorded {id} (event #{seq}, hash {hash})"),
    "lifted": ("已解除 {id}（事件 #{seq}）", "lifted {id} (event #{seq})"),
    "amended": ("已更正 {id}（事件 #{seq}）", "amended {id} (event #{seq})"),
    "appeal_recorded": ("已记录 {id} 的复议/诉讼结果（事件 #{seq}）", "appeal decision recorded for {id} (event #{seq})"),
    "warning": ("警告", "warning"),
    "error": ("错误", "error"),
    "nothing_found": ("未找到", "nothing found"),
    "exported": ("已导出 {count} 条到 {path}", "exported {count} rows to {path}"),
    "head_written": ("头哈希已写入 {path}", "head written to {path}"),
    "notice_written": ("通报草稿已生成：{path}", "notice drafted: {path}"),
    "notice_revoked": ("{value} 已被撤销，不能起草通报", "{value} was revoked; no notice can be drafted"),
    "notice_check_failed": ("通报草稿自检失败：{detail}", "notice self-check failed: {detail}"),
    "unexpected": ("内部错误：{detail}", "internal error: {detail}"),
}

LABELS: dict[str, tuple[str, str]] = {
    "suspend": ("暂停参与林业碳汇资源开发资格", "suspension of eligibility"),
    "restrict": ("限制参与林业碳汇资源开发资格", "restriction of eligibility"),
    "cancel": ("取消参与林业碳汇资源开发资格", "cancellation of eligibility"),
    "notice": ("通报", "public notice (通报)"),
    "legal_person": ("法人或其他组织", "legal person or organisation"),
    "natural_person": ("自然人", "natural person"),
    "in_force": ("有效", "in force"),
    "lifted": ("已解除", "lifted"),
    "revoked": ("已撤销", "revoked"),
    "province": ("省级", "province"),
    "prefecture": ("市级", "prefecture"),
    "county": ("县级", "county"),
    "upheld": ("维持", "upheld"),
    "varied": ("变更", "varied"),
    "open_ended": ("无固定期限", "open-ended"),
    "all_mechanisms": ("全部机制", "all mechanisms"),
    "decided_on": ("决定日期", "decision date"),
    "discovered_on": ("发现（立案）日期", "discovery date"),
}


def current_lang(lang: str | None = None) -> str:
    from compliance.i18n import resolve_lang  # the one language decision

    return resolve_lang(lang)


def _pick(pair: tuple[str, str], lang: str | None) -> str:
    return pair[1] if current_lang(lang) == "en" else pair[0]


def t(key: str, lang: str | None = None, **params) -> str:
    """The message ``key`` in ``lang`` with ``params`` filled in."""
    pair = MESSAGES.get(key)
    if pair is None:
        return key
    return _pick(pair, lang).format(**params)


def label(key: str, lang: str | None = None) -> str:
    pair = LABELS.get(key)
    return _pick(pair, lang) if pair else key


def field_label(field: str, lang: str | None = None) -> str:
    pair = FIELDS.get(field)
    return _pick(pair, lang) if pair else field


def os_error(exc: OSError, field: str, path, *, write: bool = False) -> "RegisterError":
    """A RegisterError naming ``field`` for an OSError on a path the user gave (never a traceback)."""
    import errno
    from pathlib import Path

    p = str(path)
    code = getattr(exc, "errno", None)
    if code == errno.ENOENT and write or code == errno.ENOTDIR:
        return RegisterError("dir_missing", field, path=str(Path(p).parent))
    if code == errno.ENOENT:
        return RegisterError("file_missing", field, path=p)
    if code == errno.EISDIR:
        return RegisterError("is_directory", field, path=p)
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return RegisterError("write_denied" if write else "read_denied", field, path=p)
    detail = getattr(exc, "strerror", None) or type(exc).__name__
    return RegisterError("write_failed" if write else "read_failed", field, path=p, detail=detail)


class RegisterError(InvalidInput):
    """A refusal: bad input, no authority, out of jurisdiction. Nothing was written."""

    def __init__(self, key: str, field: str | None = None, **params):
        self.key = key
        self.field = field
        self.params = params
        Exception.__init__(self, self.render("en"))
        self.detail, self.zh, self.en = "", None, None

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang, **self.params)

    def render(self, lang: str | None = None, field_name: str | None = None) -> str:
        """``field: message``; ``field_name`` overrides how the field is named (an option, a column)."""
        text = self.message(lang)
        if self.field is None:
            return text
        name = field_name or field_label(self.field, lang)
        return f"{name}：{text}" if current_lang(lang) == "zh" else f"{name}: {text}"


class RegisterErrors(RegisterError):
    """Several refusals at once (one sanction with several bad fields, an import with bad rows)."""

    def __init__(self, errors: list):
        self.errors = errors
        first = errors[0]
        err = first[-1] if isinstance(first, tuple) else first
        super().__init__(err.key, err.field, **err.params)
