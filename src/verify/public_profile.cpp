#include "verify/public_profile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>

#include "security/masking.hpp"
#include "verify/token.hpp"

namespace jz::verify {
namespace {

namespace json = boost::json;

struct Text {
  std::string_view code, zh, en;
};
constexpr Text kReasons[] = {
    {"identity_verified", "已实名认证", "Identity verified"},
    {"identity_unverified", "尚未完成实名认证", "Identity not yet verified"},
    {"identity_failed", "实名认证未通过", "Identity verification failed"},
    {"identity_pending", "身份信息已更改，等待官方重新核验", "Identity details changed; awaiting re-verification"},
    {"background_check_failed", "背景核查未通过", "Background check failed"},
    {"health_check_valid", "健康体检在有效期内", "Health check in date"},
    {"health_check_missing", "没有有效的健康体检记录", "No health check on record"},
    {"health_check_expired", "健康体检已过期", "Health check expired"},
    {"insurance_valid", "保险在保障期内", "Insurance in force"},
    {"insurance_missing", "没有保险记录", "No insurance on record"},
    {"insurance_expired", "保险已过期", "Insurance expired"},
    // Provenance (credit/provenance.hpp): an enterprise's own word on its worker's health or cover is a claim.
    {"health_check_claimed", "体检记录仅为单位自述，尚未经体检机构核实", "Health check only claimed by the employer, not verified by a provider"},
    {"insurance_claimed", "保险记录仅为单位自述，尚未经保险机构核实", "Insurance only claimed by the employer, not verified by the insurer"},
    {"certificate_expired", "服务证已过期", "Certificate expired"},
    {"certificate_revoked", "服务证已被吊销", "Certificate revoked"},
    {"certificate_forged", "服务证是伪造的或被篡改过", "Certificate forged or altered"},
};

std::string text_field(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::optional<double> number_field(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_double()) return v->as_double();
  if (v->is_int64()) return static_cast<double>(v->as_int64());
  if (v->is_uint64()) return static_cast<double>(v->as_uint64());
  return std::nullopt;
}

json::object parse_details(const std::string& text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return {};
  return std::move(v.as_object());
}

std::string fmt_number(double v) {
  return std::fabs(v - std::round(v)) < 1e-9 ? fmt::format("{}", static_cast<int64_t>(std::round(v)))
                                             : fmt::format("{:.1f}", v);
}

std::string_view pick(Lang lang, std::string_view zh, std::string_view en) { return lang == Lang::en ? en : zh; }

std::string_view policy_kind_name(std::string_view kind, Lang lang) {
  if (kind == "liability") return pick(lang, "职业责任险", "Liability insurance");
  if (kind == "employer_liability") return pick(lang, "雇主责任险", "Employer's liability insurance");
  if (kind == "work_injury") return pick(lang, "工伤保险", "Work-injury insurance");
  if (kind == "accident") return pick(lang, "意外险", "Accident insurance");
  return pick(lang, "保险", "Insurance");
}

std::string training_detail(const json::object& d, const std::string& kind, Lang lang) {
  std::vector<std::string> parts;
  if (kind == "competition") {
    if (auto award = text_field(d, "award"); !award.empty()) parts.push_back(award);
    std::string level = text_field(d, "level");
    if (level == "national") parts.emplace_back(pick(lang, "国家级", "national"));
    else if (level == "provincial") parts.emplace_back(pick(lang, "省级", "provincial"));
    else if (level == "city") parts.emplace_back(pick(lang, "市级", "city"));
    else if (level == "county") parts.emplace_back(pick(lang, "县级", "county"));
  } else {
    if (auto h = number_field(d, "hours"))
      parts.push_back(fmt::format("{}{}", fmt_number(*h), pick(lang, " 学时", " hours")));
    std::string a = text_field(d, "assessment");
    if (a == "passed") parts.emplace_back(pick(lang, "考核合格", "assessment passed"));
    else if (a == "failed") parts.emplace_back(pick(lang, "考核未通过", "assessment failed"));
    if (auto lv = number_field(d, "level"); lv && *lv >= 1 && *lv <= 4)
      parts.emplace_back(level_name(static_cast<int>(*lv), lang));
    if (!text_field(d, "certificate_no").empty()) parts.emplace_back(pick(lang, "已取得证书", "certificate held"));
  }
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += pick(lang, "，", ", ");
    out += p;
  }
  return out;
}

}  // namespace

