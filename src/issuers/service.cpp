#include "issuers/service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <iterator>
#include <set>

#include "accounts/store.hpp"
#include "common/id_number.hpp"
#include "common/text.hpp"
#include "common/time.hpp"
#include "credit/dates.hpp"
#include "credit/kinds.hpp"
#include "issuers/store.hpp"
#include "reference/store.hpp"
#include "security/masking.hpp"
#include "security/password.hpp"

namespace jz::issuers {
namespace {

namespace json = boost::json;
using security::Principal;
using security::Role;

Result<std::string> text(std::string_view v, const std::string& field, size_t max_chars, bool required) {
  std::string s(trim_ascii(v));
  if (s.empty() && required) return make_error("missing_field", field);
  if (credit::utf8_length(s) > max_chars)
    return make_error("invalid_field", field, fmt::format("at most {} characters", max_chars));
  return s;
}

template <size_t N>
Result<std::string> choice(std::string_view v, const std::string& field, const char* const (&options)[N]) {
  if (v.empty()) return make_error("missing_field", field);
  for (const char* o : options)
    if (v == o) return std::string(v);
  std::string allowed;
  for (const char* o : options) allowed += (allowed.empty() ? "" : "|") + std::string(o);
  return make_error("invalid_field", field, allowed);
}

Result<std::string> date(std::string_view v, const std::string& field) {
  if (v.empty()) return make_error("missing_field", field);
  if (!credit::is_date(v)) return make_error("invalid_field", field, "YYYY-MM-DD");
  return std::string(v);
}

security::AuditEntry audit_entry(std::string action, std::string type, int64_t id, std::string summary,
                                 std::optional<int64_t> worker = std::nullopt) {
  security::AuditEntry a;
  a.action = std::move(action);
  a.object_type = std::move(type);
  a.object_id = std::to_string(id);
  a.summary = std::move(summary);
  a.sensitive = worker.has_value();
  a.subject_worker_id = worker;
  return a;
}

// The issuer a health_provider / insurer account acts for, of the type its role needs.
Result<Issuer> own_issuer(Store& store, const Principal& p, std::string_view type) {
  if (std::string_view(security::role_name(p.role)) != type) return make_error("forbidden");
  if (!p.issuer_id) return make_error("out_of_scope", "issuer_id", "account has no organisation");
  auto i = store.find_issuer(*p.issuer_id);
  if (!i || i->type != type) return make_error("out_of_scope", "issuer_id");
  return *i;
}

// The registered worker an issuer names, by ID number and name.
Result<Store::WorkerMatch> resolve(Store& store, const security::FieldCipher& cipher, const Person& person,
                                   const std::string& field) {
  auto name = text(person.name, field + ".name", 50, true);
  if (!name) return name.error();
  if (trim_ascii(person.id_number).empty()) return make_error("missing_field", field + ".id_number");
  auto c = check_id_number(person.id_number, today_utc());
  if (!c.valid) return make_error("invalid_id_number", field + ".id_number", c.reason);
  auto w = store.worker_by_id_index(cipher.blind_index(c.info.normalized, "workers.id_number"));
  if (!w) return make_error("issuer_person_unknown", field + ".id_number");
  if (w->name != *name) return make_error("issuer_person_mismatch", field + ".name");
  return *w;
}

std::string_view level_zh(std::string_view level) {
  if (level == "general") return "一般家政";
  if (level == "home") return "居家家政";
  if (level == "elderly_care") return "养老照护";
  if (level == "maternity") return "母婴照护";
  return level;
}

// One insurance credit entry for one insured person (the insurer asserts it: independent).
credit::NewEntry cover_entry(const Issuer& issuer, const Policy& pol, int64_t worker_id, const std::string& from,
                             const std::string& until) {
  credit::NewEntry e;
  e.worker_id = worker_id;
  e.kind = credit::EntryKind::insurance;
  e.source_type = credit::SourceType::insurer;
  e.source_id = issuer.id;
  e.source_name = issuer.name;
  e.occurred_on = from;
  e.valid_until = until;
  e.details = json::object{{"policy_kind", pol.type},
                           {"insurer", issuer.name},
                           {"policy_no", pol.policy_no},
                           {"coverage", pol.limit_per_person}};
  e.evidence = fmt::format("保单 {}（{}）", pol.policy_no, pol.product);
  e.asserted_role = "insurer";
  e.asserted_organisation = issuer.name;
  return e;
}

}  // namespace

// ── Issuers. ──

Result<Issuer> Service::register_issuer(const Principal& p, NewIssuer in, const security::AuditActor& actor) {
  if (p.role != Role::province_admin && p.role != Role::city_officer) return make_error("forbidden");
  auto type = choice(in.type, "type", {"health_provider", "insurer"});
  if (!type) return type.error();
  auto name = text(in.name, "name", 100, true);
  if (!name) return name.error();
  auto uscc = text(in.uscc, "uscc", 18, false);
  if (!uscc) return uscc.error();
  if (in.division_code.empty()) return make_error("missing_field", "division_code");
  if (!p.scope_includes_division(in.division_code)) return make_error("out_of_scope", "division_code");
  if (in.username.size() < 2 || in.username.size() > 64) return make_error("invalid_field", "username", "2-64 characters");
  for (unsigned char c : in.username)
    if (!std::isalnum(c) && c != '_' && c != '-' && c != '.')
      return make_error("invalid_field", "username", "letters, digits, _ - .");
  if (auto r = security::check_password_strength(in.password); !r)
    return make_error("weak_password", "password", r.error().detail);
  std::string hash = security::hash_password(in.password);
  in.type = *type;
  in.name = *name;
  in.uscc = *uscc;

  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  Store store(*conn);
  if (!reference::store::find_division(*conn, in.division_code))
    return make_error("unknown_division", "division_code", in.division_code);
  if (store.issuer_name_taken(in.type, in.name)) return make_error("issuer_name_taken", "name");
  accounts::Store users(*conn);
  if (users.find_user_by_name(in.username)) return make_error("username_taken", "username");
  const std::string now = now_utc();
  int64_t id = store.insert_issuer(in, p.user_id, now);
  accounts::NewUser u;
  u.username = in.username;
  u.role = in.type == "insurer" ? Role::insurer : Role::health_provider;
  u.display_name = in.name;
  u.division_code = in.division_code;
  u.issuer_id = id;
  users.insert_user(u, hash);
  security::write_audit(*conn, actor, audit_entry("issuer.create", "issuer", id, "type=" + in.type));
  tx.commit();
  auto out = store.list_issuers(in.division_code);
  auto it = std::find_if(out.begin(), out.end(), [&](const Issuer& i) { return i.id == id; });
  return *it;
}

Result<std::vector<Issuer>> Service::list_issuers(const Principal& p) {
  if (!p.is_official()) return make_error("forbidden");
  auto conn = db_.acquire();
  return Store(*conn).list_issuers(p.sees_whole_province() ? std::string() : p.division_code);
}

// ── Health checks. ──

Result<HealthCheck> Service::record_health_check(const Principal& p, HealthCheckInput in,
                                                 const security::AuditActor& actor) {
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto r = record_health_check(*conn, p, std::move(in), actor);
  if (r) tx.commit();
  return r;
}

Result<HealthCheck> Service::record_health_check(db::Connection& conn, const Principal& p, HealthCheckInput in,
                                                 const security::AuditActor& actor) {
  Store store(conn);
  auto issuer = own_issuer(store, p, "health_provider");
  if (!issuer) return issuer.error();
  auto level = choice(in.level, "level", kHealthLevels);
  if (!level) return level.error();
  auto result = choice(in.result, "result", kHealthResults);
  if (!result) return result.error();
  auto checked = date(in.checked_on, "checked_on");
  if (!checked) return checked.error();
  if (*checked > today_utc()) return make_error("invalid_field", "checked_on", "in the future");
  auto report = text(in.report_no, "report_no", 64, true);
  if (!report) return report.error();
  std::optional<std::string> until;
  if (*result == "pass") {
    // One year by default; a provider may give less (never more than two years).
    until = in.valid_until ? *in.valid_until : credit::add_days(*checked, 365);
    if (!credit::is_date(*until)) return make_error("invalid_field", "valid_until", "YYYY-MM-DD");
    if (*until <= *checked || *until > credit::add_days(*checked, 731))
      return make_error("invalid_field", "valid_until", "after checked_on, within two years");
  }
  auto w = resolve(store, cipher_, in.person, "person");
  if (!w) return w.error();
  if (store.health_report_taken(issuer->id, w->id, *report)) return make_error("issuer_duplicate", "report_no");
  in.level = *level;
  in.result = *result;
  in.checked_on = *checked;
  in.report_no = *report;

  credit::NewEntry e;
  e.worker_id = w->id;
  e.kind = credit::EntryKind::health_check;
  e.source_type = credit::SourceType::hospital;
  e.source_id = issuer->id;
  e.source_name = issuer->name;
  e.occurred_on = in.checked_on;
  e.valid_until = until;
  // The result is health data: add_entry moves it into the encrypted details. No lab values are taken at all.
  e.details = json::object{{"institution", issuer->name},
                           {"level", in.level},
                           {"result", in.result == "pass" ? "fit" : in.result == "fail" ? "unfit" : "recheck"}};
  e.evidence = fmt::format("体检报告 {}（{}）", in.report_no, level_zh(in.level));
  e.asserted_role = "health_provider";
  e.asserted_organisation = issuer->name;
  auto entry = credit_.add_entry(conn, e, actor);
  if (!entry) return entry.error();
  const std::string now = now_utc();
  int64_t id = store.insert_health_check(issuer->id, w->id, in, until, *entry, p.user_id, now);
  security::write_audit(conn, actor, audit_entry("health_check.create", "health_check", id, "level=" + in.level, w->id));
  return HealthCheck{id, w->id, security::mask_name(w->name), in.level, in.checked_on, until, in.report_no, *entry, now};
}

Result<credit::Page<HealthCheck>> Service::list_health_checks(const Principal& p, int64_t page, int64_t size) {
  auto conn = db_.acquire();
  Store store(*conn);
  auto issuer = own_issuer(store, p, "health_provider");
  if (!issuer) return issuer.error();
  credit::Page<HealthCheck> out;
  out.items = store.list_health_checks(issuer->id, size, (page - 1) * size);
  out.total = store.count_health_checks(issuer->id);
  out.page = page;
  out.page_size = size;
  return out;
}

// ── Insurance policies. ──

Result<Policy> Service::record_policy(const Principal& p, PolicyInput in, const security::AuditActor& actor) {
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto r = record_policy(*conn, p, std::move(in), actor);
  if (r) tx.commit();
  return r;
}

Result<Policy> Service::record_policy(db::Connection& conn, const Principal& p, PolicyInput in,
                                      const security::AuditActor& actor) {
  Store store(conn);
  auto issuer = own_issuer(store, p, "insurer");
  if (!issuer) return issuer.error();
  auto policy_no = text(in.policy_no, "policy_no", 64, true);
  if (!policy_no) return policy_no.error();
  auto product = text(in.product, "product", 100, true);
  if (!product) return product.error();
  auto type = choice(in.type, "type", kPolicyTypes);
  if (!type) return type.error();
  auto paid_by = choice(in.paid_by, "paid_by", kPayers);
  if (!paid_by) return paid_by.error();
  auto payer = text(in.payer_name, "payer_name", 100, false);
  if (!payer) return payer.error();
  if (in.limit_per_person <= 0 || in.limit_per_person > 100000000)
    return make_error("invalid_field", "limit_per_person", "1–100000000 yuan");
  if (in.premium < 0 || in.premium > 100000000) return make_error("invalid_field", "premium", "0–100000000 yuan");
  auto starts = date(in.starts_on, "starts_on");
  if (!starts) return starts.error();
  auto ends = date(in.ends_on, "ends_on");
  if (!ends) return ends.error();
  if (*ends <= *starts || *ends > credit::add_days(*starts, 3 * 366))
    return make_error("invalid_field", "ends_on", "after starts_on, within three years");
  if (*starts > credit::add_days(today_utc(), 366)) return make_error("invalid_field", "starts_on", "too far ahead");
  if (in.insured.empty()) return make_error("missing_field", "insured");
  if (in.insured.size() > 500) return make_error("invalid_field", "insured", "at most 500 people per policy");
  if (store.policy_no_taken(issuer->id, *policy_no)) return make_error("issuer_duplicate", "policy_no");
  in.policy_no = *policy_no;
  in.product = *product;
  in.type = *type;
  in.paid_by = *paid_by;
  in.payer_name = *payer;
  in.starts_on = *starts;
  in.ends_on = *ends;

  std::vector<int64_t> workers;
  std::set<int64_t> seen;
  for (size_t i = 0; i < in.insured.size(); ++i) {
    auto w = resolve(store, cipher_, in.insured[i], fmt::format("insured[{}]", i));
    if (!w) return w.error();
    if (!seen.insert(w->id).second) return make_error("issuer_duplicate", fmt::format("insured[{}]", i));
    workers.push_back(w->id);
  }
  const std::string now = now_utc();
  int64_t id = store.insert_policy(issuer->id, in, p.user_id, now);
  Policy pol;
  pol.policy_no = in.policy_no;
  pol.product = in.product;
  pol.type = in.type;
  pol.limit_per_person = in.limit_per_person;
  for (int64_t wid : workers) {
    auto entry = credit_.add_entry(conn, cover_entry(*issuer, pol, wid, in.starts_on, in.ends_on), actor);
    if (!entry) return entry.error();
    store.insert_insured(id, wid, in.starts_on, in.ends_on, *entry);
  }
  security::write_audit(conn, actor,
                        audit_entry("insurance_policy.create", "insurance_policy", id,
                                    fmt::format("type={} insured={}", in.type, workers.size())));
  return *store.find_policy(issuer->id, id);
}

Result<credit::Page<Policy>> Service::list_policies(const Principal& p, int64_t page, int64_t size) {
  auto conn = db_.acquire();
  Store store(*conn);
  auto issuer = own_issuer(store, p, "insurer");
  if (!issuer) return issuer.error();
  credit::Page<Policy> out;
  out.items = store.list_policies(issuer->id, size, (page - 1) * size);
  out.total = store.count_policies(issuer->id);
  out.page = page;
  out.page_size = size;
  return out;
}

Result<Policy> Service::endorse(const Principal& p, int64_t policy_id, EndorsementInput in,
                                const security::AuditActor& actor) {
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  Store store(*conn);
  auto issuer = own_issuer(store, p, "insurer");
  if (!issuer) return issuer.error();
  auto pol = store.find_policy(issuer->id, policy_id);
  if (!pol) return make_error("not_found", "id");
  auto no = text(in.endorsement_no, "endorsement_no", 64, true);
  if (!no) return no.error();
  auto eff = date(in.effective_on, "effective_on");
  if (!eff) return eff.error();
  if (*eff < pol->starts_on || *eff > pol->ends_on)
    return make_error("invalid_field", "effective_on", "within the policy period");
  if (!in.remove && !in.add) return make_error("missing_field", "add");
  if (store.endorsement_taken(pol->id, *no)) return make_error("issuer_duplicate", "endorsement_no");
  in.endorsement_no = *no;
  in.effective_on = *eff;
  std::optional<Store::WorkerMatch> removed, added;
  if (in.remove) {
    auto w = resolve(store, cipher_, *in.remove, "remove");
    if (!w) return w.error();
    removed = *w;
  }
  if (in.add) {
    auto w = resolve(store, cipher_, *in.add, "add");
    if (!w) return w.error();
    for (const auto& i : pol->insured)
      if (i.worker_id == w->id && !i.removed) return make_error("issuer_duplicate", "add");
    added = *w;
  }
  const std::string now = now_utc();
  int64_t eid = store.insert_endorsement(pol->id, in, removed ? std::optional(removed->id) : std::nullopt,
                                         added ? std::optional(added->id) : std::nullopt, p.user_id, now);
  if (removed) {
    // Cover ends the day before the endorsement takes effect; a cover that never began is withdrawn.
    std::string until = credit::add_days(in.effective_on, -1);
    auto entry = store.end_cover(pol->id, removed->id, eid, until);
    if (!entry) return make_error("issuer_not_insured", "remove");
    store.shorten_entry(*entry, until, now);
    credit_.recompute(*conn, removed->id);
  }
  if (added) {
    auto entry = credit_.add_entry(*conn, cover_entry(*issuer, *pol, added->id, in.effective_on, pol->ends_on), actor);
    if (!entry) return entry.error();
    store.insert_insured(pol->id, added->id, in.effective_on, pol->ends_on, *entry);
  }
  security::write_audit(*conn, actor, audit_entry("insurance_policy.endorse", "insurance_policy", pol->id, "endorsement"));
  auto out = store.find_policy(issuer->id, pol->id);
  tx.commit();
  return *out;
}

}  // namespace jz::issuers
