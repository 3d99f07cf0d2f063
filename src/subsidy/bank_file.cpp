#include "subsidy/bank_file.hpp"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <toml++/toml.h>

#include "common/csv.hpp"
#include "common/embedded.hpp"
#include "common/text.hpp"
#include "registry/spreadsheet.hpp"
#include "security/random.hpp"

namespace jz::subsidy {
namespace {

const std::vector<std::string_view> kFields{"seq",       "name",    "id_number", "account", "amount",
                                            "reference", "purpose", "period",    "fixed"};

Error bad_profile(std::string detail) { return make_error("invalid_field", "bank", std::move(detail)); }

template <typename View>
std::vector<std::string> strings(const View& n) {
  std::vector<std::string> out;
  if (auto a = n.as_array())
    for (const auto& v : *a)
      if (auto s = v.template value<std::string>()) out.push_back(*s);
  return out;
}

// The text of one cell of a payment row, and whether it is a number in XLSX (with its value and format).
struct Cell {
  std::string text;
  bool number = false;
  double value = 0;
  bool decimals = false;
};

Cell cell_of(const BankColumn& c, const BankPaymentRow& r, size_t seq) {
  if (c.field == "seq") return {std::to_string(seq), true, static_cast<double>(seq), false};
  if (c.field == "amount") return {format_yuan(r.fen), true, static_cast<double>(r.fen) / 100.0, true};
  if (c.field == "period") {
    // A period such as 2024 or 202403 is a number; 2024-03 or 2024H1 stays text.
    bool digits = !r.period.empty() && std::all_of(r.period.begin(), r.period.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    return {r.period, digits, digits ? std::stod(r.period) : 0, false};
  }
  if (c.field == "name") return {r.name};
  if (c.field == "id_number") return {r.id_number};
  if (c.field == "account") return {r.account};
  if (c.field == "reference") return {r.reference};
  if (c.field == "purpose") return {r.purpose};
  return {c.value};
}

// The total record's cells with {count}, {sum} and {batch} filled in; a cell that is exactly {count} or {sum}
// is a number in XLSX.
std::vector<Cell> total_cells(const BankProfile& p, size_t count, int64_t fen, const std::string& batch) {
  std::vector<Cell> out;
  for (const auto& t : p.total_cells) {
    if (t == "{count}") out.push_back({std::to_string(count), true, static_cast<double>(count), false});
    else if (t == "{sum}") out.push_back({format_yuan(fen), true, static_cast<double>(fen) / 100.0, true});
    else {
      std::string s = t;
      for (auto [key, val] : {std::pair<std::string, std::string>{"{count}", std::to_string(count)},
                              {"{sum}", format_yuan(fen)},
                              {"{batch}", batch}})
        for (size_t at; (at = s.find(key)) != std::string::npos;) s.replace(at, key.size(), val);
      out.push_back({s});
    }
  }
  return out;
}

// Every line of the file as cells, in order: total first or last, then/before the column titles and rows.
struct Layout {
  std::vector<std::vector<Cell>> lines;
  size_t total_line = 0, title_line = 0;
};

Layout layout(const BankProfile& p, const std::vector<BankPaymentRow>& rows, const std::string& batch) {
  Layout l;
  int64_t fen = 0;
  for (const auto& r : rows) fen += r.fen;
  auto totals = total_cells(p, rows.size(), fen, batch);
  if (p.total_first && !totals.empty()) l.lines.push_back(totals);
  l.title_line = l.lines.size();
  std::vector<Cell> titles;
  for (const auto& c : p.columns) titles.push_back({c.title});
  l.lines.push_back(std::move(titles));
  size_t seq = 0;
  for (const auto& r : rows) {
    ++seq;
    std::vector<Cell> line;
    for (const auto& c : p.columns) line.push_back(cell_of(c, r, seq));
    l.lines.push_back(std::move(line));
  }
  if (!p.total_first && !totals.empty()) l.lines.push_back(totals);
  l.total_line = p.total_first ? 0 : l.lines.size() - 1;
  // A control character pasted into a name (Excel's Alt+Enter is U+000B) reaches neither the bank nor XLSX XML.
  for (auto& line : l.lines)
    for (auto& cell : line) cell.text = xml_safe(cell.text);
  return l;
}

struct TempFile {
  std::filesystem::path path;
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

bool one_of(const std::vector<std::string>& words, const std::string& text) {
  std::string t = lower_ascii(std::string(trim_ascii(normalize_halfwidth(text))));
  return std::any_of(words.begin(), words.end(), [&](const std::string& w) { return lower_ascii(w) == t; });
}

int column_of(const std::vector<std::string>& header, const std::vector<std::string>& names) {
  for (size_t c = 0; c < header.size(); ++c)
    if (one_of(names, header[c])) return static_cast<int>(c);
  return -1;
}

// A total record as banks write it: the first non-empty cell starts with 合计, 总计 or 总笔数.
bool is_total_record(const std::vector<std::string>& r) {
  for (const auto& c : r) {
    auto t = trim_ascii(c);
    if (t.empty()) continue;
    return t.starts_with("合计") || t.starts_with("总计") || t.starts_with("总笔数") || t.starts_with("总金额");
  }
  return false;
}

}  // namespace

std::string format_yuan(int64_t fen) {
  const char* sign = fen < 0 ? "-" : "";
  uint64_t a = fen < 0 ? static_cast<uint64_t>(-(fen + 1)) + 1 : static_cast<uint64_t>(fen);
  return fmt::format("{}{}.{:02}", sign, a / 100, a % 100);
}

Result<BankProfile> parse_bank_profile(std::string_view toml_text) {
  toml::table t;
  try {
    t = toml::parse(toml_text);
  } catch (const toml::parse_error& e) {
    return bad_profile(fmt::format("line {}: {}", e.source().begin.line, e.description()));
  }
  BankProfile p;
  p.id = t["id"].value_or(std::string());
  p.name = t["name"].value_or(std::string());
  p.bank = t["bank"].value_or(std::string());
  p.confirmed = t["confirmed"].value_or(std::string());
  if (p.id.empty() || p.name.empty()) return bad_profile("id and name are required");
  std::string enc = t["encoding"].value_or(std::string("gbk"));
  if (enc == "gbk") p.encoding = BankEncoding::gbk;
  else if (enc == "utf-8") p.encoding = BankEncoding::utf8;
  else if (enc == "utf-8-bom") p.encoding = BankEncoding::utf8_bom;
  else return bad_profile(p.id + ": encoding must be gbk, utf-8 or utf-8-bom");
  p.sheet_name = t["sheet_name"].value_or(p.sheet_name);
  std::string pos = t["total"]["position"].value_or(std::string("first"));
  if (pos != "first" && pos != "last") return bad_profile(p.id + ": total.position must be first or last");
  p.total_first = pos == "first";
  p.total_cells = strings(t["total"]["cells"]);
  bool has_amount = false, has_reference = false;
  if (auto cols = t["column"].as_array())
    for (const auto& n : *cols) {
      const auto* c = n.as_table();
      if (!c) return bad_profile(p.id + ": [[column]] must be a table");
      BankColumn col{(*c)["field"].value_or(std::string()), (*c)["title"].value_or(std::string()),
                     (*c)["value"].value_or(std::string())};
      if (std::find(kFields.begin(), kFields.end(), col.field) == kFields.end())
        return bad_profile(p.id + ": unknown column field '" + col.field + "'");
      if (col.title.empty()) return bad_profile(p.id + ": column " + col.field + " needs a title");
      has_amount |= col.field == "amount";
      has_reference |= col.field == "reference";
      p.columns.push_back(std::move(col));
    }
  // The result is matched by reference; the amount is what the bank pays.
  if (!has_amount || !has_reference) return bad_profile(p.id + ": amount and reference columns are required");
  p.result_reference = strings(t["result"]["reference"]);
  p.result_status = strings(t["result"]["status"]);
  p.result_message = strings(t["result"]["message"]);
  p.success = strings(t["result"]["success"]);
  p.failure = strings(t["result"]["failure"]);
  if (p.result_reference.empty() || p.result_status.empty() || p.success.empty() || p.failure.empty())
    return bad_profile(p.id + ": result.reference, status, success and failure are required");
  return p;
}

const std::vector<BankProfile>& bank_profiles() {
  static const std::vector<BankProfile> kProfiles = [] {
    std::vector<BankProfile> out;
    for (const auto& [path, text] : embedded_files()) {
      if (path.rfind("data/banks/", 0) != 0 || !path.ends_with(".toml")) continue;
      auto p = parse_bank_profile(text);
      if (!p) throw std::runtime_error(path + ": " + p.error().detail);
      out.push_back(std::move(*p));
    }
    std::sort(out.begin(), out.end(), [](const BankProfile& a, const BankProfile& b) {
      return (a.id != "generic") < (b.id != "generic") || ((a.id != "generic") == (b.id != "generic") && a.id < b.id);
    });
    return out;
  }();
  return kProfiles;
}

const BankProfile* find_bank_profile(std::string_view id) {
  for (const auto& p : bank_profiles())
    if (p.id == id) return &p;
  return nullptr;
}

Result<std::string> bank_file_csv(const BankProfile& p, const std::vector<BankPaymentRow>& rows,
                                  const std::string& batch) {
  auto l = layout(p, rows, batch);
  std::string out = p.encoding == BankEncoding::utf8_bom ? "\xEF\xBB\xBF" : "";
  for (size_t i = 0; i < l.lines.size(); ++i) {
    std::string line;
    for (size_t c = 0; c < l.lines[i].size(); ++c) {
      if (c) line += ',';
      line += csv_escape(l.lines[i][c].text);
    }
    line += "\r\n";
    if (p.encoding == BankEncoding::gbk) {
      auto g = registry::utf8_to_gbk(line);
      if (!g) {
        // Name the cell: the officer must fix the name (or choose a UTF-8 profile), not guess.
        for (size_t c = 0; c < l.lines[i].size(); ++c)
          if (!registry::utf8_to_gbk(l.lines[i][c].text))
            return make_error("subsidy_bank_file_unencodable", "file",
                              fmt::format("第 {} 行第 {} 列：{}", i + 1, c + 1, l.lines[i][c].text));
        return make_error("subsidy_bank_file_unencodable", "file", fmt::format("第 {} 行", i + 1));
      }
      out += *g;
    } else {
      out += line;
    }
  }
  return out;
}

Result<std::string> bank_file_xlsx(const BankProfile& p, const std::vector<BankPaymentRow>& rows,
                                   const std::string& batch) {
  auto l = layout(p, rows, batch);
  TempFile file{std::filesystem::temp_directory_path() / ("jz-bank-" + security::random_token(12) + ".xlsx")};
  lxw_workbook* wb = workbook_new(file.path.c_str());
  if (!wb) return make_error("internal", "", "xlsx");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* text = workbook_add_format(wb);
  format_set_num_format(text, "@");
  lxw_format* money = workbook_add_format(wb);
  format_set_num_format(money, "0.00");
  lxw_format* money_bold = workbook_add_format(wb);
  format_set_num_format(money_bold, "0.00");
  format_set_bold(money_bold);
  lxw_format* integer = workbook_add_format(wb);
  format_set_num_format(integer, "0");
  lxw_format* integer_bold = workbook_add_format(wb);
  format_set_num_format(integer_bold, "0");
  format_set_bold(integer_bold);
  lxw_worksheet* ws = workbook_add_worksheet(wb, xml_safe(p.sheet_name).c_str());
  if (!ws) {
    workbook_close(wb);
    return make_error("internal", "", "xlsx sheet");
  }
  for (size_t c = 0; c < p.columns.size(); ++c) {
    const auto& f = p.columns[c].field;
    double width = f == "id_number" || f == "account" || f == "reference" ? 24 : f == "seq" ? 6 : 14;
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), width, nullptr);
  }
  for (size_t i = 0; i < l.lines.size(); ++i) {
    bool emphasised = i == l.title_line || (!p.total_cells.empty() && i == l.total_line);
    for (size_t c = 0; c < l.lines[i].size(); ++c) {
      const Cell& cell = l.lines[i][c];
      auto row = static_cast<lxw_row_t>(i);
      auto col = static_cast<lxw_col_t>(c);
      if (cell.number) {
        lxw_format* f = cell.decimals ? (emphasised ? money_bold : money) : (emphasised ? integer_bold : integer);
        worksheet_write_number(ws, row, col, cell.value, f);
      } else if (!cell.text.empty()) {
        // ID numbers, accounts and references are text: Excel must never show 6.20102E+17.
        worksheet_write_string(ws, row, col, xml_safe(cell.text).c_str(), emphasised ? bold : text);
      }
    }
  }
  worksheet_freeze_panes(ws, static_cast<lxw_row_t>(l.title_line + 1), 0);
  if (lxw_error err = workbook_close(wb); err != LXW_NO_ERROR)
    return make_error("internal", "", std::string("xlsx: ") + lxw_strerror(err));
  std::ifstream in(file.path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<std::vector<BankResultRow>> read_bank_result(const BankProfile& p, std::string_view bytes,
                                                    std::string_view content_type) {
  auto sheet = registry::read_sheet(bytes, content_type);
  if (!sheet) return make_error("subsidy_bank_file_invalid", "file", sheet.error().detail);
  const auto& rows = sheet->rows;
  // The header: the first of the first 20 rows naming both a reference and an outcome column.
  size_t h = 0;
  int ref_col = -1, res_col = -1, msg_col = -1;
  for (; h < rows.size() && h < 20; ++h) {
    ref_col = column_of(rows[h], p.result_reference);
    res_col = column_of(rows[h], p.result_status);
    if (ref_col >= 0 && res_col >= 0) break;
  }
  if (ref_col < 0 || res_col < 0)
    return make_error("subsidy_bank_file_invalid", "file",
                      fmt::format("没有找到表头（{}：{} 与 {}）", p.name, p.result_reference.front(), p.result_status.front()));
  msg_col = column_of(rows[h], p.result_message);
  std::vector<BankResultRow> out;
  for (size_t i = h + 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    auto cell = [&](int c) {
      return c >= 0 && static_cast<size_t>(c) < r.size() ? std::string(trim_ascii(r[static_cast<size_t>(c)]))
                                                           : std::string();
    };
    std::string ref = cell(ref_col), res = cell(res_col);
    if (ref.empty() || is_total_record(r)) continue;  // a blank line, a total record or a note: not a payment
    std::string status = one_of(p.success, res) ? "paid" : one_of(p.failure, res) ? "failed" : "";
    if (status.empty())
      return make_error("subsidy_bank_file_invalid", "file",
                        fmt::format("第 {} 行：结果“{}”不是 {} 或 {}", i + 1, truncate_utf8(res, 40), p.success.front(),
                                    p.failure.front()));
    out.push_back({i + 1, ref, status, truncate_utf8(cell(msg_col), 200)});
  }
  return out;
}

}  // namespace jz::subsidy
