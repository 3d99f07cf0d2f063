#include "registry/export.hpp"

#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "common/csv.hpp"
#include "common/id_number.hpp"
#include "common/text.hpp"
#include "common/uscc.hpp"
#include "common/time.hpp"
#include "registry/scope.hpp"
#include "registry/worker_store.hpp"
#include "security/random.hpp"

namespace jz::registry {
namespace {

const std::map<std::string, std::string>& flag_names_zh() {
  static const std::map<std::string, std::string> kNames{
      {"poverty_alleviated", "脱贫人口"}, {"monitored", "监测帮扶对象"},    {"relocated", "易地搬迁"},
      {"rural_migrant", "农村进城务工人员"}, {"new_entrant", "新成长劳动力"}, {"graduate", "高校毕业生"}};
  return kNames;
}

const char* level_name(int level) {
  switch (level) {
    case 1: return "初级";
    case 2: return "中级";
    case 3: return "高级";
    case 4: return "技师";
  }
  return "初级";
}

std::string scope_name(const std::string& s) {
  if (s == "home_county") return "本县";
  if (s == "cross_province") return "跨省";
  return "省内";
}

// The template's example rows pass every check (a clerk who copies their format gets valid rows); the import
// skips them by the 示例 in their name and says so in its report.
std::string example_id(const std::string& first17) { return first17 + id_number_check_char(first17); }
std::string example_uscc(const std::string& first17) { return first17 + uscc_check_char(first17); }

// Removes the file when it goes out of scope.
struct TempFile {
  std::filesystem::path path;
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

}  // namespace

std::string table_csv(const Table& t) {
  std::string out = "\xEF\xBB\xBF";
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i) out += ',';
      out += csv_escape(cells[i]);
    }
    out += "\r\n";
  };
  line(t.header);
  for (const auto& r : t.rows) line(r);
  return out;
}