std::string_view reason_text(std::string_view code, Lang lang) {
  for (const auto& r : kReasons)
    if (r.code == code) return lang == Lang::en ? r.en : r.zh;
  return code;
}

std::string_view level_name(int level, Lang lang) {
  switch (level) {
    case 1: return pick(lang, "初级", "junior");
    case 2: return pick(lang, "中级", "intermediate");
    case 3: return pick(lang, "高级", "senior");
    case 4: return pick(lang, "技师", "technician");
  }
  return "";
}

std::optional<int> age_on(std::string_view birth, std::string_view today) {
  if (!days_from_date(birth) || !days_from_date(today)) return std::nullopt;
  int years = std::stoi(std::string(today.substr(0, 4))) - std::stoi(std::string(birth.substr(0, 4)));
  if (today.substr(5) < birth.substr(5)) --years;  // MM-DD compares as text
  return years;
}

std::vector<PublicProfile::CreditReason> top_credit_reasons(std::string_view components, Lang lang, size_t n) {
  // credit_scores.components: [{key, label_zh, label_en, weight, cap, points, records, explanation,
  // explanation_en}] (credit/score.hpp). The largest contributions either way explain the band best.
  boost::system::error_code ec;
  auto v = json::parse(components, ec);
  std::vector<PublicProfile::CreditReason> out;
  if (ec || !v.is_array()) return out;
  std::vector<std::pair<double, PublicProfile::CreditReason>> all;
  for (const auto& item : v.as_array()) {
    if (!item.is_object()) continue;
    const auto& o = item.as_object();
    double points = number_field(o, "points").value_or(0);
    if (std::fabs(points) < 0.05) continue;
    std::string label = text_field(o, lang == Lang::en ? "label_en" : "label_zh");
    std::string why = text_field(o, lang == Lang::en ? "explanation_en" : "explanation");
    if (label.empty()) label = text_field(o, "key");
    std::string text = why.empty() ? label : label + std::string(pick(lang, "：", ": ")) + why;
    all.push_back({std::fabs(points), {std::move(text), points}});
  }
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t i = 0; i < all.size() && i < n; ++i) out.push_back(std::move(all[i].second));
  return out;
}

