#include "subsidy/service.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <algorithm>
#include <chrono>
#include <limits>
#include <set>
#include <tuple>

#include "common/embedded.hpp"
#include "common/text.hpp"
#include "common/time.hpp"
#include "credit/provenance.hpp"
#include "security/masking.hpp"
#include "registry/export.hpp"
#include "registry/scope.hpp"
#include "subsidy/bank_file.hpp"

namespace jz::subsidy {
namespace {

namespace json = boost::json;
using security::Role;

// Which record each condition read, from the prefixes of the fields it used.
std::vector<EvidenceItem> evidence_of(const Evaluation& ev, const WorkerRecord& w, const EmploymentRecord* e,
                                      const FounderRecord* f) {
  std::vector<EvidenceItem> out;
  for (const auto& c : ev.conditions) {
    EvidenceItem item{c.text, c.passed, c.values, {}};
    std::set<std::string> records;
    for (const auto& [field, _] : c.values) {
      if (field.rfind("worker.", 0) == 0) records.insert(fmt::format("worker {}", w.id));
      else if (field.rfind("employment.", 0) == 0) records.insert(e ? fmt::format("employment {}", e->entry_id) : "employment none");
      else if (field.rfind("enterprise.", 0) == 0) records.insert(f ? fmt::format("enterprise {}", f->enterprise_id) : "enterprise none");
      else if (field.rfind("paid.", 0) == 0) records.insert("payments");
    }
    item.records.assign(records.begin(), records.end());
    out.push_back(std::move(item));
  }
  return out;
}

PersonResult person(const Rule& rule, const WorkerRecord& w, const Choice& c, std::span<const EmploymentRecord> emps,
                    std::span<const FounderRecord> founders, bool paid, const FactContext& ctx) {
  Evaluation ev = explain(rule, w, c, emps, founders, paid, ctx);
  const bool by_enterprise = rule.subject == "enterprise";
  const EmploymentRecord* e = !by_enterprise && c.candidate >= 0 ? &emps[static_cast<size_t>(c.candidate)] : nullptr;
  const FounderRecord* f = by_enterprise && c.candidate >= 0 ? &founders[static_cast<size_t>(c.candidate)] : nullptr;
  PersonResult p;
  p.worker_id = w.id;
  p.name = w.name;
  p.prefecture_code = w.prefecture_code;
  p.eligible = ev.eligible;
  p.yuan = ev.yuan;
  p.case_label = ev.case_label;
  if (e) p.employment_entry_id = e->entry_id;
  if (f) p.enterprise_id = f->enterprise_id;
  p.first_failed = ev.first_failed;
  p.evidence = evidence_of(ev, w, e, f);
  return p;
}

// What `relaxed` needed that `strict` did not: the claims her eligibility waits on, with who can verify each.
AwaitingPerson awaiting_person(const WorkerRecord& w, const Choice& c, std::span<const EmploymentRecord> emps,
                               bool by_enterprise) {
  AwaitingPerson a;
  a.worker_id = w.id;
  a.name = security::mask_name(w.name);
  a.prefecture_code = w.prefecture_code;
  a.yuan = c.yuan;
  for (auto [flag, set, verified] : {std::tuple{"worker.poverty_alleviated", w.poverty_alleviated, w.poverty_alleviated_verified},
                                     std::tuple{"worker.monitored", w.monitored, w.monitored_verified}})
    if (set && !verified) a.claims.push_back({flag, std::nullopt, credit::flag_verifiers_zh(""), credit::flag_verifiers_en()});
  if (!by_enterprise && c.candidate >= 0) {
    const auto& e = emps[static_cast<size_t>(c.candidate)];
    if (!e.independent)
      a.claims.push_back({"employment", e.entry_id, credit::verifiers_zh(credit::EntryKind::employment),
                          credit::verifiers_en(credit::EntryKind::employment)});
  }
  return a;
}

bool is_maker_role(const security::Principal& p) {
  return p.role == Role::province_admin || p.role == Role::city_officer;
}

// The 市州 a request acts on: a city officer's own (asking for another is out of scope); an official of the
// province any one, or "" for all.
Result<std::string> acting_prefecture(const security::Principal& p, const std::optional<std::string>& asked) {
  if (p.role == Role::city_officer) {
    if (p.division_code.empty()) return make_error("out_of_scope", "prefecture");
    if (asked && !asked->empty() && *asked != p.division_code) return make_error("out_of_scope", "prefecture");
    return p.division_code;
  }
  if (!p.sees_whole_province()) return make_error("forbidden");
  if (asked && !asked->empty() && (asked->size() != 4 || asked->substr(0, 2) != "62"))
    return make_error("invalid_field", "prefecture", "a 4-digit 市州 code, e.g. 6201");
  return asked.value_or("");
}

bool sees_batch(const security::Principal& p, const Batch& b) {
  if (p.sees_whole_province()) return true;
  return p.role == Role::city_officer && !p.division_code.empty() && b.prefecture_code == p.division_code;
}

// Batch `id` as `p` may see it: not found, out of her scope, or the batch.
Result<Batch> visible_batch(Store& store, const security::Principal& p, int64_t id) {
  auto b = store.batch(id);
  if (!b) return make_error("subsidy_batch_not_found", "id");
  if (!sees_batch(p, *b)) return make_error("out_of_scope");
  return std::move(*b);
}

json::object evidence_item_json(const EvidenceItem& e) {
  json::object values;
  for (const auto& [k, v] : e.values) values[k] = v;
  json::array records;
  for (const auto& r : e.records) records.emplace_back(r);
  return {{"condition", e.text}, {"passed", e.passed}, {"values", std::move(values)}, {"records", std::move(records)}};
}

std::string reference_for(int64_t batch_id, const std::string& policy_id, const std::string& period, int64_t worker_id) {
  std::string tag = policy_id.substr(0, std::min<size_t>(policy_id.size(), 3));
  for (auto& ch : tag) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return fmt::format("JZ{}{}-{}-{}", tag, period, batch_id, worker_id);
}

}  // namespace

json::array evidence_json(const std::vector<EvidenceItem>& items) {
  json::array out;
  for (const auto& e : items) out.push_back(evidence_item_json(e));
  return out;
}

Simulation run_rule(Store& store, const Rule& rule, const Period& period, const std::string& prefecture,
                    const std::string& as_of, size_t keep, bool pushdown, int64_t chunk_ids) {
  auto started = std::chrono::steady_clock::now();
  Simulation sim;
  sim.policy_id = rule.id;
  sim.rule_version = rule.version;
  sim.period = period.key;
  sim.as_of = as_of;
  sim.prefecture_code = prefecture;
  sim.budget_yuan = rule.budget_yuan;
  Lookups lookups = store.lookups();
  FactContext ctx{period, as_of, &lookups.domestic_occupations, &lookups.province_names};
  auto paid = store.paid_workers(rule.id, period.key);
  // The rule with every independence condition read as its claim: who would qualify once verified. The scan
  // pre-filters on it (it admits everyone the strict rule admits).
  bool reads_independence = false;
  const Rule relaxed = relax_independence(rule, &reads_independence);
  Pushdown pd = pushdown ? pushdown_for(reads_independence ? relaxed : rule, period) : Pushdown{};
  // Each chunk scans the employments of a range of worker ids; in PostgreSQL that is a scan of the table
  // (an index range over scattered rows is slower still). With a pre-filter on employments the rows that come
  // back are few, so one chunk of up to 4M workers; without one, smaller chunks bound the memory.
  if (chunk_ids <= 0) chunk_ids = pd.employments_sql.empty() ? 131072 : int64_t{1} << 22;
  Slots scratch;
  std::vector<Tally> by_case(rule.amounts.size());
  store.scan(pd, prefecture, [&](Chunk& chunk) {
    size_t ei = 0, fi = 0;
    for (const auto& w : chunk.workers) {
      while (ei < chunk.employments.size() && chunk.employments[ei].worker_id < w.id) ++ei;
      size_t ee = ei;
      while (ee < chunk.employments.size() && chunk.employments[ee].worker_id == w.id) ++ee;
      while (fi < chunk.founders.size() && chunk.founders[fi].worker_id < w.id) ++fi;
      size_t fe = fi;
      while (fe < chunk.founders.size() && chunk.founders[fe].worker_id == w.id) ++fe;
      std::span<const EmploymentRecord> emps(chunk.employments.data() + ei, ee - ei);
      std::span<const FounderRecord> founders(chunk.founders.data() + fi, fe - fi);
      ei = ee;
      fi = fe;
      const bool was_paid = paid.count(w.id) > 0;
      Choice c = choose(rule, w, emps, founders, was_paid, ctx, scratch);
      if (!c.eligible) {
        if (!reads_independence) continue;
        Choice r = choose(relaxed, w, emps, founders, was_paid, ctx, scratch);
        if (!r.eligible) continue;
        ++sim.awaiting.people;
        sim.awaiting.yuan += r.yuan;
        if (sim.awaiting_sample.size() < std::min<size_t>(keep, 500)) {  // batches keep every payee, not these
          sim.awaiting_sample.push_back(awaiting_person(w, r, emps, rule.subject == "enterprise"));
          sim.awaiting_sample.back().case_label = rule.amounts[static_cast<size_t>(r.amount_case)].label;
        }
        continue;
      }
      ++sim.total.people;
      sim.total.yuan += c.yuan;
      auto& t = sim.by_prefecture[w.prefecture_code];
      ++t.people;
      t.yuan += c.yuan;
      ++by_case[static_cast<size_t>(c.amount_case)].people;
      by_case[static_cast<size_t>(c.amount_case)].yuan += c.yuan;
      if (sim.sample.size() < keep) sim.sample.push_back(person(rule, w, c, emps, founders, was_paid, ctx));
    }
  }, chunk_ids);
  for (size_t i = 0; i < rule.amounts.size(); ++i)
    if (by_case[i].people > 0) sim.by_case[rule.amounts[i].label] = by_case[i];
  sim.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return sim;
}

void Service::install_default_policies() {
  // Two instances starting at once may both insert version 1: the loser's transaction fails on the UNIQUE
  // constraint and the second attempt finds the rules stored.
  for (int attempt = 0;; ++attempt) {
    try {
      install_default_policies_once();
      return;
    } catch (const db::ConstraintError&) {
      if (attempt >= 2) throw;
    }
  }
}

void Service::install_default_policies_once() {
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  Store store(*conn);
  for (const auto& [path, text] : embedded_files()) {
    if (path.rfind("data/policies/", 0) != 0 || !path.ends_with(".toml")) continue;
    auto parsed = parse_rule_toml(text);
    if (!parsed.rule) throw std::runtime_error("default policy " + path + " does not check: " +
                                               (parsed.problems.empty() ? "" : parsed.problems[0].message));
    auto stored = store.rule_version(parsed.rule->id, std::nullopt);
    // A default the province never edited follows the shipped text (e.g. money only on independent facts): a
    // new version, so batches keep the version they were made with. An edited rule is the province's own.
    if (stored && (stored->created_by != "system" || stored->source == text)) continue;
    int version = stored ? stored->version + 1 : 1;
    store.insert_rule_version({parsed.rule->id, version, parsed.rule->name, std::string(text), "system", now_utc()});
    security::write_audit(*conn, {std::nullopt, "system", "system", "", ""},
                          {"subsidy.policy.install", "subsidy_policy", parsed.rule->id,
                           fmt::format("默认政策规则 版本 {}", version), false, {}});
  }
  tx.commit();
}

Result<Rule> Service::load_rule(Store& store, const std::string& policy_id, RuleVersion* version) {
  auto v = store.rule_version(policy_id, std::nullopt);
  if (!v) return make_error("subsidy_policy_not_found", "id", policy_id);
  auto parsed = parse_rule_toml(v->source);
  if (!parsed.rule) return make_error("internal", "", "stored rule does not check");
  parsed.rule->version = v->version;
  if (version) *version = *v;
  return *parsed.rule;
}

Result<std::vector<PolicySummary>> Service::policies() {
  auto conn = db_.acquire();
  Store store(*conn);
  std::vector<PolicySummary> out;
  for (auto& v : store.current_rules()) {
    auto parsed = parse_rule_toml(v.source);
    PolicySummary s;
    if (parsed.rule) {
      s.legal_basis = parsed.rule->legal_basis;
      s.subject = parsed.rule->subject;
      s.budget_yuan = parsed.rule->budget_yuan;
      s.conditions = static_cast<int64_t>(parsed.rule->conditions.size());
    }
    s.current = std::move(v);
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<RuleVersion>> Service::versions(const std::string& policy_id) {
  auto conn = db_.acquire();
  Store store(*conn);
  auto v = store.rule_versions(policy_id);
  if (v.empty()) return make_error("subsidy_policy_not_found", "id", policy_id);
  return v;
}

Result<SaveOutcome> Service::save_policy(const security::Principal& p, const std::string& policy_id,
                                         const std::string& source, const security::AuditActor& actor) {
  if (p.role != Role::province_admin) return make_error("forbidden");
  SaveOutcome out;
  auto parsed = parse_rule_toml(source);
  if (!parsed.rule) {
    out.problems = std::move(parsed.problems);
    return out;
  }
  if (parsed.rule->id != policy_id) {
    out.problems.push_back({0, 0, fmt::format("id must stay \"{}\"", policy_id)});
    return out;
  }
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  Store store(*conn);
  auto current = store.rule_version(policy_id, std::nullopt);
  if (!current) return make_error("subsidy_policy_not_found", "id", policy_id);
  RuleVersion v{policy_id, current->version + 1, parsed.rule->name, source, p.username, now_utc()};
  try {
    store.insert_rule_version(v);
  } catch (const db::ConstraintError&) {
    return make_error("conflict", "version", "another version was saved at the same time; reload and retry");
  }
  security::write_audit(*conn, actor,
                        {"subsidy.policy.save", "subsidy_policy", policy_id, fmt::format("版本 {}", v.version), false, {}});
  tx.commit();
  out.saved = std::move(v);
  return out;
}

Result<Simulation> Service::simulate(const security::Principal& p, const std::string& policy_id,
                                     const std::string& period_text, const std::optional<std::string>& prefecture,
                                     size_t sample) {
  auto period = parse_period(period_text);
  if (!period) return period.error();
  auto pref = acting_prefecture(p, prefecture);
  if (!pref) return pref.error();
  auto conn = db_.acquire();
  // One read transaction: a consistent snapshot of the records (PostgreSQL), and nothing is written.
  db::Transaction tx(*conn, false);
  Store store(*conn);
  auto rule = load_rule(store, policy_id);
  if (!rule) return rule.error();
  return run_rule(store, *rule, *period, *pref, today_utc(), sample);
}

int64_t Service::flag_corrections(db::Connection& conn, const security::AuditActor& actor,
                                  std::optional<int64_t> batch_id, std::optional<int64_t> worker_id) {
  Store store(conn);
  // Look first (a read); only when something changed take the write transaction and look again inside it.
  if (store.unflagged_corrections(batch_id, worker_id).empty()) return 0;
  db::Transaction tx(conn, true);
  auto found = store.unflagged_corrections(batch_id, worker_id);
  const std::string now = now_utc();
  for (const auto& c : found) {
    std::string reason = fmt::format("employment {} {}", c.entry_id, c.employment_status);
    store.flag(c.payment_id, reason, now);
    security::write_audit(conn, actor,
                          {"subsidy.payment.flag", "subsidy_payment", std::to_string(c.payment_id),
                           fmt::format("批次 {}：从业记录 {} 状态变为 {}，待复核", c.batch_id, c.entry_id, c.employment_status),
                           false, c.worker_id});
  }
  tx.commit();
  return static_cast<int64_t>(found.size());
}

Result<WorkerSubsidies> Service::worker_subsidies(const security::Principal& p, int64_t worker_id,
                                                  const std::string& period_text, const security::AuditActor& actor) {
  auto period = parse_period(period_text);
  if (!period) return period.error();
  auto conn = db_.acquire();
  auto ref = registry::load_worker_ref(*conn, worker_id);
  if (!ref) return make_error("not_found", "id");
  if (p.role == Role::enterprise || !registry::can_view_worker(p, *ref)) return make_error("out_of_scope");
  flag_corrections(*conn, actor, std::nullopt, worker_id);
  WorkerSubsidies out;
  out.worker_id = worker_id;
  out.period = period->key;
  {
    db::Transaction tx(*conn, false);
    Store store(*conn);
    out.payments = store.worker_payments(worker_id);
    auto records = store.worker_records(worker_id);
    if (!records) return make_error("not_found", "id");
    Lookups lookups = store.lookups();
    FactContext ctx{*period, today_utc(), &lookups.domestic_occupations, &lookups.province_names};
    Slots scratch;
    for (auto& v : store.current_rules()) {
      auto parsed = parse_rule_toml(v.source);
      if (!parsed.rule) continue;
      parsed.rule->version = v.version;
      const bool paid = !store.paid_workers(v.policy_id, period->key, worker_id).empty();
      const auto& w = records->workers[0];
      Choice c = choose(*parsed.rule, w, records->employments, records->founders, paid, ctx, scratch);
      WorkerRuleResult r;
      r.result = person(*parsed.rule, w, c, records->employments, records->founders, paid, ctx);
      r.already_paid = paid;
      r.rule = std::move(v);
      r.rule.source.clear();
      out.rules.push_back(std::move(r));
    }
    for (auto& pay : out.payments)
      for (const auto& r : out.rules)
        if (r.rule.policy_id == pay.policy_id) pay.policy_name = r.rule.name;
    tx.commit();
  }
  security::write_audit(*conn, actor,
                        {"subsidy.worker.view", "worker", std::to_string(worker_id), "查看补贴资格与发放记录", true, worker_id});
  return out;
}

Result<CreatedBatch> Service::create_batch(const security::Principal& p, const std::string& policy_id,
                                           const std::string& period_text, const std::optional<std::string>& prefecture,
                                           const std::optional<std::string>& key, const security::AuditActor& actor) {
  if (!is_maker_role(p)) return make_error("forbidden");
  auto period = parse_period(period_text);
  if (!period) return period.error();
  auto pref = acting_prefecture(p, prefecture);
  if (!pref) return pref.error();
  if (key && (key->empty() || key->size() > 100)) return make_error("invalid_field", "Idempotency-Key", "1–100 characters");
  auto conn = db_.acquire();
  // A concurrent batch may claim the same people between our read and our insert: the UNIQUE constraint on
  // payments (or on the idempotency key) then rejects the whole transaction, and we try again — the second
  // time the claims are visible, so those people are left out (or the earlier batch is returned).
  for (int attempt = 0;; ++attempt) {
    try {
      db::Transaction tx(*conn, true);
      Store store(*conn);
      // The batch an earlier request with this key created (the same policy, period and 市州, else refused).
      auto earlier = [&]() -> std::optional<Result<CreatedBatch>> {
        auto existing = key ? store.batch_by_key(p.user_id, *key) : std::nullopt;
        if (!existing) return std::nullopt;
        auto b = store.batch(*existing);
        if (b->policy_id != policy_id || b->period != period->key || b->prefecture_code != *pref)
          return Result<CreatedBatch>(make_error("subsidy_idempotency_key_reused", "Idempotency-Key"));
        tx.commit();
        return Result<CreatedBatch>(CreatedBatch{*b, false});
      };
      if (auto r = earlier()) return std::move(*r);
      RuleVersion version;
      auto rule = load_rule(store, policy_id, &version);
      if (!rule) return rule.error();
      const std::string now = now_utc();
      Simulation sim = run_rule(store, *rule, *period, *pref, today_utc(), std::numeric_limits<size_t>::max());
      if (sim.total.people == 0) {
        // A request with the same key may have committed its batch (and claimed these people) after we looked
        // for the key (PostgreSQL: each statement sees what was committed before it began): that batch is ours.
        if (auto r = earlier()) return std::move(*r);
        return make_error("subsidy_nothing_to_pay", "", rule->name);
      }
      Batch b;
      b.policy_id = policy_id;
      b.rule_version = version.version;
      b.period = period->key;
      b.prefecture_code = *pref;
      b.as_of = sim.as_of;
      b.people = sim.total.people;
      b.total_yuan = sim.total.yuan;
      b.maker_user_id = p.user_id;
      b.maker_name = p.display_name.empty() ? p.username : p.display_name;
      b.created_at = now;
      b.id = store.insert_batch(b, key);
      for (const auto& person : sim.sample) {
        std::string ref = reference_for(b.id, policy_id, period->key, person.worker_id);
        store.insert_item(b.id, person, json::serialize(evidence_json(person.evidence)), ref);
        store.insert_payment(b.id, person, policy_id, period->key, ref, now);
      }
      security::write_audit(*conn, actor,
                            {"subsidy.batch.create", "payment_batch", std::to_string(b.id),
                             fmt::format("{} {} 版本 {}，{} 人，{} 元，范围 {}", rule->name, period->key, version.version,
                                         b.people, b.total_yuan, pref->empty() ? "全省" : *pref),
                             false, {}});
      tx.commit();
      b.status = "pending";
      b.payments_by_status["pending"] = b.people;
      return CreatedBatch{b, true};
    } catch (const db::ConstraintError&) {
      if (attempt >= 4) return make_error("conflict", "", "concurrent batches; please retry");
    }
  }
}

Result<std::vector<Batch>> Service::batches(const security::Principal& p, const security::AuditActor& actor) {
  if (!p.is_official()) return make_error("forbidden");
  auto conn = db_.acquire();
  flag_corrections(*conn, actor);
  Store store(*conn);
  return p.sees_whole_province() ? store.batches("", true) : store.batches(p.division_code, false);
}

Result<BatchDetail> Service::batch(const security::Principal& p, int64_t id, const security::AuditActor& actor) {
  auto conn = db_.acquire();
  Store store(*conn);
  auto b = visible_batch(store, p, id);
  if (!b) return b.error();
  if (flag_corrections(*conn, actor, id) > 0) b = *store.batch(id);
  BatchDetail d;
  d.batch = *b;
  if (auto v = store.rule_version(b->policy_id, b->rule_version)) d.policy_name = v->name;
  d.items = store.items(id, 500);
  security::write_audit(*conn, actor,
                        {"subsidy.batch.view", "payment_batch", std::to_string(id), "查看发放批次名单（脱敏）", true, {}});
  return d;
}

std::string why_cannot_check(const security::Principal& p, const Batch& b) {
  if (!p.is_official()) return "forbidden";
  if (!sees_batch(p, b)) return "out_of_scope";
  if (b.status != "pending") return "subsidy_batch_decided";
  if (b.maker_user_id == p.user_id) return "subsidy_maker_cannot_check";
  switch (p.role) {
    case Role::department:
    case Role::province_admin: return "";
    case Role::city_officer: return b.prefecture_code.empty() ? "subsidy_province_batch_checker" : "";
    default: return "forbidden";
  }
}

bool may_withdraw(const security::Principal& p, const Batch& b) {
  return b.status == "pending" && b.maker_user_id == p.user_id;
}

Result<Batch> Service::decide(const security::Principal& p, int64_t id, bool approve, const std::string& reason,
                              std::optional<int64_t> confirmed_total, const security::AuditActor& actor) {
  if (!p.is_official()) return make_error("forbidden");
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  Store store(*conn);
  auto b = store.batch(id);
  if (!b) return make_error("subsidy_batch_not_found", "id");
  if (auto why = why_cannot_check(p, *b); !why.empty())
    return make_error(why, "", why == "subsidy_batch_decided" ? b->status : "");
  if (confirmed_total && *confirmed_total != b->total_yuan)
    return make_error("subsidy_batch_total_mismatch", "total_yuan", std::to_string(b->total_yuan));
  const std::string now = now_utc();
  const std::string checker = p.display_name.empty() ? p.username : p.display_name;
  // Conditional update first: of concurrent decisions exactly one changes the row; the others get 409 and
  // write nothing (PostgreSQL makes them wait for the first and re-check the status).
  if (!store.decide(id, approve ? "approved" : "rejected", p.user_id, checker, reason, now))
    return make_error("subsidy_batch_decided", "", "decided concurrently");
  int64_t n = approve ? store.issue_payments(id, now) : store.release_claims(id);
  security::write_audit(*conn, actor,
                        {approve ? "subsidy.batch.approve" : "subsidy.batch.reject", "payment_batch", std::to_string(id),
                         approve ? fmt::format("复核通过，{} 笔发放指令已生成", n)
                                 : fmt::format("复核退回（{} 笔资格释放）：{}", n, reason),
                         false, {}});
  tx.commit();
  return *store.batch(id);
}

Result<Batch> Service::withdraw(const security::Principal& p, int64_t id, const std::string& reason,
                                const security::AuditActor& actor) {
  if (!is_maker_role(p)) return make_error("forbidden");
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  Store store(*conn);
  auto b = visible_batch(store, p, id);
  if (!b) return b.error();
  if (b->maker_user_id != p.user_id) return make_error("subsidy_only_maker_withdraws");
  if (b->status != "pending") return make_error("subsidy_batch_decided", "", b->status);
  const std::string now = now_utc();
  if (!store.withdraw(id, p.user_id, reason, now)) return make_error("subsidy_batch_decided", "", "decided concurrently");
  int64_t released = store.release_claims(id);
  security::write_audit(*conn, actor,
                        {"subsidy.batch.withdraw", "payment_batch", std::to_string(id),
                         fmt::format("制单人撤回（{} 笔资格释放）：{}", released, reason), false, {}});
  tx.commit();
  return *store.batch(id);
}

Result<Batch> Service::approve(const security::Principal& p, int64_t id, int64_t confirmed_total_yuan,
                               const security::AuditActor& actor) {
  return decide(p, id, true, "", confirmed_total_yuan, actor);
}

Result<Batch> Service::reject(const security::Principal& p, int64_t id, const std::string& reason,
                              const security::AuditActor& actor) {
  if (reason.empty()) return make_error("missing_field", "reason");
  return decide(p, id, false, reason, std::nullopt, actor);
}

Result<PaymentFile> Service::payment_file(const security::Principal& p, int64_t id, const std::string& format,
                                          const std::string& bank, const security::AuditActor& actor) {
  if (format != "csv" && format != "xlsx") return make_error("invalid_field", "format", "csv or xlsx");
  const BankProfile* profile = find_bank_profile(bank);
  if (!profile) return make_error("invalid_field", "bank", bank);
  auto conn = db_.acquire();
  Store store(*conn);
  auto b = visible_batch(store, p, id);
  if (!b) return b.error();
  if (b->status != "approved") return make_error("subsidy_batch_not_approved", "", b->status);
  std::string policy_name = b->policy_id;
  if (auto v = store.rule_version(b->policy_id, b->rule_version)) policy_name = v->name;
  // The bank needs full ID numbers; only a province admin's file carries them (a sensitive read, audited).
  const bool unmasked = p.role == Role::province_admin;
  std::map<int64_t, db::Blob> ids;
  if (unmasked) ids = store.id_numbers(id);
  std::vector<BankPaymentRow> rows;
  int64_t n = 0, total = 0;
  for (const auto& it : store.items(id, std::numeric_limits<int32_t>::max())) {
    if (it.payment_status.empty()) continue;
    std::string id_text = it.id_number_mask;
    if (unmasked) {
      auto plain = cipher_.decrypt(ids[it.worker_id], "workers.id_number");
      if (!plain) return plain.error();
      id_text = *plain;
    }
    // No bank account is registered on the platform: the account column stays for the handling bank to fill
    // (一卡通 payments are matched by name and ID number); see docs/bank-files.md.
    rows.push_back({it.name, id_text, "", it.yuan * 100, it.reference, policy_name, b->period});
    ++n;
    total += it.yuan;
  }
  PaymentFile f;
  f.unmasked = unmasked;
  f.filename = fmt::format("payment-batch-{}-{}.{}", id, profile->id, format);
  const std::string batch_label = fmt::format("{}-{}", b->period, id);
  if (format == "csv") {
    auto body = bank_file_csv(*profile, rows, batch_label);
    if (!body) return body.error();
    f.content_type = profile->encoding == BankEncoding::gbk ? "text/csv; charset=GBK" : "text/csv; charset=utf-8";
    f.body = std::move(*body);
  } else {
    auto x = bank_file_xlsx(*profile, rows, batch_label);
    if (!x) return x.error();
    f.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    f.body = std::move(*x);
  }
  {
    db::Transaction tx(*conn, true);
    security::write_audit(*conn, actor,
                          {"subsidy.batch.payment_file", "payment_batch", std::to_string(id),
                           fmt::format("下载银行发放文件（{}，{}，{} 笔，{} 元，{}）", profile->name, format, n, total,
                                       unmasked ? "含完整身份证号" : "身份证号脱敏"),
                           unmasked, {}});
    tx.commit();
  }
  return f;
}

Result<BankImportReport> Service::import_bank_result(const security::Principal& p, int64_t id, const std::string& bytes,
                                                     const std::string& content_type, const std::string& bank,
                                                     const security::AuditActor& actor) {
  if (!is_maker_role(p)) return make_error("forbidden");
  const BankProfile* profile = find_bank_profile(bank);
  if (!profile) return make_error("invalid_field", "bank", bank);
  auto rows = read_bank_result(*profile, bytes, content_type);
  if (!rows) return rows.error();
  if (rows->empty()) return make_error("subsidy_bank_file_invalid", "file", "empty");
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  Store store(*conn);
  auto b = visible_batch(store, p, id);
  if (!b) return b.error();
  if (b->status != "approved") return make_error("subsidy_batch_not_approved", "", b->status);
  BankImportReport report;
  const std::string now = now_utc();
  // Check every row before writing any: all or nothing.
  struct Change {
    int64_t payment;
    std::string status, message;
  };
  std::vector<Change> changes;
  for (const auto& r : *rows) {
    const size_t i = r.row - 1;
    const std::string& ref = r.reference;
    const std::string& status = r.status;
    auto pay = store.payment_by_reference(id, ref);
    if (!pay) return make_error("subsidy_bank_file_invalid", "file", fmt::format("第 {} 行：本批次没有业务参考号 {}", i + 1, truncate_utf8(ref, 60)));
    if (pay->second == status) {
      ++report.unchanged;
      continue;
    }
    if (pay->second != "issued")
      return make_error("subsidy_bank_file_invalid", "file", fmt::format("第 {} 行：{} 已是 {}，不能改为 {}", i + 1, ref, pay->second, status));
    changes.push_back({pay->first, status, r.message});
  }
  for (const auto& c : changes) {
    store.settle(c.payment, c.status, c.message, now);
    (c.status == "paid" ? report.paid : report.failed)++;
  }
  security::write_audit(*conn, actor,
                        {"subsidy.batch.bank_result", "payment_batch", std::to_string(id),
                         fmt::format("导入银行结果：成功 {}，失败 {}，未变 {}", report.paid, report.failed, report.unchanged),
                         false, {}});
  tx.commit();
  return report;
}

}  // namespace jz::subsidy
