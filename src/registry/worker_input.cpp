#include "registry/worker_input.hpp"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "common/id_number.hpp"
#include "common/mobile.hpp"
#include "common/result.hpp"
#include "common/text.hpp"
#include "common/time.hpp"
#include "security/masking.hpp"
#include "security/random.hpp"
#include "registry/worker_store.hpp"

namespace jz::registry {
namespace {

// Problems are built from make_error so that the error-catalogue test sees every code used here.
FieldProblem problem(const Error& e) { return FieldProblem{e.field, e.code, e.detail}; }

std::string lower_ascii(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) s.replace(pos, from.size(), to);
}

// Splits a list cell on ';' ',' '|' and the Chinese enumeration comma, after folding full-width forms
// (so '；' and '，' count too); items are trimmed and empty items dropped.
std::vector<std::string> split_list(std::string_view cell) {
  std::string s = normalize_halfwidth(cell);
  replace_all(s, "、", ";");
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ';' || s[i] == ',' || s[i] == '|') {
      std::string item(trim_ascii(std::string_view(s).substr(start, i - start)));
      if (!item.empty()) out.push_back(std::move(item));
      start = i + 1;
    }
  }
  return out;
}

// Code points of valid UTF-8, or -1 when `s` is not valid UTF-8 or holds a control character.
int text_length(std::string_view s) {
  int n = 0;
  for (size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    size_t len = b < 0x80 ? 1 : (b >= 0xC2 && b <= 0xDF) ? 2 : (b >= 0xE0 && b <= 0xEF) ? 3 : (b >= 0xF0 && b <= 0xF4) ? 4 : 0;
    if (len == 0 || i + len > s.size()) return -1;
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return -1;
    if (len == 1 && (b < 0x20 || b == 0x7F)) return -1;
    i += len;
    ++n;
  }
  return n;
}

// A whole number in [lo, hi]; "4500.00" (as spreadsheets write numbers) is accepted when the fraction is zero.
std::optional<int> parse_int(std::string_view text, int lo, int hi) {
  std::string s(trim_ascii(normalize_halfwidth(text)));
  if (auto dot = s.find('.'); dot != std::string::npos) {
    if (s.find_first_not_of('0', dot + 1) != std::string::npos) return std::nullopt;
    s.resize(dot);
  }
  if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < lo || v > hi) return std::nullopt;
  return v;
}

std::optional<bool> parse_bool(std::string_view text) {
  std::string s = lower_ascii(std::string(trim_ascii(normalize_halfwidth(text))));
  if (s == "1" || s == "true" || s == "yes" || s == "y" || s == "是") return true;
  if (s == "0" || s == "false" || s == "no" || s == "n" || s == "否") return false;
  return std::nullopt;
}

// Skill level 1-4 as a digit or its Chinese name.
std::optional<int> parse_level(const std::string& s) {
  if (s == "初级") return 1;
  if (s == "中级") return 2;
  if (s == "高级") return 3;
  if (s == "技师") return 4;
  return parse_int(s, 1, 4);
}

struct FlagName {
  const char* id;
  std::initializer_list<const char*> aliases;
};
const FlagName kFlags[] = {
    {"poverty_alleviated", {"脱贫人口", "脱贫劳动力", "脱贫"}},
    {"monitored", {"监测帮扶对象", "监测对象"}},
    {"relocated", {"易地搬迁", "易地扶贫搬迁"}},
    {"rural_migrant", {"农村进城务工", "农村进城务工人员"}},
    {"new_entrant", {"新成长劳动力"}},
    {"graduate", {"高校毕业生"}},
};

bool set_flag(ValidatedWorker& w, const std::string& id) {
  if (id == "poverty_alleviated") w.poverty_alleviated = true;
  else if (id == "monitored") w.monitored = true;
  else if (id == "relocated") w.relocated = true;
  else if (id == "rural_migrant") w.rural_migrant = true;
  else if (id == "new_entrant") w.new_entrant = true;
  else if (id == "graduate") w.graduate = true;
  else return false;
  return true;
}

constexpr char kPublicIdAlphabet[] = "23456789abcdefghjkmnpqrstuvwxyz";  // no 0/1/i/l/o: read aloud safely

// What validate_worker's steps share: the reference sets, today, the problems found so far and whether the
// ID number was accepted (the steps after it derive from it).
struct WorkerCheck {
  const ReferenceSets& refs;
  std::string today;
  std::vector<FieldProblem> problems;
  bool id_ok = false;
  void fail(const Error& e) { problems.push_back(problem(e)); }
};

