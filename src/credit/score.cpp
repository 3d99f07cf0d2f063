#include "credit/score.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "credit/dates.hpp"

namespace jz::credit {
namespace {

namespace json = boost::json;

double round1(double v) {
  return std::round(v * 10.0) / 10.0;
}

std::string num(double v) {
  double r = round1(v);
  if (r == std::floor(r)) return fmt::format("{}", static_cast<int64_t>(r));
  return fmt::format("{:.1f}", r);
}

const json::value* field(const json::object& o, std::string_view key) {
  return o.if_contains(key);
}

std::string text_of(const json::object& o, std::string_view key) {
  const json::value* v = field(o, key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

double number_of(const json::object& o, std::string_view key) {
  const json::value* v = field(o, key);
  if (!v) return 0;
  if (v->is_int64()) return static_cast<double>(v->as_int64());
  if (v->is_uint64()) return static_cast<double>(v->as_uint64());
  if (v->is_double()) return v->as_double();
  return 0;
}

bool counts(const ScoreEntry& e) {
  return e.status != EntryStatus::withdrawn;
}

// The latest entry of a kind from an independent source, by date then id (a correction recorded later on
// the same day wins).
const ScoreEntry* latest_independent(const std::vector<const ScoreEntry*>& of_kind) {
  const ScoreEntry* best = nullptr;
  for (const ScoreEntry* e : of_kind) {
    if (!e->independent) continue;
    if (!best || std::tie(e->occurred_on, e->id) > std::tie(best->occurred_on, best->id)) best = e;
  }
  return best;
}

struct Interval {
  int64_t from, to;  // [from, to) in day numbers
};

std::vector<Interval> merge(std::vector<Interval> v) {
  std::sort(v.begin(), v.end(), [](const Interval& a, const Interval& b) { return a.from < b.from; });
  std::vector<Interval> out;
  for (const auto& i : v) {
    if (i.to <= i.from) continue;
    if (!out.empty() && i.from <= out.back().to)
      out.back().to = std::max(out.back().to, i.to);
    else
      out.push_back(i);
  }
  return out;
}

int64_t length(const std::vector<Interval>& merged) {
  int64_t n = 0;
  for (const auto& i : merged) n += i.to - i.from;
  return n;
}

int64_t overlap(const std::vector<Interval>& a, const std::vector<Interval>& b) {
  int64_t n = 0;
  for (const auto& x : a)
    for (const auto& y : b) n += std::max<int64_t>(0, std::min(x.to, y.to) - std::max(x.from, y.from));
  return n;
}

ScoreComponent component(std::string key, std::string zh, std::string en, double weight, double cap) {
  ScoreComponent c;
  c.key = std::move(key);
  c.label_zh = std::move(zh);
  c.label_en = std::move(en);
  c.weight = weight;
  c.cap = cap;
  return c;
}

}  // namespace

ScoreEntry to_score_entry(int64_t id, EntryKind kind, EntryStatus status, bool independent,
                          std::string occurred_on, std::optional<std::string> valid_until,
                          const json::object& d) {
  ScoreEntry e;
  e.id = id;
  e.kind = kind;
  e.status = status;
  e.independent = independent;
  e.occurred_on = std::move(occurred_on);
  e.valid_until = std::move(valid_until);
  switch (kind) {
    case EntryKind::identity_verification:
    case EntryKind::background_check:
      e.outcome = text_of(d, "status");
      break;
    case EntryKind::training:
      e.outcome = text_of(d, "assessment");
      e.hours = number_of(d, "hours");
      e.certificate = !text_of(d, "certificate_no").empty() && e.outcome != "failed";
      break;
    case EntryKind::employment:
      if (auto end = text_of(d, "end_date"); !end.empty()) e.end_date = end;
      break;
    case EntryKind::review:
      e.rating = (number_of(d, "skill") + number_of(d, "attitude") + number_of(d, "punctuality") +
                  number_of(d, "hygiene")) /
                 4.0;
      e.tied_to_order = d.contains("order_id");
      break;
    case EntryKind::competition:
      e.level = text_of(d, "level");
      break;
    case EntryKind::health_check:
    case EntryKind::complaint:
    case EntryKind::insurance:
      break;
  }
  return e;
}

char band_for(int score, const ScoreRules& r) {
  if (score >= r.band_a) return 'A';
  if (score >= r.band_b) return 'B';
  if (score >= r.band_c) return 'C';
  return 'D';
}

std::string_view band_label_zh(char band) {
  switch (band) {
    case 'A':
      return "优秀";
    case 'B':
      return "良好";
    case 'C':
      return "一般";
    default:
      return "待完善";
  }
}

std::string_view band_label_en(char band) {
  switch (band) {
    case 'A':
      return "excellent";
    case 'B':
      return "good";
    case 'C':
      return "fair";
    default:
      return "thin or poor record";
  }
}

namespace {

// What each component reads: the counted entries by kind, today's day number and the rules.
struct ScoreInput {
  const std::vector<const ScoreEntry*>* by_kind;
  int64_t today;
  const ScoreRules& rules;
  const std::vector<const ScoreEntry*>& of(EntryKind k) const { return by_kind[static_cast<size_t>(k)]; }
  bool valid_on_today(const ScoreEntry* e) const {
    return e->valid_until && day_number(*e->valid_until).value_or(0) >= today &&
           day_number(e->occurred_on).value() <= today;
  }
};

// Identity: the latest independent verification decides.
ScoreComponent identity_component(const ScoreInput& in) {
  const ScoreRules& r = in.rules;
  auto c = component("identity", "实名认证", "Identity verified", r.identity_points, r.identity_points);
  const ScoreEntry* e = latest_independent(in.of(EntryKind::identity_verification));
  if (e && e->outcome == "verified") {
    c.points = r.identity_points;
    c.records = {e->id};
    c.explanation_zh = fmt::format("{} 已通过实名认证", e->occurred_on);
    c.explanation_en = fmt::format("identity verified on {}", e->occurred_on);
  } else if (e && e->outcome == "reset") {
    c.records = {e->id};
    c.explanation_zh = fmt::format("{} 身份信息变更，待重新实名认证", e->occurred_on);
    c.explanation_en =
        fmt::format("identity details changed on {}; awaiting re-verification", e->occurred_on);
  } else if (e) {
    c.records = {e->id};
    c.explanation_zh = fmt::format("{} 实名认证未通过", e->occurred_on);
    c.explanation_en = fmt::format("identity verification failed on {}", e->occurred_on);
  } else {
    c.explanation_zh = "尚未实名认证";
    c.explanation_en = "identity not verified yet";
  }
  return c;
}

// Background check: the latest independent check; passed and recent counts fully, older half.
ScoreComponent background_check_component(const ScoreInput& in) {
  const ScoreRules& r = in.rules;
  const int64_t today = in.today;
  auto c =
      component("background_check", "背景核查", "Background check", r.background_points, r.background_points);
  const ScoreEntry* e = latest_independent(in.of(EntryKind::background_check));
  if (!e) {
    c.explanation_zh = "无背景核查记录";
    c.explanation_en = "no background check on file";
  } else {
    c.records = {e->id};
    int64_t age = today - day_number(e->occurred_on).value();
    bool expired = e->valid_until && day_number(*e->valid_until).value_or(0) < today;
    if (e->outcome != "passed") {
      c.explanation_zh = fmt::format("{} 背景核查未通过", e->occurred_on);
      c.explanation_en = fmt::format("background check not passed on {}", e->occurred_on);
    } else if (expired) {
      c.explanation_zh = fmt::format("背景核查已于 {} 过期", *e->valid_until);
      c.explanation_en = fmt::format("background check expired on {}", *e->valid_until);
    } else if (age > r.background_fresh_days) {
      c.points = r.background_points * r.background_stale_factor;
      c.explanation_zh = fmt::format("{} 背景核查通过，已超过 {} 年，按 {}% 计", e->occurred_on,
                                     r.background_fresh_days / 365, num(r.background_stale_factor * 100));
      c.explanation_en =
          fmt::format("background check passed on {}, older than {} years: counts {}%", e->occurred_on,
                      r.background_fresh_days / 365, num(r.background_stale_factor * 100));
    } else {
      c.points = r.background_points;
      c.explanation_zh = fmt::format("{} 背景核查通过", e->occurred_on);
      c.explanation_en = fmt::format("background check passed on {}", e->occurred_on);
    }
  }
  return c;
}

// The latest-expiring independent entry of `kind` valid today: full points, or none.
struct ValidToday {
  EntryKind kind;
  const char *key, *zh, *en;
  double ScoreRules::*points;
  const char *until_zh, *until_en;  // formats of the expiry date
  const char *none_zh, *none_en;
};

ScoreComponent valid_today_component(const ScoreInput& in, const ValidToday& v) {
  const double points = in.rules.*v.points;
  auto c = component(v.key, v.zh, v.en, points, points);
  const ScoreEntry* best = nullptr;
  for (const ScoreEntry* e : in.of(v.kind))
    if (e->independent && in.valid_on_today(e) && (!best || *e->valid_until > *best->valid_until)) best = e;
  if (best) {
    c.points = points;
    c.records = {best->id};
    c.explanation_zh = fmt::format(fmt::runtime(v.until_zh), *best->valid_until);
    c.explanation_en = fmt::format(fmt::runtime(v.until_en), *best->valid_until);
  } else {
    c.explanation_zh = v.none_zh;
    c.explanation_en = v.none_en;
  }
  return c;
}

// Health check: one independent check valid today.
ScoreComponent health_check_component(const ScoreInput& in) {
  return valid_today_component(in,
                               {EntryKind::health_check, "health_check", "健康体检", "Valid health check",
                                &ScoreRules::health_points, "体检有效期至 {}", "health check valid until {}",
                                "无有效期内的体检记录", "no health check valid today"});
}

// Training: credited hours (self-claims at a fraction), a certificate worth a number of hours.
ScoreComponent training_component(const ScoreInput& in) {
  const ScoreRules& r = in.rules;
  auto c = component("training", "培训学时与证书", "Training hours and certificates",
                     r.training_points_per_hour, r.training_cap);
  double hours = 0, self_hours = 0;
  int certs = 0, self_certs = 0;
  for (const ScoreEntry* e : in.of(EntryKind::training)) {
    double f = e->independent ? 1.0 : r.self_claim_factor;
    double h = e->hours + (e->certificate ? r.training_certificate_hours : 0);
    (e->independent ? hours : self_hours) += e->hours;
    (e->independent ? certs : self_certs) += e->certificate ? 1 : 0;
    if (h > 0) c.records.push_back(e->id);
    c.points += h * f * r.training_points_per_hour;
  }
  c.points = std::min(c.points, r.training_cap);
  if (c.records.empty()) {
    c.explanation_zh = "无培训记录";
    c.explanation_en = "no training on file";
  } else {
    c.explanation_zh =
        fmt::format("机构记录 {} 学时、证书 {} 个；本人自述 {} 学时、证书 {} 个（按 {}% 计）", num(hours),
                    certs, num(self_hours), self_certs, num(r.self_claim_factor * 100));
    c.explanation_en = fmt::format(
        "{} hours and {} certificates recorded by institutions; {} hours and {} "
        "certificates self-claimed (counted at {}%)",
        num(hours), certs, num(self_hours), self_certs, num(r.self_claim_factor * 100));
  }
  return c;
}

// Employment: months covered by independent records count fully, months only self-claimed at a fraction.
ScoreComponent employment_component(const ScoreInput& in) {
  const ScoreRules& r = in.rules;
  const int64_t today = in.today;
  auto c = component("employment", "从业经历", "Verified employment", r.employment_points_per_month,
                     r.employment_cap);
  std::vector<Interval> ind, self;
  for (const ScoreEntry* e : in.of(EntryKind::employment)) {
    int64_t from = day_number(e->occurred_on).value();
    int64_t to = today + 1;
    if (e->end_date)
      if (auto end = day_number(*e->end_date)) to = std::min(to, *end + 1);
    if (to <= from) continue;
    (e->independent ? ind : self).push_back({from, to});
    c.records.push_back(e->id);
  }
  auto ind_m = merge(ind), self_m = merge(self);
  double ind_months = static_cast<double>(length(ind_m)) / r.days_per_month;
  double self_months = static_cast<double>(length(self_m) - overlap(self_m, ind_m)) / r.days_per_month;
  c.points = std::min(r.employment_cap,
                      (ind_months + self_months * r.self_claim_factor) * r.employment_points_per_month);
  if (c.records.empty()) {
    c.explanation_zh = "无从业记录";
    c.explanation_en = "no employment on file";
  } else {
    c.explanation_zh = fmt::format("企业或部门核实 {} 个月；仅本人自述 {} 个月（按 {}% 计）", num(ind_months),
                                   num(self_months), num(r.self_claim_factor * 100));
    c.explanation_en = fmt::format(
        "{} months verified by employers or officials; {} months only self-claimed "
        "(counted at {}%)",
        num(ind_months), num(self_months), num(r.self_claim_factor * 100));
  }
  return c;
}

// Ratings: Bayesian average against a prior of m reviews of mean C; points are 0 at C.
ScoreComponent ratings_component(const ScoreInput& in) {
  const ScoreRules& r = in.rules;
  auto c = component("ratings", "消费者评价", "Consumer ratings", r.rating_cap, r.rating_cap);
  // A review not tied to a service order (written before reviews needed one: anyone with a public id could
  // write it) weighs orderless_review_weight of one that is.
  double sum = 0, weight = 0;
  int n = 0, orderless = 0;
  for (const ScoreEntry* e : in.of(EntryKind::review)) {
    if (e->rating < 1 || e->rating > 5) continue;
    const double w = e->tied_to_order ? 1.0 : r.orderless_review_weight;
    sum += w * e->rating;
    weight += w;
    ++n;
    if (!e->tied_to_order) ++orderless;
    c.records.push_back(e->id);
  }
  const double m = r.rating_prior_weight, C = r.rating_prior_mean;
  double bayes = (m * C + sum) / (m + weight);
  double unit = bayes >= C ? (bayes - C) / (5.0 - C) : (bayes - C) / (C - 1.0);
  c.points = std::clamp(unit * r.rating_cap, -r.rating_cap, r.rating_cap);
  if (n == 0) {
    c.explanation_zh = "暂无评价";
    c.explanation_en = "no reviews yet";
  } else {
    // Plain words (docs/credit-score.md, "Ratings"): with few reviews the score leans towards an ordinary
    // rating, so three 5-star reviews do not beat three hundred averaging 4.8.
    c.explanation_zh = fmt::format(
        "{} 条评价，平均 {:.2f} 分；评价还不多时按普通水平 {} 分拉近，计为 {:.2f} 分，评价越多越接近实际平均",
        n, sum / weight, num(C), bayes);
    c.explanation_en = fmt::format(
        "{} reviews averaging {:.2f}; while reviews are few they are drawn towards an ordinary {}, counted "
        "as "
        "{:.2f}; the more reviews, the closer to the real average",
        n, sum / weight, num(C), bayes);
    if (orderless > 0) {
      c.explanation_zh += fmt::format("；其中 {} 条未关联服务订单，每条按 {} 条计", orderless,
                                      num(r.orderless_review_weight));
      c.explanation_en +=
          fmt::format("; {} of them not tied to a service order, each counted as {} of a review", orderless,
                      num(r.orderless_review_weight));
    }
  }
  return c;
}

// Upheld complaints: each costs complaint_points, halving every half-life.
ScoreComponent complaints_component(const ScoreInput& in) {
  const ScoreRules& r = in.rules;
  const int64_t today = in.today;
  auto c = component("complaints", "投诉记录", "Upheld complaints", -r.complaint_points, r.complaint_cap);
  double weight = 0;
  for (const ScoreEntry* e : in.of(EntryKind::complaint)) {
    double age = static_cast<double>(std::max<int64_t>(0, today - day_number(e->occurred_on).value()));
    weight += std::pow(0.5, age / r.complaint_half_life_days);
    c.records.push_back(e->id);
  }
  c.points = -std::min(r.complaint_cap, weight * r.complaint_points);
  if (c.records.empty()) {
    c.explanation_zh = "无成立的投诉";
    c.explanation_en = "no upheld complaints";
  } else {
    c.explanation_zh =
        fmt::format("{} 起投诉经核查成立，越久影响越小，现在相当于 {:.2f} 起（每 {} 天影响减半）",
                    c.records.size(), weight, num(r.complaint_half_life_days));
    c.explanation_en = fmt::format(
        "{} upheld complaints, weighing less as time passes: now worth {:.2f} (the weight halves every {} "
        "days)",
        c.records.size(), weight, num(r.complaint_half_life_days));
  }
  return c;
}

// Insurance: one independent policy in force today.
ScoreComponent insurance_component(const ScoreInput& in) {
  return valid_today_component(
      in, {EntryKind::insurance, "insurance", "保险保障", "Insurance in force", &ScoreRules::insurance_points,
           "保险有效期至 {}", "insured until {}", "无在保的保险", "no insurance in force"});
}

// Competition awards: points by level, self-claims at a fraction.
ScoreComponent competition_component(const ScoreInput& in) {
  const ScoreRules& r = in.rules;
  auto c = component("competition", "技能大赛", "Skill-competition awards", 1, r.competition_cap);
  double pts = 0;
  for (const ScoreEntry* e : in.of(EntryKind::competition)) {
    double p = e->level == "national"     ? r.competition_national
               : e->level == "provincial" ? r.competition_provincial
               : e->level == "city"       ? r.competition_city
               : e->level == "county"     ? r.competition_county
                                          : 0;
    if (p <= 0) continue;
    pts += p * (e->independent ? 1.0 : r.self_claim_factor);
    c.records.push_back(e->id);
  }
  c.points = std::min(r.competition_cap, pts);
  if (c.records.empty()) {
    c.explanation_zh = "无技能大赛获奖记录";
    c.explanation_en = "no competition awards";
  } else {
    c.explanation_zh = fmt::format("{} 项获奖，合计 {} 分（上限 {} 分）", c.records.size(), num(pts),
                                   num(r.competition_cap));
    c.explanation_en =
        fmt::format("{} awards worth {} points (cap {})", c.records.size(), num(pts), num(r.competition_cap));
  }
  return c;
}

// The components in the order the score file shows them.
using ComponentFn = ScoreComponent (*)(const ScoreInput&);
constexpr ComponentFn kComponents[] = {
    identity_component,   background_check_component, health_check_component,
    training_component,   employment_component,       ratings_component,
    complaints_component, insurance_component,        competition_component};

}  // namespace

ScoreResult compute_score(const std::vector<ScoreEntry>& entries, std::string_view today_s,
                          const ScoreRules& r) {
  const int64_t today = day_number(today_s).value();
  std::vector<const ScoreEntry*> by_kind[std::size(kAllKinds)];
  for (const auto& e : entries)
    if (counts(e) && day_number(e.occurred_on)) by_kind[static_cast<size_t>(e.kind)].push_back(&e);
  const ScoreInput in{by_kind, today, r};
  ScoreResult out;
  for (ComponentFn component : kComponents) out.components.push_back(component(in));

  double total = 0;
  for (auto& c : out.components) {
    c.points = round1(c.points);
    if (c.points == 0) c.points = 0;  // no "-0"
    total += c.points;
  }
  out.score = static_cast<int>(std::lround(std::clamp(total, 0.0, 100.0)));
  out.band = band_for(out.score, r);
  return out;
}

json::array components_json(const std::vector<ScoreComponent>& components) {
  json::array out;
  for (const auto& c : components) {
    json::array records;
    for (int64_t id : c.records) records.push_back(id);
    out.push_back(json::object{{"key", c.key},
                               {"label_zh", c.label_zh},
                               {"label_en", c.label_en},
                               {"weight", c.weight},
                               {"cap", c.cap},
                               {"points", c.points},
                               {"records", std::move(records)},
                               {"explanation", c.explanation_zh},
                               {"explanation_en", c.explanation_en}});
  }
  return out;
}

}  // namespace jz::credit
