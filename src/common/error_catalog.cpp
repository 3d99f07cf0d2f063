#include "common/error_catalog.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

namespace jz {
namespace {

// Keep sorted by area; add a row whenever a module introduces a code.
constexpr std::array kSpecs{
    // Transport and request shape.
    ErrorSpec{"internal", 500, "服务器内部错误，请稍后重试", "Internal server error; please try again later"},
    ErrorSpec{"not_found", 404, "请求的资源不存在", "The requested resource does not exist"},
    ErrorSpec{"route_not_found", 404, "接口不存在", "No such endpoint"},
    ErrorSpec{"method_not_allowed", 405, "该接口不支持此请求方法", "This endpoint does not support that method"},
    ErrorSpec{"bad_json", 400, "请求体不是有效的 JSON：{detail}", "The request body is not valid JSON: {detail}"},
    ErrorSpec{"body_too_large", 413, "请求体过大", "The request body is too large"},
    ErrorSpec{"headers_too_large", 431, "请求头过大", "The request headers are too large"},
    ErrorSpec{"missing_field", 400, "缺少必填字段：{field}", "Missing required field: {field}"},
    ErrorSpec{"invalid_field", 400, "字段无效：{field}（{detail}）", "Invalid field: {field} ({detail})"},
    ErrorSpec{"unsupported_media_type", 415, "仅接受 application/json 请求体", "Only application/json bodies are accepted"},
    ErrorSpec{"conflict", 409, "数据冲突：{detail}", "Conflict: {detail}"},
    ErrorSpec{"not_ready", 503, "服务尚未就绪：{detail}", "Service not ready: {detail}"},
    ErrorSpec{"backup_failed", 500, "备份或恢复失败：{detail}", "Backup or restore failed: {detail}"},
    ErrorSpec{"busy", 503, "服务繁忙，请稍后重试", "The server is busy; please try again shortly"},
    ErrorSpec{"shutting_down", 503, "服务正在停止", "The server is shutting down"},
    // Authentication and authorisation.
    ErrorSpec{"unauthenticated", 401, "请先登录", "Please log in first"},
    ErrorSpec{"invalid_credentials", 401, "用户名或密码错误", "Wrong username or password"},
    ErrorSpec{"session_expired", 401, "登录已过期，请重新登录", "Your session has expired; please log in again"},
    ErrorSpec{"too_many_attempts", 429, "尝试次数过多，请 {detail} 秒后再试", "Too many attempts; try again in {detail} seconds"},
    ErrorSpec{"forbidden", 403, "无权访问此功能", "You do not have access to this function"},
    ErrorSpec{"out_of_scope", 403, "无权访问该数据（超出数据范围）", "You may not access this record (outside your data scope)"},
    ErrorSpec{"csrf_failed", 403, "安全校验失败，请刷新页面后重试", "Security check failed; reload the page and try again"},
    ErrorSpec{"account_disabled", 403, "账号已停用", "This account is disabled"},
    ErrorSpec{"weak_password", 400, "密码至少 8 位，且须包含字母和数字", "The password needs at least 8 characters with letters and digits"},
    ErrorSpec{"wrong_password", 400, "原密码不正确", "The current password is wrong"},
    ErrorSpec{"username_taken", 409, "用户名已被使用", "That username is taken"},
    ErrorSpec{"invalid_role", 400, "未知角色：{detail}", "Unknown role: {detail}"},
    ErrorSpec{"division_required", 400, "市州账号必须指定所属市州", "A city officer account needs its prefecture"},
    ErrorSpec{"phone_registered", 409, "该手机号已注册，请直接用手机号和密码登录", "This mobile number already has an account: log in with the number and your password"},
    ErrorSpec{"sms_too_soon", 429, "验证码已发送，请 {detail} 秒后再重新获取", "A code was just sent; you can ask for another in {detail} seconds"},
    ErrorSpec{"sms_limit", 429, "今天获取验证码的次数已用完，请明天再试或拨打服务热线", "No more codes can be sent today; try again tomorrow or call the hotline"},
    ErrorSpec{"sms_code_wrong", 400, "验证码不正确，请核对短信后重新输入", "The code is not right; check the SMS and type it again"},
    ErrorSpec{"sms_code_expired", 400, "验证码已失效，请重新获取", "The code is no longer valid; ask for a new one"},
    // Reference data and validators.
    ErrorSpec{"unknown_division", 400, "未知的行政区划代码：{detail}", "Unknown division code: {detail}"},
    ErrorSpec{"invalid_id_number", 400, "身份证号码无效：{detail}", "Invalid ID number: {detail}"},
    ErrorSpec{"invalid_uscc", 400, "统一社会信用代码无效：{detail}", "Invalid unified social credit code: {detail}"},
    ErrorSpec{"invalid_mobile", 400, "手机号码无效：{detail}", "Invalid mobile number: {detail}"},
    ErrorSpec{"unknown_kind", 400, "不支持的校验类型：{detail}", "Unsupported validation kind: {detail}"},
    // Registry (enterprises, workers, brands, bases, institutions, service points, import/export).
    ErrorSpec{"duplicate_person", 409, "该身份证号已登记，同一人不能重复登记", "A worker with this ID number is already registered"},
    ErrorSpec{"duplicate_uscc", 409, "该统一社会信用代码已登记", "An enterprise with this unified social credit code is already registered"},
    ErrorSpec{"duplicate_labour_brand", 409, "劳务品牌的代码或名称已存在", "A labour brand with this code or name exists"},
    ErrorSpec{"unknown_occupation", 400, "未知的工种：{detail}", "Unknown occupation: {detail}"},
    ErrorSpec{"unknown_labour_brand", 400, "未知的劳务品牌：{detail}", "Unknown labour brand: {detail}"},
    ErrorSpec{"unknown_enterprise", 400, "企业不存在：{detail}", "No such enterprise: {detail}"},
    ErrorSpec{"field_not_editable", 400, "该字段不能修改：{field}", "This field cannot be changed: {field}"},
    ErrorSpec{"invalid_transition", 409, "当前状态下不能进行该操作：{detail}", "Not possible in the current state: {detail}"},
    ErrorSpec{"photo_too_large", 413, "照片不能超过 2 MB", "The photo must not exceed 2 MB"},
    ErrorSpec{"unsupported_photo_type", 415, "照片须为 JPEG 或 PNG 格式", "The photo must be a JPEG or PNG image"},
    ErrorSpec{"unreadable_file", 400, "无法读取文件：{detail}（请上传 CSV（UTF-8 或 GBK）或 XLSX 文件）", "Cannot read the file: {detail} (upload CSV in UTF-8 or GBK, or XLSX)"},
    ErrorSpec{"import_no_header", 400, "未找到表头行：前 {detail} 行中没有“姓名”“身份证号”等列名，请使用导入模板", "No header row: none of the first {detail} rows names the columns (姓名, 身份证号 …); please use the template"},
    ErrorSpec{"import_missing_column", 400, "缺少必需的列：{field}", "A required column is missing: {field}"},
    ErrorSpec{"import_too_large", 413, "文件过大：{detail}，大文件请使用命令行 jiazheng import workers 导入", "The file is too large: {detail}; import large files with the command line (jiazheng import workers)"},
    ErrorSpec{"id_number_scientific", 400, "{field} 已被 Excel 转成科学计数法或丢失了末尾数字（{detail}），无法修复：请将该列设为“文本”格式后重新填写", "{field} was turned into scientific notation by Excel or lost its last digits ({detail}) and cannot be repaired: format the column as text and enter it again"},
    ErrorSpec{"duplicate_in_file", 400, "同一人在文件中重复出现（与第 {detail} 行重复）", "The same person appears twice in the file (same as row {detail})"},
    ErrorSpec{"export_too_large", 400, "导出行数超过 {detail} 行，请缩小筛选范围后分批导出", "More than {detail} rows to export; narrow the filters and export in parts"},
    ErrorSpec{"official_only", 403, "只有主管部门工作人员可以进行此操作", "Only an official may do this"},
    ErrorSpec{"duplicate_enterprise", 409, "该统一社会信用代码的企业已登记或在文件中重复（{detail}）", "An enterprise with this unified social credit code is already registered or repeated in the file ({detail})"},
    ErrorSpec{"uscc_held_for_review", 200, "统一社会信用代码校验位不符，已登记但待人工审核", "The unified social credit code's check character fails: registered, held for review"},
    ErrorSpec{"ambiguous_division", 400, "{field} 只写了地名，无法确定县区：{detail}，请填写县区名称或 6 位代码", "{field} names a place but not which county: {detail}; enter the county name or its 6-digit code"},
    ErrorSpec{"sheet_too_large", 413, "表格过大：{detail}，请拆分后分批导入", "The spreadsheet is too large: {detail}; split it and import in parts"},
    ErrorSpec{"sheet_suspicious", 422, "表格文件异常（{detail}），不像正常的 Excel 文件，请重新另存为 xlsx 后上传", "The spreadsheet looks malformed ({detail}); save it again as .xlsx and upload that"},
    // Account management (supervision, docs/supervision.md).
    ErrorSpec{"own_account", 403, "不能对自己的账号执行此操作，请联系其他管理员", "You cannot do this to your own account; ask another administrator"},
    ErrorSpec{"already_in_state", 409, "账号已经是该状态", "The account is already in that state"},
    // @registry-errors: add registry rows above this line.
    // Credit file, score, disputes.
    ErrorSpec{"credit_kind_not_allowed", 403, "您无权记录此类信用信息：{detail}", "You may not record credit entries of this kind: {detail}"},
    ErrorSpec{"review_too_soon", 409, "30 天内您已评价过这位家政服务员", "You reviewed this worker within the last 30 days"},
    ErrorSpec{"complaint_invalid_transition", 409, "投诉状态不能这样变更：{detail}", "A complaint cannot move like this: {detail}"},
    ErrorSpec{"entry_not_disputable", 409, "这条记录现在不能申诉（当前状态：{detail}）", "This entry cannot be contested now (status: {detail})"},
    ErrorSpec{"dispute_closed", 409, "这项申诉已经处理过了", "This dispute has already been resolved"},
    ErrorSpec{"issuer_person_unknown", 404, "登记库中没有该身份证号的家政服务员，请先由企业或主管部门登记", "No worker with this ID number is registered; an enterprise or official registers her first"},
    ErrorSpec{"issuer_person_mismatch", 409, "身份证号与姓名不一致，请核对证件", "The ID number and the name do not match; check the ID card"},
    ErrorSpec{"issuer_duplicate", 409, "该记录已经录入过（{field}）", "This record was entered already ({field})"},
    ErrorSpec{"issuer_name_taken", 409, "同名的机构已经登记", "An organisation of this name is registered already"},
    ErrorSpec{"issuer_not_insured", 409, "此人不在该保单的被保险人中", "This person is not insured under this policy"},
    ErrorSpec{"complaint_with_enterprise", 409, "这件投诉由企业先行处理（在答复期内，或已与家庭协商解决）；企业逾期未答复或家庭不接受答复时，才转由市州处理", "The enterprise handles this complaint first (within its reply period, or settled with the household); the prefecture takes it when the enterprise misses its deadline or the household rejects the reply"},
    ErrorSpec{"complaint_not_with_enterprise", 409, "投诉已不在企业答复阶段（已答复、已逾期转交市州或已办结）", "The complaint is no longer with the enterprise (already answered, passed to the prefecture after the deadline, or closed)"},
    ErrorSpec{"complaint_no_reply_yet", 409, "企业还没有答复，答复期满未答复的会自动转交市州", "The enterprise has not replied yet; without a reply by the deadline the complaint goes to the prefecture by itself"},
    ErrorSpec{"complaint_needs_service", 409, "只能投诉已开始服务的订单（当前：{detail}）", "Only an order whose service has started can be complained about (now: {detail})"},
    ErrorSpec{"complaint_needs_order", 422, "投诉必须针对您的一笔已开始服务的订单，请在“服务订单”中选择这次服务后投诉", "A complaint must name one of your orders whose service has started; choose the service under “Service orders” and complain there"},
    ErrorSpec{"complaint_worker_not_on_order", 422, "这笔订单不是这位服务人员为您服务的，请选择她服务过的订单", "This order was not served by this worker; choose an order she served"},
    ErrorSpec{"service_card_no_certificate", 409, "该服务人员还没有有效的居家上门服务证，请先在她的档案中发证", "This worker has no valid home-service certificate; issue one from her record first"},
    // @credit-errors: add credit rows above this line.
    // Service certificates and public verification.
    ErrorSpec{"certificate_not_found", 404, "未找到该证书", "Certificate not found"},
    ErrorSpec{"certificate_already_revoked", 409, "该证书已被吊销", "This certificate has already been revoked"},
    ErrorSpec{"certificate_identity_unverified", 409, "该服务员尚未通过实名认证，不能发放服务证", "The worker's identity is not verified yet; no certificate can be issued"},
    // Household services (src/services).
    ErrorSpec{"order_wrong_status", 409, "订单当前状态不允许此操作（当前：{detail}）", "The order's status does not allow this (now: {detail})"},
    ErrorSpec{"enterprise_not_listed", 422, "该企业未在平台挂牌，不能预约", "This enterprise is not listed on the platform and cannot be booked"},
    ErrorSpec{"worker_not_staff", 422, "该服务人员不属于本企业", "This worker is not on the enterprise's staff"},
    ErrorSpec{"worker_busy", 409, "该服务人员在此期间已有住家服务（订单 {detail}），不能再安排", "This worker is already in a live-in service in this period (order {detail})"},
    ErrorSpec{"wage_below_minimum", 422, "工资低于当地最低工资标准（{detail}）", "The wage is below the local minimum wage ({detail})"},
    ErrorSpec{"rest_days_too_few", 422, "住家服务每月休息不得少于4天", "A live-in worker must have at least 4 rest days a month"},
    ErrorSpec{"trial_too_long", 422, "试用期超过《劳动合同法》允许的期限（{detail}）", "The trial period exceeds the Labour Contract Law's limit ({detail})"},
    ErrorSpec{"trial_pay_too_low", 422, "试用期工资不得低于约定工资的80%，也不得低于最低工资（{detail}）", "Trial pay may not be below 80% of the agreed wage or the minimum wage ({detail})"},
    ErrorSpec{"worker_deposit_forbidden", 422, "不得向服务人员收取押金", "No deposit may be taken from the worker"},
    ErrorSpec{"contract_confirmed", 409, "该合同版本已有当事方确认，不能修改；如需变更请提出新版本", "A party has confirmed this contract version: it cannot be changed; propose a new version instead"},
    ErrorSpec{"contract_digest_mismatch", 409, "您确认的合同内容与当前版本不一致，请重新查看后再确认", "The contract you confirm differs from the current version; review it again before confirming"},
    ErrorSpec{"contract_not_current", 409, "这不是该订单的最新合同版本", "This is not the order's current contract version"},
    ErrorSpec{"contract_already_confirmed", 409, "您已经确认过这份合同", "You have already confirmed this contract"},
    ErrorSpec{"contract_missing", 409, "订单还没有经各方确认的合同", "The order has no contract confirmed by every party yet"},
    ErrorSpec{"review_needs_order", 422, "评价必须针对一笔已完成的服务订单", "A review must be about a completed service order"},
    ErrorSpec{"order_already_reviewed", 409, "这笔订单已经评价过了", "This order has already been reviewed"},
    ErrorSpec{"certificate_identity_unverified", 409, "该服务员尚未通过实名认证，不能发放服务证。实名认证由她所在市州的人社部门工作人员核验：请带她的身份证原件到市州人社部门，或请市州工作人员在平台上打开她的档案，记录“身份核验”后再发证", "The worker's identity is not verified yet, so no certificate can be issued. Identity is checked by the officer of her prefecture's human-resources office: take her original ID card there, or ask that officer to open her record on the platform and record an identity check, then issue the certificate"},
    // @certificate-errors: add certificate rows above this line.
    // Training, assessments, the 14万人次 target, the willingness survey, competitions.
    ErrorSpec{"training_course_closed", 409, "该课程已停止报名", "This course is closed for enrolment"},
    ErrorSpec{"training_unit_not_online", 409, "这是线下课程的单元，学时由培训机构记录出勤", "This unit is taught offline; the institution records attendance"},
    ErrorSpec{"training_unit_online", 409, "这是线上课程的单元，学时由学习记录自动计算", "This unit is studied online; its time is counted from the study sessions"},
    ErrorSpec{"training_session_ended", 409, "本次学习已结束（可能在其他页面或设备上打开了其他单元），请重新打开本单元", "This study session has ended (another unit was opened elsewhere); open the unit again"},
    ErrorSpec{"training_part_locked", 409, "请按顺序学习：先学完前面的部分，再打开这一部分", "Parts are studied in order: finish the earlier parts before opening this one"},
    ErrorSpec{"training_not_provider", 403, "只有开设该课程的培训机构可以进行此操作", "Only the institution that provides this course may do this"},
    ErrorSpec{"training_no_assessment", 409, "该课程没有考核", "This course has no assessment"},
    ErrorSpec{"training_already_passed", 409, "已通过该课程的考核", "The assessment of this course has already been passed"},
    ErrorSpec{"training_units_incomplete", 409, "尚未学完全部单元，暂不能考核", "Not every unit is done yet; the assessment comes after"},
    ErrorSpec{"training_no_quiz", 409, "该课程没有在线测验", "This course has no online quiz"},
    ErrorSpec{"training_quiz_attempts", 409, "在线测验最多可做 {detail} 次，次数已用完，请联系培训机构", "The online quiz may be taken at most {detail} times; please contact the institution"},
    ErrorSpec{"training_survey_not_poverty", 409, "摸底调查只针对脱贫人口（含监测帮扶对象）", "The willingness survey is for people lifted out of poverty (and those monitored) only"},
    // @training-errors: add training rows above this line.
    // Job board, matching engine, labour-transfer plans.
    ErrorSpec{"job_closed", 409, "该岗位已关闭或已过期：{detail}", "That job posting is closed or expired: {detail}"},
    ErrorSpec{"job_in_plan", 409, "该岗位已用于劳务输转计划，不能删除，可改为关闭", "A transfer plan uses this job; close it instead of deleting it"},
    ErrorSpec{"transfer_empty_cohort", 400, "所选范围内没有服务员，无法编制输转计划", "The chosen cohort has no workers; no plan can be made"},
    ErrorSpec{"plan_already_approved", 409, "该输转计划已审批，不能重复审批", "This transfer plan is already approved"},
    ErrorSpec{"plan_needs_second_official", 409, "输转计划须由编制人以外的另一名工作人员审批", "A transfer plan must be approved by an official other than the one who made it"},
    // @matching-errors: add matching rows above this line.
    // Subsidy policies, simulation, payment batches.
    ErrorSpec{"subsidy_policy_not_found", 404, "未找到该补贴政策：{detail}", "No such subsidy policy: {detail}"},
    ErrorSpec{"subsidy_rule_invalid", 422, "政策规则有误，未保存（{detail}）", "The rule has problems and was not saved ({detail})"},
    ErrorSpec{"subsidy_nothing_to_pay", 409, "当前没有符合“{detail}”且尚未发放的人员，无需生成批次", "Nobody is eligible and unpaid under \"{detail}\"; no batch was made"},
    ErrorSpec{"subsidy_idempotency_key_reused", 409, "该幂等键已用于另一个不同的批次请求", "This Idempotency-Key was already used for a different batch request"},
    ErrorSpec{"subsidy_batch_not_found", 404, "未找到该发放批次", "No such payment batch"},
    ErrorSpec{"subsidy_maker_cannot_check", 403, "经办人不能复核自己生成的批次，请由另一位工作人员复核", "The maker of a batch cannot approve or reject it; another official must check it"},
    ErrorSpec{"subsidy_batch_decided", 409, "该批次已处理（{detail}），不能再次复核", "This batch has already been decided ({detail})"},
    ErrorSpec{"subsidy_batch_not_approved", 409, "批次尚未复核通过（当前：{detail}）", "The batch is not approved (now: {detail})"},
    ErrorSpec{"subsidy_bank_file_unencodable", 422, "有字符无法用该银行要求的 GBK 编码写出（{detail}），请核对姓名用字或改用 UTF-8 格式", "A character cannot be written in the GBK encoding this bank requires ({detail}); check the name or use a UTF-8 profile"},
    ErrorSpec{"subsidy_bank_file_invalid", 400, "银行结果文件有误，未导入任何记录：{detail}", "The bank result file has errors; nothing was imported: {detail}"},
    ErrorSpec{"subsidy_batch_total_mismatch", 409, "确认的金额与批次合计（{detail} 元）不符，请刷新后重新核对", "The confirmed total does not match the batch total ({detail} yuan); reload and check again"},
    ErrorSpec{"subsidy_province_batch_checker", 403, "全省批次由厅（局）工作人员或另一位省级管理员复核，市州工作人员不能复核", "A province-wide batch is checked by the department or another province admin, not by a city officer"},
    ErrorSpec{"subsidy_only_maker_withdraws", 403, "只有制单人本人可以撤回待复核的批次", "Only the official who made a pending batch can withdraw it"},
    // @subsidy-errors: add subsidy rows above this line.
    ErrorSpec{"evidence_too_large", 413, "佐证材料不能超过 2 MB", "An evidence file must not exceed 2 MB"},
    ErrorSpec{"unsupported_evidence_type", 415, "佐证材料须为 PDF、JPEG 或 PNG 格式", "An evidence file must be a PDF, JPEG or PNG file"},
    // @supervision-errors: add supervision rows above this line.
};

// Reason codes that validators put in Error::detail, said in words: a county clerk should read
// "身份证号码无效：校验位不正确", not "bad_checksum". Details that are not codes are shown as they are.
struct DetailText {
  std::string_view code, zh, en;
};
constexpr std::array kDetails{
    DetailText{"empty", "未填写", "empty"},
    DetailText{"bad_length", "位数不对", "wrong number of characters"},
    DetailText{"bad_characters", "含有无效字符", "contains invalid characters"},
    DetailText{"unknown_province", "前两位不是有效的省级行政区划代码", "the first two digits are not a province code"},
    DetailText{"unknown_area", "前六位不是有效的县级行政区划代码", "the first six digits are not a county code"},
    DetailText{"bad_birth_date", "出生日期无效", "the birth date is not a real date"},
    DetailText{"future_birth_date", "出生日期晚于今天", "the birth date is in the future"},
    DetailText{"bad_checksum", "校验位不正确", "the check character is wrong"},
    DetailText{"bad_authority", "第 1 位不是有效的登记管理部门代码", "the 1st character is not a registration authority code"},
    DetailText{"bad_entity_type", "第 2 位不是该登记管理部门的机构类别", "the 2nd character is not an entity type of that authority"},
    DetailText{"bad_division", "第 3-8 位须为数字（行政区划码）", "characters 3-8 must be digits (the division code)"},
    DetailText{"bad_prefix", "号段无效", "not a mobile number prefix"},
    DetailText{"too_short", "太短", "too short"},
    DetailText{"too_long", "太长", "too long"},
    DetailText{"needs_letter_and_digit", "须同时包含字母和数字", "needs both letters and digits"},
};

std::string_view detail_text(std::string_view detail, Lang lang) {
  for (const auto& d : kDetails)
    if (d.code == detail) return lang == Lang::en ? d.en : d.zh;
  return detail;
}

std::string fill(std::string_view tmpl, const Error& e, Lang lang) {
  std::string out;
  out.reserve(tmpl.size() + e.detail.size() + e.field.size());
  for (size_t i = 0; i < tmpl.size();) {
    if (tmpl.compare(i, 8, "{detail}") == 0) {
      out += detail_text(e.detail, lang);
      i += 8;
    } else if (tmpl.compare(i, 7, "{field}") == 0) {
      out += e.field;
      i += 7;
    } else {
      out += tmpl[i++];
    }
  }
  return out;
}

}  // namespace

const ErrorSpec& error_spec(std::string_view code) {
  for (const auto& s : kSpecs)
    if (s.code == code) return s;
  return kSpecs[0];
}

bool error_code_known(std::string_view code) {
  return std::any_of(kSpecs.begin(), kSpecs.end(), [&](const ErrorSpec& s) { return s.code == code; });
}

std::string error_message(const Error& error, Lang lang) {
  const ErrorSpec& s = error_spec(error.code);
  return fill(lang == Lang::en ? s.en : s.zh, error, lang);
}

Lang parse_accept_language(std::string_view header) {
  // Walk "en-US,en;q=0.9,zh;q=0.8": the highest-q tag that is zh* or en* wins; ties go to the first.
  double best_q = -1;
  Lang best = Lang::zh;
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(',', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view item = header.substr(pos, end - pos);
    pos = end + 1;
    double q = 1.0;
    size_t semi = item.find(';');
    std::string_view tag = item.substr(0, semi);
    if (semi != std::string_view::npos) {
      size_t qp = item.find("q=", semi);
      if (qp != std::string_view::npos) q = std::atof(std::string(item.substr(qp + 2)).c_str());
    }
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    auto starts = [&](std::string_view p) {
      if (tag.size() < p.size()) return false;
      for (size_t i = 0; i < p.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(tag[i])) != p[i]) return false;
      return tag.size() == p.size() || tag[p.size()] == '-' || tag[p.size()] == '_';
    };
    Lang lang;
    if (starts("zh")) lang = Lang::zh;
    else if (starts("en")) lang = Lang::en;
    else continue;
    if (q > best_q) {
      best_q = q;
      best = lang;
    }
  }
  return best;
}

}  // namespace jz