// Name: as written on the ID card, trimmed (also of full-width spaces).
void check_name(const WorkerInput& in, WorkerCheck& c, ValidatedWorker& w) {
  std::string_view raw = in.name;
  std::string name(trim_ascii(raw));
  replace_all(name, "\xE3\x80\x80", " ");  // ideographic space
  name = std::string(trim_ascii(name));
  int len = text_length(name);
  if (name.empty())
    c.fail(make_error("missing_field", "name"));
  else if (len < 0)
    c.fail(make_error("invalid_field", "name", "invalid characters"));
  else if (len > 30)
    c.fail(make_error("invalid_field", "name", "at most 30 characters"));
  else
    w.name = std::move(name);
}

// ID number: repaired, checked, and the source of gender, birth date and native county.
void check_id(const WorkerInput& in, WorkerCheck& c, ValidatedWorker& w) {
  std::string folded = normalize_halfwidth(in.id_number);
  if (folded != in.id_number) w.repairs.push_back("id_number: full-width characters");
  // Spaces of any kind (a no-break space U+00A0 pasted from a web page, U+2007, U+202F, a zero-width space
  // U+200B) and the hyphens some offices write between region, birth date and sequence
  // (620123-19870707-468X).
  std::string compact;
  bool spaces = false, hyphens = false;
  for (size_t i = 0; i < folded.size(); ++i) {
    std::string_view rest = std::string_view(folded).substr(i);
    if (std::isspace(static_cast<unsigned char>(folded[i]))) {
      spaces = true;
    } else if (rest.starts_with("\xC2\xA0")) {
      spaces = true;
      i += 1;
    } else if (rest.starts_with("\xE2\x80\x87") || rest.starts_with("\xE2\x80\xAF") ||
               rest.starts_with("\xE2\x80\x8B") || rest.starts_with("\xEF\xBB\xBF")) {
      spaces = true;
      i += 2;
    } else if (folded[i] == '-' && !compact.empty()) {
      hyphens = true;
    } else {
      compact += folded[i];
    }
  }
  if (spaces && !compact.empty()) w.repairs.push_back("id_number: spaces removed");
  if (hyphens && !compact.empty()) w.repairs.push_back("id_number: hyphens removed");
  if (compact.find('x') != std::string::npos) w.repairs.push_back("id_number: lower-case x");
  if (compact.empty()) {
    c.fail(make_error("missing_field", "id_number"));
  } else {
    IdNumberCheck check = check_id_number(compact, c.today);
    if (!check.valid) {
      c.fail(make_error("invalid_id_number", "id_number", check.reason));
    } else {
      c.id_ok = true;
      if (check.info.upgraded_from_15) w.repairs.push_back("id_number: 15→18");
      w.id_number = check.info.normalized;
      w.gender = check.info.gender;
      w.birth_date = check.info.birth_date;
      w.native_division_code = check.info.division_code;
    }
  }
  if (!c.id_ok) {
    // Nothing derived from a number we refuse; drop the repair notes that describe it.
    w.repairs.clear();
  }
}

// Phone: optional mainland mobile.
void check_phone(const WorkerInput& in, WorkerCheck& c, ValidatedWorker& w) {
  if (!trim_ascii(normalize_halfwidth(in.phone)).empty()) {
    MobileCheck m = check_mobile(in.phone);
    if (!m.valid)
      c.fail(make_error("invalid_mobile", "phone", m.reason));
    else {
      if (m.normalized != in.phone) w.repairs.push_back("phone: normalised");
      w.phone = m.normalized;
    }
  }
}

// Current division: a current Gansu county; by default the native county when that is one.
void check_current_division(const WorkerInput& in, WorkerCheck& c, ValidatedWorker& w) {
  if (c.refs.divisions) {
    std::string code = normalize_input(in.current_division_code);
    if (!code.empty()) {
      if (!c.refs.divisions->is_gansu_county(code, c.today))
        c.fail(make_error("unknown_division", "current_division_code", code.substr(0, 12)));
      else w.current_division_code = code;
    } else if (c.id_ok) {
      if (c.refs.divisions->is_gansu_county(w.native_division_code, c.today)) {
        w.current_division_code = w.native_division_code;
        w.repairs.push_back("current_division_code: native county");
      } else {
        c.fail(make_error("missing_field", "current_division_code"));
      }
    }
    if (!w.current_division_code.empty())
      w.prefecture_code = c.refs.divisions->prefecture_of(w.current_division_code);
  }
}