Result<std::string> tables_xlsx(const std::vector<Table>& sheets) {
  TempFile file{std::filesystem::temp_directory_path() / ("jz-export-" + security::random_token(12) + ".xlsx")};
  std::string tmpdir = std::filesystem::temp_directory_path().string();
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;  // rows stream to a temporary file instead of staying in memory
  options.tmpdir = tmpdir.data();
  lxw_workbook* wb = workbook_new_opt(file.path.c_str(), &options);
  if (!wb) return make_error("internal", "", "xlsx");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  format_set_bg_color(bold, 0xDDEBF7);
  format_set_border(bold, LXW_BORDER_THIN);
  lxw_format* text = workbook_add_format(wb);
  format_set_num_format(text, "@");  // "text": what a user types into these columns stays as typed
  lxw_format* wrap = workbook_add_format(wb);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  for (const auto& t : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, t.sheet_name.c_str());
    if (!ws) {
      workbook_close(wb);
      return make_error("internal", "", "xlsx sheet");
    }
    for (size_t c = 0; c < t.header.size(); ++c) {
      bool is_text = std::find(t.text_columns.begin(), t.text_columns.end(), c) != t.text_columns.end();
      double width = c < t.widths.size() ? t.widths[c] : 14;
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), width,
                           is_text ? text : (t.widths.size() > c && t.widths[c] > 40 ? wrap : nullptr));
    }
    worksheet_freeze_panes(ws, 1, 0);
    for (size_t c = 0; c < t.header.size(); ++c)
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), t.header[c].c_str(), bold);
    for (size_t r = 0; r < t.rows.size(); ++r)
      for (size_t c = 0; c < t.rows[r].size(); ++c) {
        if (t.rows[r][c].empty()) continue;
        bool is_text = std::find(t.text_columns.begin(), t.text_columns.end(), c) != t.text_columns.end();
        // XML 1.0 forbids most control characters: one in a cell would make the whole workbook unreadable.
        worksheet_write_string(ws, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c),
                               xml_safe(t.rows[r][c]).c_str(), is_text ? text : nullptr);
      }
  }
  if (lxw_error err = workbook_close(wb); err != LXW_NO_ERROR)
    return make_error("internal", "", std::string("xlsx: ") + lxw_strerror(err));
  std::ifstream in(file.path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Table worker_template() {
  Table t;
  t.sheet_name = "家政服务员";
  t.header = {"姓名", "身份证号", "手机号", "现居住地", "工种", "家庭情况", "住家", "每周工时", "期望工资",
              "就业意向", "意向城市", "劳务品牌"};
  t.rows = {
      {"王小花（示例，导入前请删除）", example_id("62010219900307002"), "13800000000", "620102",
       "养老护理员:中级;家政服务员", "脱贫人口", "是", "48", "4500", "省内", "", "陇原妹"},
      {"李芳（示例，导入前请删除）", example_id("62122619850612004"), "13900000000", "礼县",
       "母婴护理员（月嫂）:高级", "监测帮扶对象;易地搬迁", "否", "40", "6000", "跨省", "天津;厦门", "礼贤妹"},
  };
  t.text_columns = {1, 2, 3};
  t.widths = {26, 22, 14, 12, 30, 24, 6, 10, 10, 10, 14, 12};
  return t;
}

namespace {
// The occupations a template accepts, in words: "家政服务员、养老护理员、…".
std::string occupation_list(const std::vector<OccupationName>& occupations) {
  std::string occ;
  for (const auto& o : occupations) occ += (occ.empty() ? "" : "、") + o.name_zh;
  return occ;
}
// The notes sheet every template has: column, required or not, how to fill it in.
Table notes_table() {
  Table t;
  t.sheet_name = "填写说明";
  t.header = {"列名", "是否必填", "填写说明"};
  return t;
}
}  // namespace

Table worker_template_notes(const std::vector<OccupationName>& occupations) {
  const std::string occ = occupation_list(occupations);
  Table t = notes_table();
  t.rows = {
      {"姓名", "必填", "与身份证一致。"},
      {"身份证号", "必填",
       "18 位居民身份证号（15 位老号码会自动升级为 18 位，末位小写 x、全角数字和空格会自动修正）。"
       "请先把本列设为“文本”格式再粘贴号码，否则 Excel 会把号码显示成 6.20102E+17 并丢掉末尾几位，这种号码无法修复，只能重新填写。"},
      {"手机号", "选填", "11 位手机号码。"},
      {"现居住地", "选填", "县区代码（6 位，如 620102）或县区名称（如 城关区、兰州市城关区）。不填时取身份证上的县区。"},
      {"工种", "选填",
       "工种名称或代码，可带等级（初级、中级、高级、技师），如“养老护理员:中级;家政服务员”；多个工种用分号或顿号分隔。可填工种：" + occ + "。"},
      {"家庭情况", "选填", "脱贫人口、监测帮扶对象、易地搬迁、农村进城务工人员、新成长劳动力、高校毕业生；多个用分号或顿号分隔，没有可不填。"},
      {"住家", "选填", "是 / 否，默认否。"},
      {"每周工时", "选填", "1–84 小时，默认 40。"},
      {"期望工资", "选填", "元/月，0–100000。"},
      {"就业意向", "选填", "本县 / 省内 / 跨省，默认省内。"},
      {"意向城市", "选填", "跨省就业时想去的城市，多个用分号分隔。"},
      {"劳务品牌", "选填", "劳务品牌名称或代码，如 陇原妹、礼贤妹。"},
      {"", "", ""},
      {"导入前", "", "两行示例的姓名带“示例”二字，导入时自动跳过（报告中会列出），删除或保留均可。表头上方可以保留标题行，表格下方的合计、制表人、备注行也会自动跳过。"},
      {"导入方式", "",
       "系统先检查整个文件，列出每一个有问题的行、列和原因。可选择“全部正确才导入”（有一行错就都不导入）或“只导入正确的行”；"
       "不会出现只导入一半的情况。同一人（身份证号相同）在文件中或系统中已存在时，该行不导入。"},
      {"文件格式", "", "XLSX，或 CSV（UTF-8 或 Excel 默认的 GBK 编码均可）。网页上传单个文件约 1 MB（约 5000 行）以内；更大的文件请联系省级管理员用命令行导入。"},
  };
  t.widths = {12, 10, 100};
  return t;
}

Table enterprise_template() {
  Table t;
  t.sheet_name = "家政企业";
  t.header = {"统一社会信用代码", "企业名称", "所在县区", "经营模式", "龙头企业", "服务工种", "地址"};
  // The example codes are not real but pass the check; the import skips the rows by the 示例 in their name.
  t.rows = {{example_uscc("91620102MA7XXXXXX"), "兰州某某家政服务有限公司（示例，导入前请删除）", "620102", "员工制", "是",
             "家政服务员;养老护理员", "兰州市城关区示例路 1 号"},
            {example_uscc("91620502MA7XXXXXX"), "天水某某家政服务有限公司（示例，导入前请删除）", "秦州区", "中介制", "否",
             "母婴护理员（月嫂）", ""}};
  t.text_columns = {0, 2};
  t.widths = {22, 40, 12, 10, 8, 30, 30};
  return t;
}

Table enterprise_template_notes(const std::vector<OccupationName>& occupations) {
  const std::string occ = occupation_list(occupations);
  Table t = notes_table();
  t.rows = {
      {"统一社会信用代码", "必填",
       "18 位代码（GB 32100）。只有校验位不符的代码照常登记，但标记为待人工审核；其他错误的代码不导入。"
       "同一代码在文件中重复或系统中已登记时，该行不导入。"},
      {"企业名称", "必填", "营业执照上的名称，100 字以内。"},
      {"所在县区", "必填", "县区代码（6 位，如 620102）或县区名称（如 城关区、天水市秦州区）。市州工作人员只能导入本市州的企业。"},
      {"经营模式", "必填", "员工制 / 中介制 / 混合。"},
      {"龙头企业", "选填", "是 / 否，默认否。"},
      {"服务工种", "选填", "工种名称或代码，多个用分号或顿号分隔。可填工种：" + occ + "。"},
      {"地址", "选填", "经营地址。"},
      {"", "", ""},
      {"导入前", "", "两行示例的企业名称带“示例”二字，导入时自动跳过（报告中会列出），删除或保留均可。表头上方可以保留标题行，表格下方的合计、备注行也会自动跳过。"},
      {"导入方式", "",
       "系统先检查整个文件，列出每一个有问题的行、列和原因。可选择“全部正确才导入”或“只导入正确的行”；不会出现只导入一半的情况。"
       "导入的企业进入诚信平台入库申请（待审核）。"},
      {"文件格式", "", "XLSX，或 CSV（UTF-8 或 Excel 默认的 GBK 编码均可）。"},
  };
  t.widths = {16, 10, 100};
  return t;
}

Result<WorkerExport> export_workers(db::Connection& conn, const security::Principal& p, WorkerFilter f,
                                    const security::FieldCipher& cipher, const reference::DivisionCatalog& catalog,
                                    bool unmasked, size_t max_rows) {
  if (!f.q.empty()) {
    auto c = check_id_number(f.q, today_beijing());
    if (c.valid) f.id_number_bidx = cipher.blind_index(c.info.normalized, "workers.id_number");
  }
  std::map<std::string, std::string> occupation_zh;
  for (const auto& o : occupation_names(conn)) occupation_zh[o.code] = o.name_zh;
  ScopeFilter scope = worker_scope_filter(p);

  WorkerExport out;
  out.unmasked = unmasked;
  Table& t = out.table;
  t.sheet_name = "家政服务员";
  // Masked files show the birth year only (docs/api.md, "Masks"); the unmasked file has the full number anyway.
  t.header = {"编号", "姓名", "身份证号", "手机号", "性别", unmasked ? "出生日期" : "出生年份", "现居住地", "县区名称", "工种", "家庭情况",
              "住家", "每周工时", "期望工资", "就业意向", "意向城市", "劳务品牌", "所属企业", "实名认证", "登记时间"};
  t.text_columns = {0, 2, 3, 6};
  t.widths = {14, 10, 22, 14, 6, 12, 10, 18, 30, 24, 6, 10, 10, 10, 14, 12, 28, 10, 24};
  constexpr int kPageSize = 5000;
  for (int page = 1;; ++page) {
    auto chunk = worker_store::list_workers(conn, f, scope, Page{page, kPageSize});
    if (page == 1 && static_cast<size_t>(chunk.total) > max_rows)
      return make_error("export_too_large", "", std::to_string(max_rows));
    for (const auto& w : chunk.items) {
      std::string id_number = w.id_number_mask, phone = w.phone_mask.value_or("");
      if (unmasked) {
        auto secrets = worker_store::load_secrets(conn, w.id);
        if (!secrets) return make_error("not_found");
        auto id = cipher.decrypt(secrets->id_number_enc, "workers.id_number");
        if (!id) return id.error();
        id_number = *id;
        if (secrets->phone_enc) {
          auto ph = cipher.decrypt(*secrets->phone_enc, "workers.phone");
          if (!ph) return ph.error();
          phone = *ph;
        }
      }
      std::string occ, flags;
      for (const auto& [code, level] : w.occupations) {
        auto it = occupation_zh.find(code);
        occ += fmt::format("{}{}:{}", occ.empty() ? "" : ";", it == occupation_zh.end() ? code : it->second,
                           level_name(level));
      }
      for (const auto& fl : w.flags) {
        auto it = flag_names_zh().find(fl);
        flags += (flags.empty() ? "" : "、") + (it == flag_names_zh().end() ? fl : it->second);
      }
      t.rows.push_back({w.public_id, w.name, id_number, phone, w.gender == "M" ? "男" : "女",
                        unmasked ? w.birth_date : w.birth_date.substr(0, 4),
                        w.current_division_code, catalog.describe_region(w.current_division_code), occ, flags,
                        w.live_in ? "是" : "否", std::to_string(w.hours_per_week), std::to_string(w.expected_wage),
                        scope_name(w.work_scope), w.preferred_cities, w.labour_brand_name, w.enterprise_name,
                        w.identity_status == "verified" ? "已认证" : "未认证", w.created_at});
    }
    if (chunk.items.size() < static_cast<size_t>(kPageSize)) break;
  }
  out.rows = static_cast<int64_t>(t.rows.size());
  return out;
}

}  // namespace jz::registry