PublicProfile build_public_profile(const ProfileFacts& f, const std::string& today, Lang lang) {
  PublicProfile p;
  p.public_id = f.public_id;
  p.name = security::mask_name(f.name);
  // photo_url is set by the caller from the certificate token, and only while the photo is the one the
  // certificate was issued with (Verification::photo_matches): never by the worker's public id.
  p.age = age_on(f.birth_date, today);
  for (const auto& o : f.occupations)
    p.occupations.push_back({o.code, lang == Lang::en ? o.name_en : o.name_zh, o.level,
                             std::string(level_name(o.level, lang))});
  if (f.band) p.credit = PublicProfile::Credit{*f.band, top_credit_reasons(f.components.value_or("[]"), lang),
                                               f.score_computed_at.value_or("")};
  p.enterprise = f.enterprise_name;

  // Identity: the worker row says what the registry concluded; the latest identity entry can only make it
  // stricter (a failed check is never hidden by a stale "verified").
  // "pending": her name or photo changed since she was verified; an older "verified" entry cannot lift it.
  p.identity.status = f.identity_status == "verified" ? "verified"
                      : f.identity_status == "failed" ? "failed"
                      : f.identity_status == "pending" ? "pending"
                                                       : "unverified";
  p.background_check.status = "none";
  p.health_check.status = "missing";
  p.insurance.status = "missing";
  bool identity_seen = false, background_seen = false;
  std::optional<std::string> health_best, health_last;  // latest valid_until in force / of any check
  std::optional<std::string> insurance_best, insurance_last;
  std::string health_level;
  bool health_claimed = false, insurance_claimed = false;
  for (const auto& e : f.entries) {  // newest first within each kind
    // Only an independent party's word turns the light green: claims are noted, never counted.
    if ((e.kind == "health_check" || e.kind == "insurance") && !e.independent) {
      (e.kind == "health_check" ? health_claimed : insurance_claimed) = true;
      continue;
    }
    if (e.kind == "identity_verification" && !identity_seen) {
      identity_seen = true;
      std::string s = text_field(parse_details(e.details), "status");
      if (s == "failed") p.identity.status = "failed";
      else if (s == "verified" && p.identity.status == "unverified") p.identity.status = "verified";
      p.identity.date = e.occurred_on;
    } else if (e.kind == "background_check" && !background_seen) {
      background_seen = true;
      std::string s = text_field(parse_details(e.details), "status");
      p.background_check.status = s == "failed" ? "failed" : s == "passed" ? "passed" : "none";
      p.background_check.date = e.occurred_on;
    } else if (e.kind == "health_check" && e.valid_until) {
      // Only the validity, never the result: an unfit check has no valid_until and shows as no valid check.
      if (*e.valid_until >= today && (!health_best || *e.valid_until > *health_best)) {
        health_best = e.valid_until;
        health_level = text_field(parse_details(e.details), "level");
      }
      if (!health_last || *e.valid_until > *health_last) health_last = e.valid_until;
    } else if (e.kind == "insurance") {
      auto d = parse_details(e.details);
      PublicProfile::Policy pol;
      pol.kind = std::string(policy_kind_name(text_field(d, "policy_kind"), lang));
      pol.insurer = text_field(d, "insurer");
      pol.valid_until = e.valid_until;
      bool started = e.occurred_on <= today;
      bool in_date = e.valid_until && *e.valid_until >= today;
      pol.status = !in_date ? "expired" : started ? "valid" : "pending";
      if (in_date && started && (!insurance_best || *e.valid_until > *insurance_best)) insurance_best = e.valid_until;
      if (e.valid_until && (!insurance_last || *e.valid_until > *insurance_last)) insurance_last = e.valid_until;
      p.policies.push_back(std::move(pol));
    } else if (e.kind == "training" || e.kind == "competition") {
      auto d = parse_details(e.details);
      PublicProfile::Training t;
      t.kind = e.kind;
      t.title = text_field(d, e.kind == "training" ? "course" : "competition");
      if (t.title.empty()) t.title = e.summary;
      t.detail = training_detail(d, e.kind, lang);
      t.on = e.occurred_on;
      t.source = e.source_name;
      t.verified = e.independent;
      p.training.push_back(std::move(t));
    }
  }
  if (health_best) p.health_check = {"valid", health_best};
  else if (health_last) p.health_check = {"expired", health_last};
  else if (health_claimed) p.health_check.status = "claimed";
  if (insurance_best) p.insurance = {"valid", insurance_best};
  else if (insurance_last) p.insurance = {"expired", insurance_last};
  else if (insurance_claimed) p.insurance.status = "claimed";
  p.health_check.level = health_level;
  // Expiry reminders: in date but lapsing within 30 days.
  auto soon = [&](const PublicProfile::Dated& d) {
    auto until = d.date ? days_from_date(*d.date) : std::nullopt;
    auto now = days_from_date(today);
    return d.status == "valid" && until && now && *until - *now <= 30;
  };
  p.health_check.expiring_soon = soon(p.health_check);
  p.insurance.expiring_soon = soon(p.insurance);
  std::stable_sort(p.training.begin(), p.training.end(), [](const auto& a, const auto& b) { return a.on > b.on; });
  return p;
}