// Occupations: "code:level;code:level", level 1-4 (or 初级/中级/高级/技师), 1 when omitted.
void check_occupations(const WorkerInput& in, WorkerCheck& c, ValidatedWorker& w) {
  for (const auto& item : split_list(in.occupations)) {
    size_t colon = item.find(':');
    std::string code = lower_ascii(std::string(trim_ascii(std::string_view(item).substr(0, colon))));
    std::string level_text = colon == std::string::npos ? "1" : std::string(trim_ascii(std::string_view(item).substr(colon + 1)));
    if (!c.refs.occupation_codes.count(code)) {
      c.fail(make_error("unknown_occupation", "occupations", code.substr(0, 40)));
      continue;
    }
    auto level = parse_level(level_text);
    if (!level) {
      c.fail(make_error("invalid_field", "occupations", code + ": level 1-4"));
      continue;
    }
    bool dup = std::any_of(w.occupations.begin(), w.occupations.end(), [&](const auto& o) { return o.first == code; });
    if (dup) {
      c.fail(make_error("invalid_field", "occupations", code + ": listed twice"));
      continue;
    }
    w.occupations.emplace_back(code, *level);
  }
  if (w.occupations.size() > 12) c.fail(make_error("invalid_field", "occupations", "too many"));
}

// Household flags, by identifier or by their Chinese name.
void check_flags(const WorkerInput& in, WorkerCheck& c, ValidatedWorker& w) {
  for (const auto& item : split_list(in.flags)) {
    std::string id = lower_ascii(item);
    for (const auto& f : kFlags)
      for (const char* alias : f.aliases)
        if (item == alias) id = f.id;
    if (!set_flag(w, id)) c.fail(make_error("invalid_field", "flags", "unknown flag " + item.substr(0, 40)));
  }
}

// Availability, wage, where she will work.
void check_availability(const WorkerInput& in, WorkerCheck& c, ValidatedWorker& w) {
  if (!trim_ascii(in.live_in).empty()) {
    auto v = parse_bool(in.live_in);
    if (!v)
      c.fail(make_error("invalid_field", "live_in", "是/否"));
    else w.live_in = *v;
  }
  if (!trim_ascii(in.hours_per_week).empty()) {
    // "48小时", "48 小时/周", "48h": the unit is what the column already says.
    std::string hours(trim_ascii(normalize_halfwidth(in.hours_per_week)));
    for (std::string_view unit : {"小时/周", "小时每周", "个小时", "小时", "h", "H"})
      if (hours.size() > unit.size() && hours.ends_with(unit)) {
        hours = std::string(trim_ascii(std::string_view(hours).substr(0, hours.size() - unit.size())));
        w.repairs.push_back("hours_per_week: unit removed");
        break;
      }
    auto v = parse_int(hours, 1, 84);
    if (!v)
      c.fail(make_error("invalid_field", "hours_per_week", "1-84"));
    else w.hours_per_week = *v;
  }
  if (!trim_ascii(in.expected_wage).empty()) {
    auto v = parse_int(in.expected_wage, 0, 100000);
    if (!v)
      c.fail(make_error("invalid_field", "expected_wage", "0-100000"));
    else w.expected_wage = *v;
  }
}

// Where she will work: her county, the province or beyond (本县/省内/跨省 are read too).
void check_work_scope(const WorkerInput& in, WorkerCheck& c, ValidatedWorker& w) {
  std::string scope = lower_ascii(normalize_input(in.work_scope));
  if (scope == "本县" || scope == "县内" || scope == "本县区")
    scope = "home_county";
  else if (scope == "省内")
    scope = "in_province";
  else if (scope == "跨省" || scope == "省外")
    scope = "cross_province";
  if (scope.empty())
    w.work_scope = "in_province";
  else if (scope == "home_county" || scope == "in_province" || scope == "cross_province")
    w.work_scope = scope;
  else
    c.fail(make_error("invalid_field", "work_scope", "home_county, in_province or cross_province"));
}

// Preferred cities: at most 10 names of up to 20 characters.
void check_preferred_cities(const WorkerInput& in, WorkerCheck& c, ValidatedWorker& w) {
  auto cities = split_list(in.preferred_cities);
  bool ok = cities.size() <= 10;
  std::string joined;
  for (const auto& city : cities) {
    int len = text_length(city);
    if (len < 1 || len > 20) ok = false;
    if (!joined.empty()) joined += ";";
    joined += city;
  }
  if (!ok)
    c.fail(make_error("invalid_field", "preferred_cities", "at most 10 names of up to 20 characters"));
  else
    w.preferred_cities = joined;
}

