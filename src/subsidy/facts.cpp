#include "subsidy/facts.hpp"

#include <algorithm>
#include <cctype>

namespace jz::subsidy {
namespace {

struct Slot {
  int poverty_alleviated, monitored, relocated, rural_migrant, new_entrant, graduate, gender, age, identity_verified,
      home_county, home_prefecture, occupation, domestic, start_on, end_on, days_worked, months_worked, place, province,
      independent, monthly_wage, employer_is_domestic, founded_on, is_founder, enterprise_prefecture, period_start,
      period_end, paid, poverty_independent, monitored_independent;
};

const Slot& slots_of() {
  static const Slot s{field_slot("worker.poverty_alleviated"),
                      field_slot("worker.monitored"),
                      field_slot("worker.relocated"),
                      field_slot("worker.rural_migrant"),
                      field_slot("worker.new_entrant"),
                      field_slot("worker.graduate"),
                      field_slot("worker.gender"),
                      field_slot("worker.age"),
                      field_slot("worker.identity_verified"),
                      field_slot("worker.home_county"),
                      field_slot("worker.home_prefecture"),
                      field_slot("employment.occupation"),
                      field_slot("employment.domestic"),
                      field_slot("employment.start_on"),
                      field_slot("employment.end_on"),
                      field_slot("employment.days_worked"),
                      field_slot("employment.months_worked"),
                      field_slot("employment.place"),
                      field_slot("employment.province"),
                      field_slot("employment.independent"),
                      field_slot("employment.monthly_wage"),
                      field_slot("employment.employer_is_domestic_enterprise"),
                      field_slot("enterprise.founded_on"),
                      field_slot("enterprise.is_founder"),
                      field_slot("enterprise.prefecture"),
                      field_slot("period.start"),
                      field_slot("period.end"),
                      field_slot("paid.same_rule_same_period"),
                      field_slot("worker.poverty_alleviated.independent"),
                      field_slot("worker.monitored.independent")};
  return s;
}

// Assigns in place, so the string keeps its buffer from one candidate to the next.
void set_text(Slots& s, int slot, std::string_view v) {
  auto& cell = s[static_cast<size_t>(slot)];
  if (auto* str = std::get_if<std::string>(&cell)) str->assign(v);
  else cell = std::string(v);
}
void set_bool(Slots& s, int slot, bool v) { s[static_cast<size_t>(slot)] = v; }
void set_int(Slots& s, int slot, int64_t v) { s[static_cast<size_t>(slot)] = v; }

int digits(std::string_view s, size_t pos, size_t n) {
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

}  // namespace

Result<Period> parse_period(std::string_view text) {
  if (text.size() != 4 || !std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return make_error("invalid_field", "period", "a year, e.g. 2024");
  int y = digits(text, 0, 4);
  if (y < 2000 || y > 2100) return make_error("invalid_field", "period", "2000–2100");
  std::string k(text);
  return Period{k, k + "-01-01", k + "-12-31"};
}

std::optional<int64_t> day_number(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(d[i]))) return std::nullopt;
  int64_t y = digits(d, 0, 4), m = digits(d, 5, 2), day = digits(d, 8, 2);
  if (m < 1 || m > 12 || day < 1 || day > 31) return std::nullopt;
  // Days from civil (H. Hinnant).
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int64_t whole_months(std::string_view start, std::string_view last) {
  auto a = day_number(start), b = day_number(last);
  if (!a || !b || *b < *a) return 0;
  // The day after `last`, as y/m/d, so that a job from the 15th to the 14th counts whole months.
  int64_t z = *b + 1 + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d2 = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m2 = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y2 = yoe + era * 400 + (m2 <= 2);
  int64_t y1 = digits(start, 0, 4), m1 = digits(start, 5, 2), d1 = digits(start, 8, 2);
  int64_t months = (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
  return std::max<int64_t>(months, 0);
}

int64_t age_on(std::string_view birth, std::string_view date) {
  if (birth.size() != 10 || date.size() != 10) return 0;
  int64_t age = digits(date, 0, 4) - digits(birth, 0, 4);
  if (date.substr(5) < birth.substr(5)) --age;
  return age;
}

std::string classify_place(const WorkerRecord& w, const EmploymentRecord& e) {
  if (e.place_province_code.empty() || w.native_division_code.size() < 4) return "unknown";
  if (e.place_province_code != w.native_division_code.substr(0, 2)) return "cross_province";
  const std::string& place = e.place_division_code;
  if (place.size() < 4) return "unknown";
  if (place.substr(0, 4) != w.native_division_code.substr(0, 4)) return "in_province_other_prefecture";
  if (place.size() != 6) return "unknown";  // only the home 市州 is known, not the county
  return place == w.native_division_code ? "home_county" : "in_prefecture_other_county";
}

std::string short_province_name(std::string name) {
  for (std::string_view suffix : {"壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市"}) {
    if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      name.resize(name.size() - suffix.size());
      break;
    }
  }
  return name;
}

void fill_slots(Slots& s, const WorkerRecord& w, const EmploymentRecord* e, const FounderRecord* f, bool paid,
                const FactContext& ctx) {
  const Slot& k = slots_of();
  if (s.size() != field_count()) s.assign(field_count(), Value(false));
  set_bool(s, k.poverty_alleviated, w.poverty_alleviated);
  set_bool(s, k.monitored, w.monitored);
  set_bool(s, k.poverty_independent, w.poverty_alleviated && w.poverty_alleviated_verified);
  set_bool(s, k.monitored_independent, w.monitored && w.monitored_verified);
  set_bool(s, k.relocated, w.relocated);
  set_bool(s, k.rural_migrant, w.rural_migrant);
  set_bool(s, k.new_entrant, w.new_entrant);
  set_bool(s, k.graduate, w.graduate);
  set_text(s, k.gender, w.gender);
  set_int(s, k.age, age_on(w.birth_date, ctx.period.end));
  set_bool(s, k.identity_verified, w.identity_verified);
  set_text(s, k.home_county, w.native_division_code);
  set_text(s, k.home_prefecture, std::string_view(w.native_division_code).substr(0, 4));
  set_text(s, k.period_start, ctx.period.start);
  set_text(s, k.period_end, ctx.period.end);
  set_bool(s, k.paid, paid);
  if (e) {
    set_text(s, k.occupation, e->occupation_code);
    set_bool(s, k.domestic, ctx.domestic_occupations && ctx.domestic_occupations->count(e->occupation_code) > 0);
    set_text(s, k.start_on, e->start_date);
    set_text(s, k.end_on, e->end_date.empty() ? std::string_view("9999-12-31") : std::string_view(e->end_date));
    std::string_view last = e->end_date.empty() || e->end_date > ctx.as_of ? ctx.as_of : e->end_date;
    auto a = day_number(e->start_date), b = day_number(last);
    set_int(s, k.days_worked, a && b && *b >= *a ? *b - *a + 1 : 0);
    set_int(s, k.months_worked, whole_months(e->start_date, last));
    set_text(s, k.place, classify_place(w, *e));
    std::string_view province;
    if (ctx.province_names)
      if (auto it = ctx.province_names->find(e->place_province_code); it != ctx.province_names->end())
        province = it->second;
    set_text(s, k.province, province);
    set_bool(s, k.independent, e->independent);
    set_int(s, k.monthly_wage, e->monthly_wage);
    set_bool(s, k.employer_is_domestic, e->employer_enterprise_id.has_value());
  } else {
    set_text(s, k.occupation, "");
    set_bool(s, k.domestic, false);
    set_text(s, k.start_on, "");
    set_text(s, k.end_on, "");
    set_int(s, k.days_worked, 0);
    set_int(s, k.months_worked, 0);
    set_text(s, k.place, "none");
    set_text(s, k.province, "");
    set_bool(s, k.independent, false);
    set_int(s, k.monthly_wage, 0);
    set_bool(s, k.employer_is_domestic, false);
  }
  set_text(s, k.founded_on, f ? std::string_view(f->founded_on) : std::string_view());
  set_bool(s, k.is_founder, f != nullptr);
  set_text(s, k.enterprise_prefecture, f ? std::string_view(f->prefecture_code) : std::string_view());
}

Choice choose(const Rule& rule, const WorkerRecord& w, std::span<const EmploymentRecord> employments,
              std::span<const FounderRecord> founders, bool paid, const FactContext& ctx, Slots& scratch) {
  const bool by_enterprise = rule.subject == "enterprise";
  const size_t n = by_enterprise ? founders.size() : employments.size();
  Choice best;
  int best_passed = -1;
  if (n == 0) {
    fill_slots(scratch, w, nullptr, nullptr, paid, ctx);
    Quick q = evaluate_quick(rule, scratch);
    best.eligible = q.eligible;
    best.yuan = q.yuan;
    best.amount_case = q.amount_case;
    return best;
  }
  for (size_t i = 0; i < n; ++i) {
    fill_slots(scratch, w, by_enterprise ? nullptr : &employments[i], by_enterprise ? &founders[i] : nullptr, paid, ctx);
    Quick q = evaluate_quick(rule, scratch);
    if (q.eligible) {
      if (!best.eligible || q.yuan > best.yuan) best = Choice{true, q.yuan, q.amount_case, static_cast<int>(i)};
    } else if (!best.eligible && q.passed > best_passed) {
      best = Choice{false, 0, -1, static_cast<int>(i)};
      best_passed = q.passed;
    }
  }
  return best;
}

Evaluation explain(const Rule& rule, const WorkerRecord& w, const Choice& c, std::span<const EmploymentRecord> employments,
                   std::span<const FounderRecord> founders, bool paid, const FactContext& ctx) {
  Slots s;
  const bool by_enterprise = rule.subject == "enterprise";
  const EmploymentRecord* e = !by_enterprise && c.candidate >= 0 ? &employments[static_cast<size_t>(c.candidate)] : nullptr;
  const FounderRecord* f = by_enterprise && c.candidate >= 0 ? &founders[static_cast<size_t>(c.candidate)] : nullptr;
  fill_slots(s, w, e, f, paid, ctx);
  return evaluate_slots(rule, s);
}

}  // namespace jz::subsidy