StatusLight status_light(const PublicProfile* p, Verdict verdict) {
  StatusLight l;
  if (verdict == Verdict::forged || !p) {
    l.color = "red";
    l.reasons.emplace_back(verdict == Verdict::forged ? "certificate_forged" : "certificate_revoked");
    return l;
  }
  std::vector<std::string> red, yellow;
  if (verdict == Verdict::revoked) red.emplace_back("certificate_revoked");
  if (p->identity.status == "failed") red.emplace_back("identity_failed");
  if (p->background_check.status == "failed") red.emplace_back("background_check_failed");
  if (verdict == Verdict::expired) yellow.emplace_back("certificate_expired");
  if (p->identity.status == "unverified") yellow.emplace_back("identity_unverified");
  if (p->identity.status == "pending") yellow.emplace_back("identity_pending");
  if (p->health_check.status != "valid") yellow.push_back("health_check_" + p->health_check.status);
  if (p->insurance.status != "valid") yellow.push_back("insurance_" + p->insurance.status);
  if (!red.empty()) {
    l.color = "red";
    l.reasons = std::move(red);
  } else if (!yellow.empty()) {
    l.color = "yellow";
    l.reasons = std::move(yellow);
  } else {
    l.color = "green";
    l.reasons = {"identity_verified", "health_check_valid", "insurance_valid"};
  }
  return l;
}

boost::json::object profile_json(const PublicProfile& p) {
  auto opt = [](const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); };
  json::array occupations;
  for (const auto& o : p.occupations)
    occupations.push_back(
        json::object{{"code", o.code}, {"name", o.name}, {"level", o.level}, {"level_name", o.level_name}});
  json::value credit = nullptr;
  if (p.credit) {
    json::array reasons;
    for (const auto& r : p.credit->reasons)
      reasons.push_back(json::object{{"text", r.text}, {"points", r.points ? json::value(*r.points) : json::value(nullptr)}});
    credit = json::object{{"band", p.credit->band}, {"reasons", std::move(reasons)}, {"computed_at", p.credit->computed_at}};
  }
  json::array policies;
  for (const auto& pol : p.policies)
    policies.push_back(json::object{
        {"kind", pol.kind}, {"insurer", pol.insurer}, {"valid_until", opt(pol.valid_until)}, {"status", pol.status}});
  json::array training;
  for (const auto& t : p.training)
    training.push_back(json::object{{"kind", t.kind},
                                    {"title", t.title},
                                    {"detail", t.detail},
                                    {"on", t.on},
                                    {"source", t.source},
                                    {"verified", t.verified}});
  return json::object{
      {"public_id", p.public_id},
      {"name", p.name},
      {"photo_url", p.photo_url.empty() ? boost::json::value(nullptr) : boost::json::value(p.photo_url)},
      {"age", p.age ? json::value(*p.age) : json::value(nullptr)},
      {"occupations", std::move(occupations)},
      {"credit", std::move(credit)},
      {"identity", json::object{{"status", p.identity.status}, {"date", opt(p.identity.date)}}},
      {"background_check",
       json::object{{"status", p.background_check.status}, {"date", opt(p.background_check.date)}}},
      {"health_check", json::object{{"status", p.health_check.status},
                                    {"valid_until", opt(p.health_check.date)},
                                    {"level", p.health_check.level.empty() ? json::value(nullptr) : json::value(p.health_check.level)},
                                    {"expiring_soon", p.health_check.expiring_soon}}},
      {"insurance", json::object{{"status", p.insurance.status},
                                 {"valid_until", opt(p.insurance.date)},
                                 {"expiring_soon", p.insurance.expiring_soon},
                                 {"policies", std::move(policies)}}},
      {"training", std::move(training)},
      {"enterprise", p.enterprise ? json::value(json::object{{"name", *p.enterprise}}) : json::value(nullptr)},
  };
}

boost::json::object light_json(const StatusLight& light, Lang lang) {
  json::array reasons;
  for (const auto& r : light.reasons)
    reasons.push_back(json::object{{"code", r}, {"message", reason_text(r, lang)}});
  return json::object{{"color", light.color}, {"reasons", std::move(reasons)}};
}

}  // namespace jz::verify
