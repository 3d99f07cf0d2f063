#include "registry/import.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <future>
#include <map>
#include <set>
#include <span>
#include <thread>
#include <unordered_map>

#include "common/error_catalog.hpp"
#include "common/free_text.hpp"
#include "common/text.hpp"
#include "common/time.hpp"
#include "common/uscc.hpp"
#include "registry/import_store.hpp"
#include "registry/store.hpp"
#include "registry/worker_input.hpp"
#include "security/masking.hpp"
#include "security/random.hpp"

namespace jz::registry {
namespace {

namespace json = boost::json;

// Field indexes into worker_columns(), in the template's order.
enum Field : int {
  kName,
  kIdNumber,
  kPhone,
  kDivision,
  kOccupations,
  kFlags,
  kLiveIn,
  kHours,
  kWage,
  kWorkScope,
  kCities,
  kBrand,
  kFieldCount
};

const std::array<ColumnSpec, kFieldCount> kWorkerColumns{
    ColumnSpec{"name", {"姓名", "名字", "员工姓名", "name"}, true},
    ColumnSpec{"id_number", {"身份证号", "身份证号码", "公民身份号码", "身份证", "证件号码", "id_number"}, true},
    ColumnSpec{"phone", {"手机号", "手机号码", "联系电话", "联系方式", "电话", "phone", "mobile"}, false},
    ColumnSpec{"current_division_code",
               {"现居住地", "所在县区", "区划代码", "现居住地代码", "现居住地区划代码", "行政区划代码", "县区",
                "current_division_code", "division_code"},
               false},
    ColumnSpec{"occupations", {"工种", "工种及等级", "从事工种", "职业工种", "occupations"}, false},
    ColumnSpec{"flags", {"家庭情况", "人员类别", "人员类型", "flags"}, false},
    ColumnSpec{"live_in", {"住家", "是否住家", "live_in"}, false},
    ColumnSpec{"hours_per_week", {"每周工时", "每周工作小时", "hours_per_week"}, false},
    ColumnSpec{"expected_wage", {"期望工资", "期望月薪", "期望薪资", "expected_wage"}, false},
    ColumnSpec{"work_scope", {"就业意向", "就业范围", "work_scope"}, false},
    ColumnSpec{"preferred_cities", {"意向城市", "preferred_cities"}, false},
    ColumnSpec{"labour_brand", {"劳务品牌", "labour_brand"}, false},
};

int field_index(std::string_view field) {
  for (int k = 0; k < kFieldCount; ++k)
    if (kWorkerColumns[static_cast<size_t>(k)].field == field) return k;
  return -1;
}

std::string lower_ascii(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Items of a list cell: split on ; , | 、 and their full-width forms (folded first), trimmed, empties dropped.
std::vector<std::string> split_items(std::string_view cell) {
  std::string s = normalize_halfwidth(cell);
  std::vector<std::string> out;
  size_t start = 0;
  auto flush = [&](size_t end) {
    std::string item(trim_ascii(std::string_view(s).substr(start, end - start)));
    if (!item.empty()) out.push_back(std::move(item));
  };
  for (size_t i = 0; i < s.size();) {
    if (s[i] == ';' || s[i] == ',' || s[i] == '|') {
      flush(i);
      start = ++i;
    } else if (s.compare(i, 3, "、") == 0) {
      flush(i);
      i += 3;
      start = i;
    } else {
      ++i;
    }
  }
  flush(s.size());
  return out;
}

// Skill level words: 初级/中级/高级/技师, and the national qualification grades 五级 … 二级 they correspond to.
std::optional<int> level_of(std::string_view s) {
  static const std::map<std::string_view, int> kLevels{
      {"初级", 1}, {"中级", 2}, {"高级", 3}, {"技师", 4}, {"五级", 1}, {"四级", 2}, {"三级", 3}, {"二级", 4},
      {"初级工", 1}, {"中级工", 2}, {"高级工", 3}, {"1", 1}, {"2", 2}, {"3", 3}, {"4", 4}};
  auto it = kLevels.find(s);
  return it == kLevels.end() ? std::nullopt : std::optional(it->second);
}

// Household flags as county offices write them, beyond the names validate_worker knows.
const std::map<std::string, std::string, std::less<>>& flag_aliases() {
  static const std::map<std::string, std::string, std::less<>> kAliases{
      {"脱贫户", "poverty_alleviated"},       {"脱贫人口", "poverty_alleviated"},
      {"脱贫劳动力", "poverty_alleviated"},   {"建档立卡户", "poverty_alleviated"},
      {"建档立卡", "poverty_alleviated"},     {"脱贫", "poverty_alleviated"},
      {"监测对象", "monitored"},              {"监测户", "monitored"},
      {"监测帮扶对象", "monitored"},          {"防返贫监测对象", "monitored"},
      {"易地搬迁", "relocated"},              {"易地扶贫搬迁", "relocated"},
      {"易地搬迁户", "relocated"},            {"搬迁户", "relocated"},
      {"农村进城务工人员", "rural_migrant"},  {"农村进城务工", "rural_migrant"},
      {"进城务工人员", "rural_migrant"},      {"农民工", "rural_migrant"},
      {"新成长劳动力", "new_entrant"},        {"高校毕业生", "graduate"},
      {"大学毕业生", "graduate"},             {"应届高校毕业生", "graduate"}};
  return kAliases;
}

// Turns the cells of one row into WorkerInput text the validator accepts, translating the names people
// write (工种 and 家庭情况 in Chinese, county names) into codes. Built once per import; read-only after.
class RowMapper {
 public:
  RowMapper(const std::vector<OccupationName>& occupations, const reference::DivisionCatalog& catalog) {
    for (const auto& o : occupations) {
      add_occupation(o.code, o.code);
      add_occupation(o.name_zh, o.code);
      add_occupation(o.name_en, o.code);
      // "母婴护理员（月嫂）" is also written "母婴护理员" or "月嫂".
      std::string folded = normalize_halfwidth(o.name_zh);
      if (auto open = folded.find('('); open != std::string::npos) {
        add_occupation(folded.substr(0, open), o.code);
        auto close = folded.find(')', open);
        if (close != std::string::npos && close > open + 1) add_occupation(folded.substr(open + 1, close - open - 1), o.code);
      }
    }
    // The names people write for the occupations (保姆, 护工, 育儿嫂 …); an official name above wins.
    static const std::pair<const char*, const char*> kCommonNames[] = {
        {"保姆", "housekeeping"},         {"住家保姆", "housekeeping"},     {"钟点工", "housekeeping"},
        {"小时工", "housekeeping"},       {"保洁", "housekeeping"},         {"保洁员", "housekeeping"},
        {"家政员", "housekeeping"},       {"家政服务员", "housekeeping"},   {"月嫂", "maternity_care"},
        {"母婴护理", "maternity_care"},   {"母婴护理师", "maternity_care"}, {"育儿嫂", "infant_care"},
        {"育婴师", "infant_care"},        {"护工", "patient_escort"},       {"陪护", "patient_escort"},
        {"医疗护理员", "patient_escort"}, {"养老护理", "elderly_care"},     {"护老", "elderly_care"},
        {"老人陪护", "elderly_care"},     {"厨嫂", "home_cooking"},         {"做饭阿姨", "home_cooking"},
        {"家庭厨师", "home_cooking"},     {"收纳师", "organizing"},         {"整理收纳师", "organizing"},
        {"开荒保洁", "deep_cleaning"},    {"深度保洁", "deep_cleaning"},    {"家电清洗工", "appliance_cleaning"},
        {"家电维修", "appliance_repair"}, {"洗衣工", "laundry_care"}};
    std::set<std::string> known;
    for (const auto& o : occupations) known.insert(o.code);
    for (const auto& [name, code] : kCommonNames)
      if (known.count(code)) add_occupation(name, code);
    std::map<std::string, std::vector<std::string>> by_name;
    for (const auto* d : catalog.counties()) {
      if (d->code.rfind("62", 0) != 0) continue;
      const reference::Division* pref = catalog.find(d->parent_code);
      by_name[d->name].push_back(d->code);
      counties_[d->name] = d->code;
      if (pref) {
        counties_[pref->name + d->name] = d->code;
        prefectures_[pref->name].push_back(d->code);
        prefecture_names_[d->code] = pref->name + d->name;
      }
    }
    for (const auto& [name, codes] : by_name)
      if (codes.size() > 1) {
        counties_.erase(name);  // a bare name two 市州 share is ambiguous: the row must say which
        ambiguous_[name] = codes;
      }
  }

  std::string occupations(std::string_view cell) const {
    std::string out;
    for (auto& item : split_items(cell)) {
      std::string name = item, level;
      if (auto colon = item.rfind(':'); colon != std::string::npos) {
        name = std::string(trim_ascii(item.substr(0, colon)));
        level = std::string(trim_ascii(item.substr(colon + 1)));
      } else if (ends_with(item, ")")) {
        // "养老护理员(中级)": a trailing bracket that names a level.
        auto open = item.rfind('(');
        if (open != std::string::npos) {
          std::string inner = item.substr(open + 1, item.size() - open - 2);
          if (level_of(inner)) {
            name = std::string(trim_ascii(item.substr(0, open)));
            level = inner;
          }
        }
      }
      auto it = occupations_.find(lower_ascii(name));
      std::string code = it == occupations_.end() ? name : it->second;
      if (auto l = level_of(level)) level = std::to_string(*l);
      if (!out.empty()) out += ';';
      out += level.empty() ? code : code + ":" + level;
    }
    return out;
  }

  static std::string flags(std::string_view cell) {
    std::string out;
    for (const auto& item : split_items(cell)) {
      if (item == "无" || item == "否" || item == "-" || item == "/" || item == "—") continue;
      auto it = flag_aliases().find(item);
      if (!out.empty()) out += ';';
      out += it == flag_aliases().end() ? item : it->second;
    }
    return out;
  }

  // A residence cell: a code, a county name ("城关区", "兰州市城关区", "甘肃省兰州市城关区"), or a 市州 name
  // ("兰州市"), which names no county by itself: then the county of the ID number when it lies in that 市州, the
  // only county of a 市州 that has one (嘉峪关市), or else `candidates` to report.
  struct Division {
    std::string code;                     // what the validator gets ("" → the ID number's county)
    std::string repair;                   // set when a 市州 name was resolved
    std::vector<std::string> candidates;  // set when the name is ambiguous
  };
  Division division(std::string_view cell, std::string_view id_raw) const {
    std::string s = normalize_input(cell);
    if (s.empty() || all_digits(s)) return {s, "", {}};
    for (std::string_view prefix : {"甘肃省", "甘肃"})
      if (s.size() > prefix.size() && s.starts_with(prefix)) s = s.substr(prefix.size());
    if (auto it = counties_.find(s); it != counties_.end()) return {it->second, "", {}};
    if (auto it = ambiguous_.find(s); it != ambiguous_.end()) return {"", "", it->second};
    auto p = prefectures_.find(s);
    if (p == prefectures_.end()) return {s, "", {}};
    if (p->second.size() == 1) return {p->second.front(), "current_division_code: 市州 name → its only county", {}};
    std::string id;
    for (char c : normalize_input(id_raw))
      if (c >= '0' && c <= '9') id += c;
    if (id.size() >= 6 && std::find(p->second.begin(), p->second.end(), id.substr(0, 6)) != p->second.end())
      return {id.substr(0, 6), "current_division_code: 市州 name → county of the ID number", {}};
    return {"", "", p->second};
  }
  // "620102 兰州市城关区、620103 兰州市七里河区 … 等 8 个" for a report.
  std::string describe(const std::vector<std::string>& codes) const {
    std::string out;
    for (size_t i = 0; i < codes.size() && i < 6; ++i) {
      auto it = prefecture_names_.find(codes[i]);
      out += (i ? "、" : "") + (it == prefecture_names_.end() ? codes[i] : codes[i] + " " + it->second);
    }
    if (codes.size() > 6) out += fmt::format(" 等 {} 个", codes.size());
    return out;
  }

 private:
  void add_occupation(const std::string& key, const std::string& code) {
    std::string k = lower_ascii(std::string(trim_ascii(normalize_halfwidth(key))));
    if (!k.empty()) occupations_.emplace(std::move(k), code);
  }
  std::unordered_map<std::string, std::string> occupations_;
  std::unordered_map<std::string, std::string> counties_;
  std::unordered_map<std::string, std::vector<std::string>> prefectures_;  // 市州 name → its county codes
  std::unordered_map<std::string, std::vector<std::string>> ambiguous_;    // county name → codes sharing it
  std::unordered_map<std::string, std::string> prefecture_names_;          // county code → "兰州市城关区"
};

std::string live_in_text(std::string_view cell) {
  std::string s = normalize_input(cell);
  if (s == "住家") return "1";
  if (s == "不住家" || s == "非住家") return "0";
  return s;
}

std::string scope_text(std::string_view cell) {
  std::string s = normalize_input(cell);
  for (std::string_view suffix : {"就业", "务工"})
    if (ends_with(s, suffix) && s.size() > suffix.size()) s.resize(s.size() - suffix.size());
  return s;
}

// "4,500元/月" → "4500"; `repaired` tells whether a thousands separator was dropped.
std::string wage_text(std::string_view cell, bool& repaired) {
  std::string s = normalize_input(cell);
  for (std::string_view suffix : {"元/月", "元每月", "/月", "元"})
    if (ends_with(s, suffix)) {
      s.resize(s.size() - suffix.size());
      break;
    }
  s = std::string(trim_ascii(s));
  // 1,234 or 12,345,678: a group of one to three digits, then groups of exactly three.
  if (s.find(',') != std::string::npos) {
    std::string digits;
    bool grouped = true;
    size_t start = 0, part = 0;
    for (;;) {
      size_t comma = s.find(',', start);
      std::string_view group = std::string_view(s).substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      grouped = grouped && all_digits(group) && (part == 0 ? group.size() <= 3 : group.size() == 3);
      digits += group;
      ++part;
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    if (grouped) {
      repaired = true;
      return digits;
    }
  }
  return s;
}

std::string mask_value(int field, std::string_view raw) {
  std::string v = normalize_input(raw);
  if (field == kIdNumber) return security::mask_id_number(v);
  if (field == kPhone) return security::mask_phone(v);
  if (field == kName) return security::mask_name(v);
  // Not personal data; cut long cells on a character boundary.
  if (v.size() > 60) {
    size_t cut = 60;
    while (cut > 0 && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) --cut;
    v = v.substr(0, cut) + "…";
  }
  return v;
}

// What one data row became.
struct RowOutcome {
  int64_t row = 0;  // 1-based
  std::optional<ValidatedWorker> worker;
  db::Blob bidx;
  std::vector<ImportProblem> problems;
  std::vector<ImportRepair> repairs;
};

struct Context {
  const Sheet& sheet;
  const HeaderMap& header;
  std::array<int, kFieldCount> column_of{};  // field → column index, or -1
  const RowMapper& mapper;
  const ReferenceSets& refs;
  const security::FieldCipher& cipher;
  const ImportOptions& opts;

  std::string_view cell(size_t r, int field) const {
    int c = column_of[static_cast<size_t>(field)];
    if (c < 0) return {};
    const auto& row = sheet.rows[r];
    return static_cast<size_t>(c) < row.size() ? std::string_view(row[static_cast<size_t>(c)]) : std::string_view();
  }
  std::string column_name(int field) const {
    if (field < 0) return {};
    int c = column_of[static_cast<size_t>(field)];
    return c < 0 ? std::string(kWorkerColumns[static_cast<size_t>(field)].field) : header.header_text[static_cast<size_t>(c)];
  }
  ImportProblem problem(size_t r, int field, std::string_view field_name, std::string code, std::string detail) const {
    ImportProblem p;
    p.row = static_cast<int64_t>(r) + 1;
    p.field = std::string(field_name);
    p.column = field >= 0 ? column_name(field) : std::string(field_name);
    if (field >= 0 && column_of[static_cast<size_t>(field)] >= 0)
      p.column_letter = column_letter(static_cast<size_t>(column_of[static_cast<size_t>(field)]));
    p.code = std::move(code);
    p.detail = std::move(detail);
    if (field >= 0) p.value_masked = mask_value(field, cell(r, field));
    return p;
  }
};

bool blank_row(const std::vector<std::string>& row) {
  return std::all_of(row.begin(), row.end(), [](const std::string& c) { return trim_ascii(normalize_halfwidth(c)).empty(); });
}

constexpr size_t kPreviewRows = 5;

// A report's opening: where the header was, what was skipped and ignored, and the first rows as read, each cell
// through `show` (field index, raw cell).
template <class Show>
ImportReport begin_report(const Sheet& sheet, const ImportOptions& opts, const HeaderMap& header, Show show) {
  ImportReport report;
  report.format = sheet.format;
  report.encoding = sheet.encoding;
  report.mode = opts.mode;
  report.dry_run = opts.dry_run;
  report.header_row = static_cast<int64_t>(header.header_row) + 1;
  for (size_t s : header.skipped_rows) report.skipped_rows.push_back(static_cast<int64_t>(s) + 1);
  report.ignored_columns = header.unknown_columns;
  std::vector<size_t> columns;
  for (size_t c = 0; c < header.field_of_column.size(); ++c)
    if (header.field_of_column[c] >= 0) {
      columns.push_back(c);
      report.preview_header.push_back(header.header_text[c]);
    }
  for (size_t r = header.header_row + 1; r < sheet.rows.size() && report.preview_rows.size() < kPreviewRows; ++r) {
    const auto& row = sheet.rows[r];
    if (blank_row(row)) continue;
    std::vector<std::string> cells;
    for (size_t c : columns) cells.push_back(show(header.field_of_column[c], c < row.size() ? row[c] : std::string()));
    report.preview_rows.emplace_back(static_cast<int64_t>(r) + 1, std::move(cells));
  }
  return report;
}

// A non-blank row below the header that is not a record: the template's example rows (their name says 示例);
// a footer — a total or signature line ("合计：14人", "制表人：…") — or a note (a 备注/说明 line naming nobody, or
// text only in columns the header does not name). A row with a run of 15+ digits (an ID number) is always a
// record. nullopt for a data row. `known` are the columns the header named; `name_col` the name column (or -1).
std::optional<ImportSkip> skip_reason(const std::vector<std::string>& row, int64_t row_number,
                                      const std::vector<int>& known, int name_col) {
  // Words are matched on the folded text ("合计：" and "合计:" alike); the report quotes the cell as written.
  auto text = [&](size_t c) { return std::string(trim_ascii(normalize_halfwidth(row[c]))); };
  auto quote = [&](size_t c) { return truncate_utf8(trim_ascii(row[c]), 60); };
  ImportSkip skip{row_number, "", ""};
  for (size_t c = 0; c < row.size() && skip.text.empty(); ++c) skip.text = quote(c);
  if (name_col >= 0 && static_cast<size_t>(name_col) < row.size() &&
      text(static_cast<size_t>(name_col)).find("示例") != std::string::npos) {
    skip.reason = "example";
    return skip;
  }
  bool long_number = false;
  for (size_t c = 0; c < row.size() && !long_number; ++c) {
    size_t run = 0;
    for (char ch : row[c]) {
      run = ch >= '0' && ch <= '9' ? run + 1 : 0;
      if (run >= 15) long_number = true;
    }
  }
  if (long_number) return std::nullopt;  // an ID number (or a USCC's digits): a record, whatever else it says
  static constexpr std::string_view kFooterWords[] = {"合计", "总计", "小计", "共计", "制表", "填表",
                                                      "审核", "负责人", "经办人"};
  static constexpr std::string_view kNoteWords[] = {"备注", "说明", "注:"};
  auto starts = [&](std::span<const std::string_view> words) -> std::optional<size_t> {
    for (size_t c = 0; c < row.size(); ++c) {
      std::string t = text(c);
      for (auto w : words)
        if (t.starts_with(w)) return c;
    }
    return std::nullopt;
  };
  if (auto c = starts(kFooterWords)) {
    skip.reason = "footer";
    skip.text = quote(*c);
    return skip;
  }
  bool known_blank = std::all_of(known.begin(), known.end(), [&](int c) {
    return c < 0 || static_cast<size_t>(c) >= row.size() || text(static_cast<size_t>(c)).empty();
  });
  const bool no_name = name_col < 0 || static_cast<size_t>(name_col) >= row.size() ||
                       text(static_cast<size_t>(name_col)).empty();
  // A note: text only where the header names nothing, or a 备注/说明 line on a row that names nobody.
  if (auto c = starts(kNoteWords); known_blank || (c && no_name)) {
    skip.reason = "note";
    if (c) skip.text = quote(*c);
    return skip;
  }
  return std::nullopt;
}

std::vector<int> named_columns(const HeaderMap& h) {
  std::vector<int> out;
  for (size_t c = 0; c < h.field_of_column.size(); ++c)
    if (h.field_of_column[c] >= 0) out.push_back(static_cast<int>(c));
  return out;
}

RowOutcome process_row(const Context& ctx, size_t r) {
  RowOutcome out;
  out.row = static_cast<int64_t>(r) + 1;
  WorkerInput in;
  in.name = std::string(ctx.cell(r, kName));
  std::string id_raw(ctx.cell(r, kIdNumber));
  bool scientific = is_scientific_notation(id_raw);
  if (scientific) {
    out.problems.push_back(ctx.problem(r, kIdNumber, "id_number", "id_number_scientific", "excel_scientific_notation"));
  } else {
    in.id_number = id_raw;
  }
  in.phone = std::string(ctx.cell(r, kPhone));
  auto residence = ctx.mapper.division(ctx.cell(r, kDivision), id_raw);
  in.current_division_code = residence.code;
  if (!residence.repair.empty())
    out.repairs.push_back({out.row, ctx.column_name(kDivision), "current_division_code", residence.repair});
  if (!residence.candidates.empty())
    out.problems.push_back(ctx.problem(r, kDivision, "current_division_code", "ambiguous_division",
                                       ctx.mapper.describe(residence.candidates)));
  in.occupations = ctx.mapper.occupations(ctx.cell(r, kOccupations));
  in.flags = RowMapper::flags(ctx.cell(r, kFlags));
  in.live_in = live_in_text(ctx.cell(r, kLiveIn));
  in.hours_per_week = std::string(ctx.cell(r, kHours));
  bool wage_repaired = false;
  in.expected_wage = wage_text(ctx.cell(r, kWage), wage_repaired);
  if (wage_repaired)
    out.repairs.push_back({out.row, ctx.column_name(kWage), "expected_wage", "expected_wage: thousands separator"});
  in.work_scope = scope_text(ctx.cell(r, kWorkScope));
  in.preferred_cities = std::string(ctx.cell(r, kCities));
  in.labour_brand = std::string(ctx.cell(r, kBrand));
  in.enterprise_id = ctx.opts.scope.enterprise_id;

  auto result = validate_worker(in, ctx.refs);
  if (auto* problems = std::get_if<std::vector<FieldProblem>>(&result)) {
    for (const auto& fp : *problems) {
      // An ID cell in scientific notation is already reported, and the validator only sees it empty.
      if (scientific && fp.field == "id_number") continue;
      std::string code = fp.code, detail = fp.detail;
      // Excel showing an 18-digit number with 15 significant digits: "620102199003071000".
      if (code == "invalid_id_number" && detail == "bad_checksum") {
        std::string digits = normalize_input(id_raw);
        if (digits.size() == 18 && all_digits(digits) && ends_with(digits, "000")) {
          code = "id_number_scientific";
          detail = "trailing_zeros";
        }
      }
      int f = field_index(fp.field);
      out.problems.push_back(ctx.problem(r, f, fp.field, std::move(code), std::move(detail)));
    }
    return out;
  }
  if (!out.problems.empty()) return out;
  auto& w = std::get<ValidatedWorker>(result);
  for (const auto& rep : w.repairs) {
    if (rep == "current_division_code: native county") continue;  // a default, not a repair of the file
    std::string field = rep.substr(0, rep.find(':'));
    out.repairs.push_back({out.row, ctx.column_name(field_index(field)), field, rep});
  }
  // City officers import only into their own 市州.
  if (!ctx.opts.scope.prefecture.empty() && w.prefecture_code != ctx.opts.scope.prefecture) {
    out.problems.push_back(ctx.problem(r, kDivision, "current_division_code", "out_of_scope", w.prefecture_code));
    return out;
  }
  out.bidx = ctx.cipher.blind_index(w.id_number, "workers.id_number");
  out.worker = std::move(w);
  return out;
}

// Values echoed back from the file are cut: a report must not carry a 4 MB cell back to the browser.
constexpr size_t kEchoChars = 200;

std::string echo(std::string_view v) { return truncate_utf8(v, kEchoChars); }

json::object problem_json(const ImportProblem& p, Lang lang) {
  return json::object{{"row", p.row},
                      {"column", echo(p.column)},
                      {"column_letter", p.column_letter},
                      {"field", p.field},
                      {"code", p.code},
                      {"detail", echo(p.detail)},
                      {"message", error_message(make_error(p.code, echo(p.column), echo(p.detail)), lang)},
                      {"value_masked", echo(p.value_masked)}};
}

std::string skip_message(const std::string& reason, Lang lang) {
  bool en = lang == Lang::en;
  if (reason == "example") return en ? "Example row of the template: skipped" : "模板示例行，已跳过";
  if (reason == "footer") return en ? "Total or signature line: skipped" : "合计或签名行，已跳过";
  return en ? "A note (备注/说明, or text only in columns the header does not name): skipped" : "备注或说明行（或只在未识别的列中有内容），已跳过";
}

// Steps both importers share, and the worker importer's own.

// The file as the audit names it: its format, and a CSV's encoding.
std::string import_source(const Sheet& sheet) {
  return fmt::format("{} {}", format_name(sheet.format),
                     sheet.format == SheetFormat::csv ? encoding_name(sheet.encoding) : "");
}

// Field → column index (-1 where the header names none).
template <size_t N>
void map_columns(const HeaderMap& header, std::array<int, N>& column_of) {
  column_of.fill(-1);
  for (size_t c = 0; c < header.field_of_column.size(); ++c)
    if (int f = header.field_of_column[c]; f >= 0) column_of[static_cast<size_t>(f)] = static_cast<int>(c);
}

// The records below the header: blank rows are passed over, examples, footers and notes go to report.skipped.
std::vector<size_t> data_rows(const Sheet& sheet, const HeaderMap& header, int name_col,
                              ImportReport& report) {
  std::vector<size_t> rows;
  const auto known = named_columns(header);
  for (size_t r = header.header_row + 1; r < sheet.rows.size(); ++r) {
    if (blank_row(sheet.rows[r])) continue;
    if (auto skip = skip_reason(sheet.rows[r], static_cast<int64_t>(r) + 1, known, name_col))
      report.skipped.push_back(std::move(*skip));
    else
      rows.push_back(r);
  }
  return rows;
}

// The same key twice in the file: the first row stands; a later one gets `problem(its row, the first row)`
// and loses its record.
template <class Outcome, class Record, class Problem>
void refuse_repeats(std::vector<Outcome>& outcomes, std::optional<Record> Outcome::*record,
                    std::string Record::*key, Problem problem) {
  std::unordered_map<std::string, int64_t> first_row;
  first_row.reserve(outcomes.size());
  for (auto& o : outcomes) {
    auto& rec = o.*record;
    if (!rec) continue;
    auto [it, inserted] = first_row.emplace((*rec).*key, o.row);
    if (!inserted) {
      o.problems.push_back(problem(o.row, it->second));
      rec.reset();
    }
  }
}

// Rows that lost their record.
template <class Outcome, class Record>
int64_t count_refused(const std::vector<Outcome>& outcomes, std::optional<Record> Outcome::*record) {
  return static_cast<int64_t>(
      std::count_if(outcomes.begin(), outcomes.end(), [&](const Outcome& o) { return !(o.*record); }));
}

// An import that writes nothing (a dry run, or one refused): the read transaction ends, and the check is
// audited as `<object>.import_check` or `<object>.import_refused` in a write transaction of its own.
ImportReport finish_unwritten(db::Connection& conn, db::Transaction& tx, const std::string& object,
                              const ImportOptions& opts, const std::string& source, ImportReport report,
                              const WorkerImporter::AuditFn& audit) {
  security::AuditEntry entry;
  entry.object_type = object;
  entry.action = object + (opts.dry_run ? ".import_check" : ".import_refused");
  entry.summary = fmt::format("{} {} rows ({}, {}): {} good, {} bad; nothing written",
                              opts.dry_run ? "checked" : "refused", report.total_rows,
                              import_mode_name(opts.mode), source, report.good_rows, report.bad_rows);
  tx.commit();  // a read transaction, or a write one that wrote nothing
  if (audit) {
    db::Transaction atx(conn, true);
    audit(conn, entry);
    atx.commit();
  }
  return report;
}

// Every row through the validator, on `opts.threads` threads (1 for a small file) over contiguous slices.
std::vector<RowOutcome> validate_rows(const Context& ctx, const std::vector<size_t>& rows,
                                      const ImportOptions& opts) {
  const auto total = static_cast<int64_t>(rows.size());
  std::vector<RowOutcome> outcomes(rows.size());
  std::atomic<int64_t> validated{0};
  auto validate_slice = [&](size_t begin, size_t end, bool reports) {
    for (size_t i = begin; i < end; ++i) {
      outcomes[i] = process_row(ctx, rows[i]);
      int64_t done = validated.fetch_add(1, std::memory_order_relaxed) + 1;
      if (reports && opts.progress && (i - begin) % 20000 == 19999) opts.progress("validating", done, total);
    }
  };
  int threads = std::clamp(opts.threads, 1, 16);
  if (rows.size() < 2000) threads = 1;
  {
    std::vector<std::thread> pool;
    size_t per = (rows.size() + static_cast<size_t>(threads) - 1) / static_cast<size_t>(threads);
    for (int t = 1; t < threads; ++t) {
      size_t b = std::min(rows.size(), per * static_cast<size_t>(t)), e = std::min(rows.size(), b + per);
      pool.emplace_back(validate_slice, b, e, false);
    }
    validate_slice(0, std::min(per, rows.size()), true);
    for (auto& th : pool) th.join();
  }
  if (opts.progress) opts.progress("validating", total, total);
  return outcomes;
}

// A person already registered: her row is refused (duplicate_person).
void refuse_registered(db::Connection& conn, const Context& ctx, std::vector<RowOutcome>& outcomes,
                       const ImportOptions& opts) {
  std::vector<size_t> idx;
  std::vector<db::Blob> keys;
  for (size_t i = 0; i < outcomes.size(); ++i)
    if (outcomes[i].worker) {
      idx.push_back(i);
      keys.push_back(outcomes[i].bidx);
    }
  if (opts.progress) opts.progress("checking", 0, static_cast<int64_t>(keys.size()));
  auto exists = WorkerBatchWriter::existing(conn, keys);
  for (size_t k = 0; k < idx.size(); ++k) {
    if (!exists[k]) continue;
    auto& o = outcomes[idx[k]];
    o.problems.push_back(
        ctx.problem(static_cast<size_t>(o.row - 1), kIdNumber, "id_number", "duplicate_person", ""));
    o.worker.reset();
  }
  if (opts.progress)
    opts.progress("checking", static_cast<int64_t>(keys.size()), static_cast<int64_t>(keys.size()));
}

// Writes the good rows, encrypting batch k+1 on another thread while batch k is inserted; their ids go to
// report.imported_ids in row order.
void write_workers(db::Connection& conn, WorkerBatchWriter& writer, const security::FieldCipher& cipher,
                   std::vector<RowOutcome>& outcomes, const ImportOptions& opts, ImportReport& report) {
  std::vector<size_t> good;  // positions in `outcomes`
  good.reserve(static_cast<size_t>(report.good_rows));
  for (size_t i = 0; i < outcomes.size(); ++i)
    if (outcomes[i].worker) good.push_back(i);
  // A big load into SQLite: secondary indexes are rebuilt once at the end, and rows go in ascending order of
  // the ID number's blind index (and public ids ascending too), so both unique indexes grow at their end
  // instead of taking a million random insertions.
  bool bulk = conn.dialect() == db::Dialect::sqlite && good.size() >= opts.bulk_rows;
  if (bulk) {
    writer.begin_bulk();
    std::sort(good.begin(), good.end(),
              [&](size_t a, size_t b) { return outcomes[a].bidx < outcomes[b].bidx; });
  }
  security::ensure_sodium();
  std::vector<std::string> public_ids(good.size());
  {
    std::vector<uint64_t> bits(good.size());
    randombytes_buf(bits.data(), bits.size() * sizeof(uint64_t));
    for (size_t i = 0; i < bits.size(); ++i) public_ids[i] = public_id_from_bits(bits[i]);
    if (bulk) std::sort(public_ids.begin(), public_ids.end());
  }
  constexpr size_t kBatch = 2048;
  auto encrypt_batch = [&](size_t begin) {
    size_t end = std::min(good.size(), begin + kBatch);
    std::vector<EncryptedWorker> out;
    out.reserve(end - begin);
    for (size_t i = begin; i < end; ++i) {
      auto& o = outcomes[good[i]];
      out.push_back(encrypt_worker(cipher, *o.worker, std::move(o.bidx), std::move(public_ids[i])));
    }
    return out;
  };
  std::string now = now_utc();
  std::vector<int64_t> new_id(outcomes.size(), 0);
  auto next = std::async(std::launch::async, encrypt_batch, size_t{0});
  for (size_t begin = 0; begin < good.size(); begin += kBatch) {
    auto batch = next.get();
    if (begin + kBatch < good.size()) next = std::async(std::launch::async, encrypt_batch, begin + kBatch);
    for (size_t i = 0; i < batch.size(); ++i)
      new_id[good[begin + i]] = writer.insert(*outcomes[good[begin + i]].worker, batch[i], now);
    if (opts.progress)
      opts.progress("writing", static_cast<int64_t>(begin + batch.size()), static_cast<int64_t>(good.size()));
  }
  if (bulk && opts.progress) opts.progress("indexing", 0, 1);
  for (size_t i = 0; i < outcomes.size(); ++i)
    if (outcomes[i].worker) report.imported_ids.push_back(new_id[i]);
  writer.finish();
  if (bulk && opts.progress) opts.progress("indexing", 1, 1);
  report.imported = static_cast<int64_t>(good.size());
  report.written = true;
}

}  // namespace

std::optional<ImportMode> parse_import_mode(std::string_view s) {
  if (s.empty() || s == "all_or_nothing") return ImportMode::all_or_nothing;
  if (s == "good_rows_only") return ImportMode::good_rows_only;
  return std::nullopt;
}

std::string_view import_mode_name(ImportMode m) {
  return m == ImportMode::all_or_nothing ? "all_or_nothing" : "good_rows_only";
}

std::span<const ColumnSpec> worker_columns() { return kWorkerColumns; }

json::object report_json(const ImportReport& r, Lang lang) {
  json::array skipped, ignored, repairs, problems;
  for (auto s : r.skipped_rows) skipped.push_back(s);
  for (const auto& c : r.ignored_columns) ignored.push_back(json::string(echo(c)));
  for (const auto& rep : r.repairs)
    repairs.push_back(json::object{{"row", rep.row}, {"column", echo(rep.column)}, {"field", rep.field}, {"what", echo(rep.what)}});
  json::array notes;
  for (const auto& sk : r.skipped)
    notes.push_back(json::object{{"row", sk.row}, {"reason", sk.reason}, {"message", skip_message(sk.reason, lang)},
                                 {"text", echo(sk.text)}});
  for (const auto& p : r.problems) problems.push_back(problem_json(p, lang));
  json::array held;
  for (const auto& h : r.held_for_review) held.push_back(problem_json(h, lang));
  json::array preview_header, preview_rows;
  for (const auto& h : r.preview_header) preview_header.push_back(json::string(echo(h)));
  for (const auto& [row, cells] : r.preview_rows) {
    json::array out;
    for (const auto& c : cells) out.push_back(json::string(echo(c)));
    preview_rows.push_back(json::object{{"row", row}, {"cells", std::move(out)}});
  }
  return json::object{{"format", format_name(r.format)},
                      {"encoding", encoding_name(r.encoding)},
                      {"mode", import_mode_name(r.mode)},
                      {"dry_run", r.dry_run},
                      {"header_row", r.header_row},
                      {"skipped_rows", std::move(skipped)},
                      {"skipped_notes", std::move(notes)},
                      {"ignored_columns", std::move(ignored)},
                      {"total_rows", r.total_rows},
                      {"good_rows", r.good_rows},
                      {"bad_rows", r.bad_rows},
                      {"imported", r.imported},
                      {"written", r.written},
                      {"repairs", std::move(repairs)},
                      {"problems", std::move(problems)},
                      {"held_for_review", std::move(held)},
                      {"preview", json::object{{"header", std::move(preview_header)}, {"rows", std::move(preview_rows)}}}};
}

Result<ImportReport> WorkerImporter::run(const Sheet& sheet, const ImportOptions& opts, const AuditFn& audit) const {
  auto header = find_header(sheet, kWorkerColumns);
  if (!header) return header.error();

  ImportReport report = begin_report(sheet, opts, *header, mask_value);

  ReferenceSets refs;
  std::vector<OccupationName> occupations;
  {
    auto conn = db_.acquire();
    refs = load_reference_sets(*conn, catalog_);
    occupations = occupation_names(*conn);
    if (opts.scope.enterprise_id) {
      auto pref = enterprise_prefecture(*conn, *opts.scope.enterprise_id);
      if (!pref) return make_error("unknown_enterprise", "enterprise_id", std::to_string(*opts.scope.enterprise_id));
      if (!opts.scope.prefecture.empty() && *pref != opts.scope.prefecture)
        return make_error("out_of_scope", "enterprise_id");
    }
  }
  RowMapper mapper(occupations, catalog_);

  Context ctx{sheet, *header, {}, mapper, refs, cipher_, opts};
  map_columns(*header, ctx.column_of);

  // ---- 1. Every row through the validator.
  const auto rows = data_rows(sheet, *header, ctx.column_of[kName], report);
  const int64_t total = static_cast<int64_t>(rows.size());
  report.total_rows = total;
  std::vector<RowOutcome> outcomes = validate_rows(ctx, rows, opts);

  // ---- 2. The same person twice in the file: the first row stands, later ones are reported.
  refuse_repeats(outcomes, &RowOutcome::worker, &ValidatedWorker::id_number, [&](int64_t row, int64_t first) {
    return ctx.problem(static_cast<size_t>(row - 1), kIdNumber, "id_number", "duplicate_in_file",
                       std::to_string(first));
  });

  // ---- 3. Against the database, inside the transaction that writes (so nobody registers the same person
  // between the check and the write). A dry run, or an all-or-nothing import already refused, only reads.
  bool may_write = !opts.dry_run && !(opts.mode == ImportMode::all_or_nothing &&
                                      count_refused(outcomes, &RowOutcome::worker) > 0);
  auto conn = db_.acquire();
  db::Transaction tx(*conn, may_write);
  std::optional<WorkerBatchWriter> writer;
  if (may_write) writer.emplace(*conn);  // on PostgreSQL: locks out other writers of workers first
  if (writer) writer->set_asserter(opts.asserter);
  refuse_registered(*conn, ctx, outcomes, opts);
  report.bad_rows = count_refused(outcomes, &RowOutcome::worker);
  report.good_rows = total - report.bad_rows;
  for (auto& o : outcomes) {
    for (auto& p : o.problems) report.problems.push_back(std::move(p));
    for (auto& rep : o.repairs) report.repairs.push_back(std::move(rep));
  }

  bool write = may_write && report.good_rows > 0 &&
               (opts.mode == ImportMode::good_rows_only || report.bad_rows == 0);
  if (!write) {
    writer.reset();
    return finish_unwritten(*conn, tx, "worker", opts, import_source(sheet), std::move(report), audit);
  }
  // ---- 4. Write the good rows.
  write_workers(*conn, *writer, cipher_, outcomes, opts, report);
  security::AuditEntry entry;
  entry.object_type = "worker";
  entry.sensitive = true;
  entry.action = "worker.import";
  entry.summary = fmt::format("imported {} of {} rows ({}, {}); {} bad rows", report.imported, total,
                              import_mode_name(opts.mode), import_source(sheet), report.bad_rows);
  if (audit) audit(*conn, entry);
  tx.commit();
  return report;
}

// ---- Enterprises ---------------------------------------------------------------------------------------

namespace {

enum EntField : int { kEUscc, kEName, kEDivision, kEModel, kELeading, kEOccupations, kEAddress, kEFieldCount };

const std::array<ColumnSpec, kEFieldCount> kEnterpriseColumns{
    ColumnSpec{"uscc", {"统一社会信用代码", "社会信用代码", "信用代码", "uscc"}, true},
    ColumnSpec{"name", {"企业名称", "单位名称", "名称", "name"}, true},
    ColumnSpec{"division_code", {"所在县区", "区划代码", "行政区划代码", "县区", "division_code"}, true},
    ColumnSpec{"model", {"经营模式", "类型", "企业类型", "model"}, true},
    ColumnSpec{"is_leading", {"龙头企业", "是否龙头企业", "is_leading"}, false},
    ColumnSpec{"occupations", {"服务工种", "工种", "occupations"}, false},
    ColumnSpec{"address", {"地址", "经营地址", "address"}, false},
};

// Free text: trimmed of ASCII and ideographic spaces (Chinese text keeps its full-width punctuation).
std::string ent_text(std::string_view raw) {
  return trim_text(raw);
}
bool ent_text_ok(const std::string& s, size_t max_chars) {
  return text_fits(s, max_chars);
}

std::optional<std::string> model_code(std::string_view cell) {
  std::string s = lower_ascii(normalize_input(cell));
  if (s == "employee_based" || s == "员工制" || s == "员工制企业") return "employee_based";
  if (s == "intermediary" || s == "中介制" || s == "中介制企业" || s == "中介") return "intermediary";
  if (s == "mixed" || s == "混合" || s == "混合制" || s == "混合型") return "mixed";
  return std::nullopt;
}

std::optional<bool> leading_flag(std::string_view cell) {
  std::string s = lower_ascii(normalize_input(cell));
  if (s.empty() || s == "否" || s == "0" || s == "false" || s == "no" || s == "n" || s == "不是") return false;
  if (s == "是" || s == "1" || s == "true" || s == "yes" || s == "y") return true;
  return std::nullopt;
}

struct EntContext {
  const Sheet& sheet;
  const HeaderMap& header;
  std::array<int, kEFieldCount> column_of{};

  std::string_view cell(size_t r, int field) const {
    int c = column_of[static_cast<size_t>(field)];
    if (c < 0) return {};
    const auto& row = sheet.rows[r];
    return static_cast<size_t>(c) < row.size() ? std::string_view(row[static_cast<size_t>(c)]) : std::string_view{};
  }
  ImportProblem problem(size_t r, int field, std::string code, std::string detail) const {
    ImportProblem p;
    p.row = static_cast<int64_t>(r) + 1;
    p.field = std::string(kEnterpriseColumns[static_cast<size_t>(field)].field);
    int c = column_of[static_cast<size_t>(field)];
    p.column = c >= 0 ? header.header_text[static_cast<size_t>(c)] : p.field;
    if (c >= 0) p.column_letter = column_letter(static_cast<size_t>(c));
    p.code = std::move(code);
    p.detail = std::move(detail);
    std::string v = normalize_input(cell(r, field));
    if (v.size() > 60) {
      size_t cut = 60;
      while (cut > 0 && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) --cut;
      v = v.substr(0, cut) + "…";
    }
    p.value_masked = std::move(v);  // enterprise data is public: nothing to mask
    return p;
  }
};

// What one enterprise row became.
struct EntOutcome {
  int64_t row = 0;
  std::vector<ImportProblem> problems;
  std::optional<ImportProblem> held;
  std::optional<Enterprise> enterprise;
};

// Reads row `r` into an enterprise, or the problems that keep it out.
EntOutcome read_enterprise_row(const EntContext& ctx, size_t r, const RowMapper& mapper,
                               const reference::DivisionCatalog& catalog,
                               const std::set<std::string>& known_occupations, const ImportOptions& opts) {
  EntOutcome o;
  o.row = static_cast<int64_t>(r) + 1;
  Enterprise e;
  // 统一社会信用代码
  std::string uscc_raw = normalize_input(ctx.cell(r, kEUscc));
  if (uscc_raw.empty()) {
    o.problems.push_back(ctx.problem(r, kEUscc, "missing_field", ""));
  } else {
    UsccCheck u = check_uscc(uscc_raw);
    if (!u.valid && u.reason != "bad_checksum") {
      o.problems.push_back(ctx.problem(r, kEUscc, "invalid_uscc", u.reason));
    } else {
      e.uscc = u.normalized;
      e.uscc_check_ok = u.checksum_ok;
      e.held_for_review = !u.checksum_ok;
      if (e.held_for_review) o.held = ctx.problem(r, kEUscc, "uscc_held_for_review", "bad_checksum");
    }
  }
  // 企业名称
  e.name = ent_text(ctx.cell(r, kEName));
  if (e.name.empty())
    o.problems.push_back(ctx.problem(r, kEName, "missing_field", ""));
  else if (!ent_text_ok(e.name, 100))
    o.problems.push_back(ctx.problem(r, kEName, "invalid_field", "at most 100 characters"));
  // 所在县区: a code or a county name
  auto place = mapper.division(ctx.cell(r, kEDivision), "");
  e.division_code = place.code;
  bool division_ok = false;
  if (!place.candidates.empty()) {
    o.problems.push_back(ctx.problem(r, kEDivision, "ambiguous_division", mapper.describe(place.candidates)));
  } else if (e.division_code.empty()) {
    o.problems.push_back(ctx.problem(r, kEDivision, "missing_field", ""));
  } else {
    division_ok = catalog.is_gansu_county(e.division_code, today_utc());
    if (!division_ok)
      o.problems.push_back(ctx.problem(r, kEDivision, "unknown_division", e.division_code.substr(0, 12)));
    else
      e.prefecture_code = catalog.prefecture_of(e.division_code);
  }
  // 经营模式
  if (normalize_input(ctx.cell(r, kEModel)).empty()) {
    o.problems.push_back(ctx.problem(r, kEModel, "missing_field", ""));
  } else if (auto m = model_code(ctx.cell(r, kEModel))) {
    e.model = *m;
  } else {
    o.problems.push_back(
        ctx.problem(r, kEModel, "invalid_field", "员工制/中介制/混合 (employee_based, intermediary, mixed)"));
  }
  // 龙头企业
  if (auto l = leading_flag(ctx.cell(r, kELeading)))
    e.is_leading = *l;
  else
    o.problems.push_back(ctx.problem(r, kELeading, "invalid_field", "是 or 否"));
  // 服务工种 (levels, if written, are dropped: an enterprise offers an occupation, not a grade)
  {
    std::string codes = mapper.occupations(ctx.cell(r, kEOccupations));
    for (auto& item : split_items(codes)) {
      std::string code = item.substr(0, item.find(':'));
      if (!known_occupations.count(code)) {
        o.problems.push_back(ctx.problem(r, kEOccupations, "unknown_occupation", code.substr(0, 40)));
        break;
      }
      if (std::find(e.occupations.begin(), e.occupations.end(), code) == e.occupations.end())
        e.occupations.push_back(code);
    }
    std::sort(e.occupations.begin(), e.occupations.end());
  }
  // 地址
  e.address = ent_text(ctx.cell(r, kEAddress));
  if (!ent_text_ok(e.address, 200))
    o.problems.push_back(ctx.problem(r, kEAddress, "invalid_field", "at most 200 characters"));
  // A city officer registers enterprises of her own 市州 only.
  if (o.problems.empty() && !opts.scope.prefecture.empty() && e.prefecture_code != opts.scope.prefecture)
    o.problems.push_back(ctx.problem(r, kEDivision, "out_of_scope", e.prefecture_code));
  e.listing_status = "applied";
  if (o.problems.empty()) o.enterprise = std::move(e);
  return o;
}

}  // namespace

std::span<const ColumnSpec> enterprise_columns() { return kEnterpriseColumns; }

Result<ImportReport> EnterpriseImporter::run(const Sheet& sheet, const ImportOptions& opts, const Actor& actor,
                                             const AuditFn& audit) const {
  auto header = find_header(sheet, kEnterpriseColumns);
  if (!header) return header.error();

  ImportReport report = begin_report(sheet, opts, *header, [](int, std::string_view v) {
    return mask_value(-1, v);  // enterprise data is public: only long cells are cut
  });

  std::vector<OccupationName> occupations;
  {
    auto conn = db_.acquire();
    occupations = occupation_names(*conn);
  }
  std::set<std::string> known_occupations;
  for (const auto& o : occupations) known_occupations.insert(o.code);
  RowMapper mapper(occupations, catalog_);

  EntContext ctx{sheet, *header, {}};
  map_columns(*header, ctx.column_of);

  std::vector<EntOutcome> outcomes;
  for (size_t r : data_rows(sheet, *header, ctx.column_of[kEName], report))
    outcomes.push_back(read_enterprise_row(ctx, r, mapper, catalog_, known_occupations, opts));
  const int64_t total = static_cast<int64_t>(outcomes.size());
  report.total_rows = total;

  // The same USCC twice in the file: the first row stands.
  refuse_repeats(outcomes, &EntOutcome::enterprise, &Enterprise::uscc, [&](int64_t row, int64_t first) {
    return ctx.problem(static_cast<size_t>(row - 1), kEUscc, "duplicate_enterprise",
                       "row " + std::to_string(first));
  });

  bool may_write = !opts.dry_run && !(opts.mode == ImportMode::all_or_nothing &&
                                      count_refused(outcomes, &EntOutcome::enterprise) > 0);
  auto conn = db_.acquire();
  db::Transaction tx(*conn, may_write);
  for (auto& o : outcomes) {
    if (!o.enterprise || !store::uscc_taken(*conn, o.enterprise->uscc)) continue;
    o.problems.push_back(ctx.problem(static_cast<size_t>(o.row - 1), kEUscc, "duplicate_enterprise", "registered"));
    o.enterprise.reset();
  }
  report.bad_rows = count_refused(outcomes, &EntOutcome::enterprise);
  report.good_rows = total - report.bad_rows;
  for (auto& o : outcomes) {
    for (auto& p : o.problems) report.problems.push_back(std::move(p));
    if (o.enterprise && o.held) report.held_for_review.push_back(std::move(*o.held));
  }

  bool write = may_write && report.good_rows > 0 && (opts.mode == ImportMode::good_rows_only || report.bad_rows == 0);
  if (!write)
    return finish_unwritten(*conn, tx, "enterprise", opts, import_source(sheet), std::move(report), audit);
  std::string now = now_utc();
  store::ListingActor la{actor.user_id, actor.username, actor.role};
  for (auto& o : outcomes) {
    if (!o.enterprise) continue;
    Enterprise& e = *o.enterprise;
    e.created_at = e.updated_at = now;
    e.id = store::insert_enterprise(*conn, e);
    store::add_listing_event(*conn, e.id, std::nullopt, "applied",
                             e.held_for_review ? "held_for_review: uscc check character fails" : "imported",
                             la, now);
    report.imported_ids.push_back(e.id);
  }
  report.imported = static_cast<int64_t>(report.imported_ids.size());
  report.written = true;
  security::AuditEntry entry;
  entry.object_type = "enterprise";
  entry.action = "enterprise.import";
  entry.summary = fmt::format("imported {} of {} rows ({}, {}); {} bad rows, {} held for review",
                              report.imported, total, import_mode_name(opts.mode), import_source(sheet),
                              report.bad_rows, report.held_for_review.size());
  if (audit) audit(*conn, entry);
  tx.commit();
  return report;
}

}  // namespace jz::registry