// Affiliations. The enterprise's existence needs the database: check_against_database.
void check_affiliations(const WorkerInput& in, WorkerCheck& c, ValidatedWorker& w) {
  std::string brand = normalize_input(in.labour_brand);
  if (!brand.empty()) {
    auto it = c.refs.brands.find(brand);
    if (it == c.refs.brands.end()) it = c.refs.brands.find(lower_ascii(brand));
    if (it == c.refs.brands.end())
      c.fail(make_error("unknown_labour_brand", "labour_brand", brand.substr(0, 40)));
    else
      w.labour_brand_id = it->second;
  }
  if (in.enterprise_id) {
    if (*in.enterprise_id <= 0)
      c.fail(make_error("invalid_field", "enterprise_id", "positive id"));
    else w.enterprise_id = in.enterprise_id;
  }
}

// The steps in the order their problems are reported; the current division follows the ID number it may
// default from.
using WorkerStep = void (*)(const WorkerInput&, WorkerCheck&, ValidatedWorker&);
constexpr WorkerStep kWorkerSteps[] = {
    check_name,  check_id,           check_phone,      check_current_division, check_occupations,
    check_flags, check_availability, check_work_scope, check_preferred_cities, check_affiliations};

}  // namespace

ReferenceSets load_reference_sets(db::Connection& conn, const reference::DivisionCatalog& divisions) {
  ReferenceSets refs;
  refs.divisions = &divisions;
  refs.occupation_codes = worker_store::occupation_codes(conn);
  for (const auto& b : worker_store::brand_keys(conn)) {
    refs.brands[b.code] = b.id;
    refs.brands[b.name] = b.id;
    refs.brands[std::to_string(b.id)] =
        b.id;  // the API may name a brand by its id (codes never start with a digit)
  }
  refs.today = today_beijing();
  return refs;
}

ValidationResult validate_worker(const WorkerInput& in, const ReferenceSets& refs) {
  ValidatedWorker w;
  WorkerCheck c{refs, refs.today.empty() ? today_beijing() : refs.today, {}};
  for (WorkerStep step : kWorkerSteps) step(in, c, w);
  if (!c.problems.empty()) return c.problems;
  return w;
}

std::vector<FieldProblem> check_against_database(db::Connection& conn, const ValidatedWorker& w,
                                                 const WorkerWriter& writer) {
  std::vector<FieldProblem> problems;
  if (writer.exists(conn, w.id_number)) problems.push_back(problem(make_error("duplicate_person", "id_number")));
  if (w.enterprise_id && !worker_store::enterprise_exists(conn, *w.enterprise_id))
    problems.push_back(problem(make_error("unknown_enterprise", "enterprise_id", std::to_string(*w.enterprise_id))));
  return problems;
}

std::string new_public_id() {
  security::ensure_sodium();
  std::string s(12, '2');
  for (char& c : s) c = kPublicIdAlphabet[randombytes_uniform(sizeof kPublicIdAlphabet - 1)];
  return s;
}

db::Blob WorkerWriter::id_number_index(const std::string& normalized_id) const {
  return cipher_.blind_index(normalized_id, "workers.id_number");
}

bool WorkerWriter::exists(db::Connection& conn, const std::string& normalized_id) const {
  return worker_store::find_by_id_index(conn, id_number_index(normalized_id)).has_value();
}

int64_t WorkerWriter::insert(db::Connection& conn, const ValidatedWorker& w) const {
  // Checked before writing, not caught after: a failed statement aborts a PostgreSQL transaction.
  if (exists(conn, w.id_number)) throw db::ConstraintError("duplicate_person");
  worker_store::NewWorkerRow row;
  do row.public_id = new_public_id();
  while (worker_store::public_id_taken(conn, row.public_id));
  row.w = &w;
  row.id_number_enc = cipher_.encrypt(w.id_number, "workers.id_number");
  row.id_number_bidx = id_number_index(w.id_number);
  row.id_number_mask = security::mask_id_number(w.id_number);
  if (!w.phone.empty()) {
    row.phone_enc = cipher_.encrypt(w.phone, "workers.phone");
    row.phone_bidx = cipher_.blind_index(w.phone, "workers.phone");
    row.phone_mask = security::mask_phone(w.phone);
  }
  row.now = now_utc();
  return worker_store::insert_worker(conn, row);
}

}  // namespace jz::registry
