#include "subsidy/store.hpp"

#include "db/query.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <set>

namespace jz::subsidy {
namespace {

// Columns a condition field maps to exactly (NOT NULL columns with the fact's meaning). Other fields are derived
// in C++ (place, months, age …) and never pushed down.
struct Column {
  const char* sql;
  bool employment;  // needs the employments table
  bool flag;        // a 0/1 column read as true/false
};
const std::map<std::string, Column, std::less<>>& columns() {
  static const std::map<std::string, Column, std::less<>> k = {
      {"worker.poverty_alleviated", {"w.poverty_alleviated", false, true}},
      {"worker.monitored", {"w.monitored", false, true}},
      {"worker.poverty_alleviated.independent", {"(w.poverty_alleviated * w.poverty_alleviated_verified)", false, true}},
      {"worker.monitored.independent", {"(w.monitored * w.monitored_verified)", false, true}},
      {"worker.relocated", {"w.relocated", false, true}},
      {"worker.rural_migrant", {"w.rural_migrant", false, true}},
      {"worker.new_entrant", {"w.new_entrant", false, true}},
      {"worker.graduate", {"w.graduate", false, true}},
      {"worker.gender", {"w.gender", false, false}},
      {"employment.start_on", {"m.start_date", true, false}},
      {"employment.occupation", {"m.occupation_code", true, false}},
      {"employment.independent", {"m.independent", true, true}},
  };
  return k;
}

struct Sql {
  std::string text;
  db::Params params;
  bool employment = false;
};

// Translates a condition to SQL with the same truth value, or nullopt when any part does not translate.
std::optional<Sql> translate(const Expr& e, const Period& period) {
  auto value = [&](const Expr& v, Sql* out) -> bool {
    if (v.kind == Expr::Kind::literal) {
      if (std::holds_alternative<bool>(v.literal)) return false;
      out->text += "?";
      if (auto* i = std::get_if<int64_t>(&v.literal)) out->params.emplace_back(*i);
      else out->params.emplace_back(std::get<std::string>(v.literal));
      return true;
    }
    if (v.kind != Expr::Kind::field) return false;
    if (v.field == "period.start" || v.field == "period.end") {
      out->text += "?";
      out->params.emplace_back(v.field == "period.start" ? period.start : period.end);
      return true;
    }
    auto it = columns().find(v.field);
    if (it == columns().end() || it->second.flag) return false;
    out->text += it->second.sql;
    out->employment |= it->second.employment;
    return true;
  };
  auto is_column = [](const Expr& v) { return v.kind == Expr::Kind::field && columns().count(v.field); };
  Sql out;
  switch (e.kind) {
    case Expr::Kind::literal:
      out.text = std::get<bool>(e.literal) ? "1 = 1" : "1 = 0";
      return out;
    case Expr::Kind::field: {
      auto it = columns().find(e.field);
      if (it == columns().end() || !it->second.flag) return std::nullopt;
      out.text = fmt::format("{} <> 0", it->second.sql);
      out.employment = it->second.employment;
      return out;
    }
    case Expr::Kind::not_: {
      auto a = translate(*e.args[0], period);
      if (!a) return std::nullopt;
      a->text = "NOT (" + a->text + ")";
      return a;
    }
    case Expr::Kind::and_:
    case Expr::Kind::or_: {
      auto a = translate(*e.args[0], period), b = translate(*e.args[1], period);
      if (!a || !b) return std::nullopt;
      out.text = fmt::format("({} {} {})", a->text, e.kind == Expr::Kind::and_ ? "AND" : "OR", b->text);
      out.params = std::move(a->params);
      out.params.insert(out.params.end(), b->params.begin(), b->params.end());
      out.employment = a->employment || b->employment;
      return out;
    }
    case Expr::Kind::compare: {
      // One side must be a column, so that PostgreSQL can type the parameter.
      if (!is_column(*e.args[0]) && !is_column(*e.args[1])) return std::nullopt;
      out.text = "(";
      if (!value(*e.args[0], &out)) return std::nullopt;
      out.text += " " + (e.op == "!=" ? std::string("<>") : e.op == "==" ? std::string("=") : e.op) + " ";
      if (!value(*e.args[1], &out)) return std::nullopt;
      out.text += ")";
      return out;
    }
    case Expr::Kind::in_list: {
      if (!is_column(*e.args[0])) return std::nullopt;
      if (!value(*e.args[0], &out)) return std::nullopt;
      out.text += " IN (";
      for (size_t i = 1; i < e.args.size(); ++i) {
        if (i > 1) out.text += ", ";
        if (!value(*e.args[i], &out)) return std::nullopt;
      }
      out.text += ")";
      return out;
    }
  }
  return std::nullopt;
}

// The worker columns (kWorkerColumns) starting at column `at`.
WorkerRecord worker_from(const db::Row& r, size_t at = 0) {
  WorkerRecord w;
  w.id = r.get_int(at + 0);
  w.name = r.get_text(at + 1);
  w.prefecture_code = r.get_text(at + 2);
  w.native_division_code = r.get_text(at + 3);
  w.gender = r.get_text(at + 4);
  w.birth_date = r.get_text(at + 5);
  w.poverty_alleviated = r.get_bool(at + 6);
  w.monitored = r.get_bool(at + 7);
  w.relocated = r.get_bool(at + 8);
  w.rural_migrant = r.get_bool(at + 9);
  w.new_entrant = r.get_bool(at + 10);
  w.graduate = r.get_bool(at + 11);
  w.identity_verified = r.get_text(at + 12) == "verified";
  w.poverty_alleviated_verified = r.get_bool(at + 13);
  w.monitored_verified = r.get_bool(at + 14);
  return w;
}
constexpr const char* kWorkerColumns =
    "w.id, w.name, w.prefecture_code, w.native_division_code, w.gender, w.birth_date, w.poverty_alleviated, "
    "w.monitored, w.relocated, w.rural_migrant, w.new_entrant, w.graduate, w.identity_status, "
    "w.poverty_alleviated_verified, w.monitored_verified";

EmploymentRecord employment_from(const db::Row& r) {
  EmploymentRecord e;
  e.entry_id = r.get_int(0);
  e.worker_id = r.get_int(1);
  e.employer_enterprise_id = r.opt_int(2);
  e.employer = r.get_text(3);
  e.occupation_code = r.get_text(4);
  e.place_division_code = r.get_text(5);
  e.place_province_code = r.get_text(6);
  e.start_date = r.get_text(7);
  e.end_date = r.get_text(8);
  e.monthly_wage = r.get_int(9);
  e.independent = r.get_bool(10);
  return e;
}
constexpr const char* kEmploymentColumns =
    "m.entry_id, m.worker_id, m.employer_enterprise_id, m.employer, m.occupation_code, m.place_division_code, "
    "m.place_province_code, m.start_date, m.end_date, m.monthly_wage, m.independent";

FounderRecord founder_from(const db::Row& r) {
  return FounderRecord{r.get_int(0), r.get_int(1), r.get_text(2), r.get_text(3).substr(0, 10), r.get_text(4)};
}
constexpr const char* kFounderColumns =
    "f.enterprise_id, f.worker_id, e.name, e.created_at, e.prefecture_code";

Batch batch_from(const db::Row& r) {
  Batch b;
  b.id = r.get_int(0);
  b.policy_id = r.get_text(1);
  b.rule_version = static_cast<int>(r.get_int(2));
  b.period = r.get_text(3);
  b.prefecture_code = r.get_text(4);
  b.as_of = r.get_text(5);
  b.status = r.get_text(6);
  b.people = r.get_int(7);
  b.total_yuan = r.get_int(8);
  b.maker_user_id = r.get_int(9);
  b.maker_name = r.get_text(10);
  b.checker_user_id = r.opt_int(11);
  b.checker_name = r.get_text(12);
  b.decided_at = r.get_text(13);
  b.reason = r.get_text(14);
  b.created_at = r.get_text(15);
  if (!r.is_null(16)) b.status = "withdrawn";  // closed by its maker (013_trust_identity.sql)
  return b;
}
constexpr const char* kBatchColumns =
    "id, policy_id, rule_version, period, prefecture_code, as_of, status, people, total_yuan, maker_user_id, "
    "maker_name, checker_user_id, checker_name, decided_at, reason, created_at, withdrawn_at";

using db::opt;

}  // namespace

Pushdown pushdown_for(const Rule& rule, const Period& period) {
  Pushdown pd;
  for (const auto& c : rule.conditions) {
    auto sql = translate(*c.expr, period);
    if (!sql) continue;
    if (sql->employment) {
      if (rule.subject != "employment") continue;
      pd.employments_sql += " AND " + sql->text;
      pd.employments_params.insert(pd.employments_params.end(), sql->params.begin(), sql->params.end());
    } else {
      pd.workers_sql += " AND " + sql->text;
      pd.workers_params.insert(pd.workers_params.end(), sql->params.begin(), sql->params.end());
    }
  }
  if (rule.subject == "employment") {
    // "No record" facts for an anonymous worker: a condition that reads no worker fields and fails here fails
    // for every worker without an employment record.
    Slots empty;
    fill_slots(empty, WorkerRecord{}, nullptr, nullptr, false, FactContext{period, period.end, nullptr, nullptr});
    for (const auto& c : rule.conditions) {
      std::set<std::string> fields;
      std::function<void(const Expr&)> collect = [&](const Expr& e) {
        if (e.kind == Expr::Kind::field) fields.insert(e.field);
        for (const auto& a : e.args) collect(*a);
      };
      collect(*c.expr);
      bool employment_only = std::all_of(fields.begin(), fields.end(), [](const std::string& f) {
        return f.rfind("employment.", 0) == 0 || f.rfind("period.", 0) == 0;
      });
      if (!employment_only) continue;
      Rule alone;  // this one condition, paying 1 yuan when it holds
      alone.conditions = {c};
      alone.amounts.emplace_back();
      alone.amounts.back().yuan = 1;
      if (!evaluate_quick(alone, empty).eligible) pd.employment_required = true;
    }
  }
  return pd;
}

// --- Rule versions ---

std::vector<RuleVersion> Store::current_rules() {
  std::vector<RuleVersion> out;
  for (const auto& r : conn_.query(
           "SELECT v.policy_id, v.version, v.name, v.source, v.created_by, v.created_at FROM subsidy_rule_versions v "
           "WHERE v.version = (SELECT MAX(x.version) FROM subsidy_rule_versions x WHERE x.policy_id = v.policy_id) "
           "ORDER BY v.policy_id"))
    out.push_back({r.get_text(0), static_cast<int>(r.get_int(1)), r.get_text(2), r.get_text(3), r.get_text(4),
                   r.get_text(5)});
  return out;
}

std::vector<RuleVersion> Store::rule_versions(const std::string& policy_id) {
  std::vector<RuleVersion> out;
  for (const auto& r : conn_.query(
           "SELECT policy_id, version, name, source, created_by, created_at FROM subsidy_rule_versions "
           "WHERE policy_id = ? ORDER BY version DESC",
           {policy_id}))
    out.push_back({r.get_text(0), static_cast<int>(r.get_int(1)), r.get_text(2), r.get_text(3), r.get_text(4),
                   r.get_text(5)});
  return out;
}

std::optional<RuleVersion> Store::rule_version(const std::string& policy_id, std::optional<int> version) {
  auto rows = version ? conn_.query("SELECT policy_id, version, name, source, created_by, created_at "
                                    "FROM subsidy_rule_versions WHERE policy_id = ? AND version = ?",
                                    {policy_id, int64_t{*version}})
                      : conn_.query("SELECT policy_id, version, name, source, created_by, created_at "
                                    "FROM subsidy_rule_versions WHERE policy_id = ? ORDER BY version DESC LIMIT 1",
                                    {policy_id});
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  return RuleVersion{r.get_text(0), static_cast<int>(r.get_int(1)), r.get_text(2), r.get_text(3), r.get_text(4),
                     r.get_text(5)};
}

void Store::insert_rule_version(const RuleVersion& v) {
  conn_.exec(
      "INSERT INTO subsidy_rule_versions (policy_id, version, name, source, created_by, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {v.policy_id, int64_t{v.version}, v.name, v.source, v.created_by, v.created_at});
}

// --- Records ---

Lookups Store::lookups() {
  Lookups l;
  for (const auto& r : conn_.query("SELECT code FROM occupations")) l.domestic_occupations.insert(r.get_text(0));
  for (const auto& r : conn_.query("SELECT code, name FROM provinces"))
    l.province_names[r.get_text(0)] = short_province_name(r.get_text(1));
  return l;
}

void Store::scan(const Pushdown& pd, const std::string& prefecture, const std::function<void(Chunk&)>& visit,
                 int64_t chunk_ids) {
  auto bounds = conn_.query("SELECT MIN(id), MAX(id) FROM workers");
  if (bounds.empty() || bounds[0].is_null(0)) return;
  const int64_t lo = bounds[0].get_int(0), hi = bounds[0].get_int(1);
  std::string scope = prefecture.empty() ? "" : " AND w.prefecture_code = ?";
  const std::string workers_sql = fmt::format("SELECT {} FROM workers w WHERE w.id >= ? AND w.id < ?{}{} ORDER BY w.id",
                                              kWorkerColumns, scope, pd.workers_sql);
  const std::string employments_sql = fmt::format(
      "SELECT {} FROM employments m JOIN workers w ON w.id = m.worker_id WHERE m.worker_id >= ? AND m.worker_id < ? "
      "AND m.status = 'active'{}{}{} ORDER BY m.worker_id, m.start_date, m.entry_id",
      kEmploymentColumns, scope, pd.workers_sql, pd.employments_sql);
  const std::string founders_sql = fmt::format(
      "SELECT {} FROM subsidy_enterprise_founders f JOIN enterprises e ON e.id = f.enterprise_id "
      "JOIN workers w ON w.id = f.worker_id WHERE f.worker_id >= ? AND f.worker_id < ?{}{} "
      "ORDER BY f.worker_id, e.created_at, f.enterprise_id",
      kFounderColumns, scope, pd.workers_sql);
  // Workers through their employments: the worker's columns come with each of her records.
  const std::string joined_sql = fmt::format(
      "SELECT {}, {} FROM employments m JOIN workers w ON w.id = m.worker_id WHERE m.worker_id >= ? AND "
      "m.worker_id < ? AND m.status = 'active'{}{}{} ORDER BY m.worker_id, m.start_date, m.entry_id",
      kEmploymentColumns, kWorkerColumns, scope, pd.workers_sql, pd.employments_sql);
  for (int64_t from = lo; from <= hi; from += chunk_ids) {
    db::Params p{from, from + chunk_ids};
    if (pd.employment_required) {
      if (!prefecture.empty()) p.emplace_back(prefecture);
      p.insert(p.end(), pd.workers_params.begin(), pd.workers_params.end());
      p.insert(p.end(), pd.employments_params.begin(), pd.employments_params.end());
      Chunk chunk;
      auto rows = conn_.query(joined_sql, p);
      chunk.employments.reserve(rows.size());
      for (const auto& r : rows) {
        chunk.employments.push_back(employment_from(r));
        if (chunk.workers.empty() || chunk.workers.back().id != chunk.employments.back().worker_id)
          chunk.workers.push_back(worker_from(r, 11));
      }
      rows.clear();
      if (!chunk.workers.empty()) visit(chunk);
      continue;
    }
    if (!prefecture.empty()) p.emplace_back(prefecture);
    db::Params wp = p;
    wp.insert(wp.end(), pd.workers_params.begin(), pd.workers_params.end());
    Chunk chunk;
    auto rows = conn_.query(workers_sql, wp);
    chunk.workers.reserve(rows.size());
    for (const auto& r : rows) chunk.workers.push_back(worker_from(r));
    rows.clear();
    if (chunk.workers.empty()) continue;
    db::Params ep = wp;
    ep.insert(ep.end(), pd.employments_params.begin(), pd.employments_params.end());
    rows = conn_.query(employments_sql, ep);
    chunk.employments.reserve(rows.size());
    for (const auto& r : rows) chunk.employments.push_back(employment_from(r));
    rows.clear();
    for (const auto& r : conn_.query(founders_sql, wp)) chunk.founders.push_back(founder_from(r));
    visit(chunk);
  }
}

std::optional<Chunk> Store::worker_records(int64_t worker_id) {
  Chunk c;
  for (const auto& r : conn_.query(fmt::format("SELECT {} FROM workers w WHERE w.id = ?", kWorkerColumns), {worker_id}))
    c.workers.push_back(worker_from(r));
  if (c.workers.empty()) return std::nullopt;
  for (const auto& r : conn_.query(fmt::format("SELECT {} FROM employments m WHERE m.worker_id = ? AND m.status = "
                                               "'active' ORDER BY m.start_date, m.entry_id",
                                               kEmploymentColumns),
                                   {worker_id}))
    c.employments.push_back(employment_from(r));
  for (const auto& r : conn_.query(fmt::format("SELECT {} FROM subsidy_enterprise_founders f JOIN enterprises e ON "
                                               "e.id = f.enterprise_id WHERE f.worker_id = ? ORDER BY e.created_at, "
                                               "f.enterprise_id",
                                               kFounderColumns),
                                   {worker_id}))
    c.founders.push_back(founder_from(r));
  return c;
}

std::unordered_set<int64_t> Store::paid_workers(const std::string& policy_id, const std::string& period,
                                                std::optional<int64_t> worker_id) {
  std::unordered_set<int64_t> out;
  auto rows = worker_id ? conn_.query("SELECT worker_id FROM subsidy_payments WHERE policy_id = ? AND period = ? AND "
                                      "worker_id = ?",
                                      {policy_id, period, *worker_id})
                        : conn_.query("SELECT worker_id FROM subsidy_payments WHERE policy_id = ? AND period = ?",
                                      {policy_id, period});
  for (const auto& r : rows) out.insert(r.get_int(0));
  return out;
}

// --- Batches ---

std::optional<Batch> Store::batch(int64_t id) {
  auto rows = conn_.query(fmt::format("SELECT {} FROM payment_batches WHERE id = ?", kBatchColumns), {id});
  if (rows.empty()) return std::nullopt;
  Batch b = batch_from(rows[0]);
  for (const auto& r : conn_.query(
           "SELECT status, COUNT(*), SUM(review_flag) FROM subsidy_payments WHERE batch_id = ? GROUP BY status", {id})) {
    b.payments_by_status[r.get_text(0)] = r.get_int(1);
    b.flagged += r.get_int(2);
  }
  return b;
}

std::optional<int64_t> Store::batch_by_key(int64_t maker_user_id, const std::string& key) {
  auto rows = conn_.query("SELECT id FROM payment_batches WHERE maker_user_id = ? AND idempotency_key = ?",
                          {maker_user_id, key});
  if (rows.empty()) return std::nullopt;
  return rows[0].get_int(0);
}

std::vector<Batch> Store::batches(const std::string& prefecture, bool all) {
  std::vector<Batch> out;
  auto rows = all ? conn_.query(fmt::format("SELECT {} FROM payment_batches ORDER BY id DESC LIMIT 200", kBatchColumns))
                  : conn_.query(fmt::format("SELECT {} FROM payment_batches WHERE prefecture_code = ? ORDER BY id DESC "
                                            "LIMIT 200",
                                            kBatchColumns),
                                {prefecture});
  for (const auto& r : rows) out.push_back(batch_from(r));
  if (out.empty()) return out;
  std::map<int64_t, Batch*> by_id;
  for (auto& b : out) by_id[b.id] = &b;
  for (const auto& r : conn_.query("SELECT batch_id, status, COUNT(*), SUM(review_flag) FROM subsidy_payments WHERE "
                                   "batch_id >= ? GROUP BY batch_id, status",
                                   {by_id.begin()->first})) {
    auto it = by_id.find(r.get_int(0));
    if (it == by_id.end()) continue;
    it->second->payments_by_status[r.get_text(1)] = r.get_int(2);
    it->second->flagged += r.get_int(3);
  }
  return out;
}

int64_t Store::insert_batch(const Batch& b, const std::optional<std::string>& key) {
  return conn_.insert(
      "INSERT INTO payment_batches (policy_id, rule_version, period, prefecture_code, as_of, status, people, "
      "total_yuan, maker_user_id, maker_name, idempotency_key, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, "
      "?, ?, ?)",
      {b.policy_id, int64_t{b.rule_version}, b.period, b.prefecture_code, b.as_of, b.people, b.total_yuan,
       b.maker_user_id, b.maker_name, key ? db::Value(*key) : db::Value(nullptr), b.created_at});
}

void Store::insert_item(int64_t batch_id, const PersonResult& p, const std::string& evidence_json,
                        const std::string& reference) {
  conn_.exec(
      "INSERT INTO payment_batch_items (batch_id, worker_id, prefecture_code, yuan, case_label, employment_entry_id, "
      "enterprise_id, evidence, reference) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {batch_id, p.worker_id, p.prefecture_code, p.yuan, p.case_label, opt(p.employment_entry_id), opt(p.enterprise_id),
       evidence_json, reference});
}

void Store::insert_payment(int64_t batch_id, const PersonResult& p, const std::string& policy_id,
                           const std::string& period, const std::string& reference, const std::string& now) {
  conn_.exec(
      "INSERT INTO subsidy_payments (batch_id, worker_id, policy_id, period, yuan, reference, employment_entry_id, "
      "status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)",
      {batch_id, p.worker_id, policy_id, period, p.yuan, reference, opt(p.employment_entry_id), now});
}

std::vector<BatchItem> Store::items(int64_t batch_id, int64_t limit) {
  std::vector<BatchItem> out;
  for (const auto& r : conn_.query(
           "SELECT i.worker_id, w.name, w.id_number_mask, i.prefecture_code, i.yuan, i.case_label, "
           "i.employment_entry_id, i.enterprise_id, i.evidence, i.reference, p.status, p.review_flag, p.review_reason "
           "FROM payment_batch_items i JOIN workers w ON w.id = i.worker_id "
           "LEFT JOIN subsidy_payments p ON p.reference = i.reference "
           "WHERE i.batch_id = ? ORDER BY i.worker_id LIMIT ?",
           {batch_id, limit})) {
    BatchItem it;
    it.worker_id = r.get_int(0);
    it.name = r.get_text(1);
    it.id_number_mask = r.get_text(2);
    it.prefecture_code = r.get_text(3);
    it.yuan = r.get_int(4);
    it.case_label = r.get_text(5);
    it.employment_entry_id = r.opt_int(6);
    it.enterprise_id = r.opt_int(7);
    it.evidence = r.get_text(8);
    it.reference = r.get_text(9);
    it.payment_status = r.get_text(10);
    it.review_flag = r.get_int(11) != 0;
    it.review_reason = r.get_text(12);
    out.push_back(std::move(it));
  }
  return out;
}

bool Store::decide(int64_t batch_id, const std::string& status, int64_t checker_id, const std::string& checker_name,
                   const std::string& reason, const std::string& now) {
  return conn_.exec(
             "UPDATE payment_batches SET status = ?, checker_user_id = ?, checker_name = ?, reason = ?, decided_at = ? "
             "WHERE id = ? AND status = 'pending'",
             {status, checker_id, checker_name, reason, now, batch_id}) == 1;
}

bool Store::withdraw(int64_t batch_id, int64_t maker_id, const std::string& reason, const std::string& now) {
  // Closed like a rejected batch (the status CHECK of 010 knows no other), marked by withdrawn_at, no checker.
  return conn_.exec(
             "UPDATE payment_batches SET status = 'rejected', reason = ?, decided_at = ?, withdrawn_at = ? "
             "WHERE id = ? AND maker_user_id = ? AND status = 'pending'",
             {reason, now, now, batch_id, maker_id}) == 1;
}

int64_t Store::release_claims(int64_t batch_id) {
  return conn_.exec("DELETE FROM subsidy_payments WHERE batch_id = ? AND status = 'pending'", {batch_id});
}

int64_t Store::issue_payments(int64_t batch_id, const std::string& now) {
  return conn_.exec("UPDATE subsidy_payments SET status = 'issued', issued_at = ? WHERE batch_id = ? AND status = "
                    "'pending'",
                    {now, batch_id});
}

std::optional<std::pair<int64_t, std::string>> Store::payment_by_reference(int64_t batch_id,
                                                                          const std::string& reference) {
  auto rows = conn_.query("SELECT id, status FROM subsidy_payments WHERE batch_id = ? AND reference = ?",
                          {batch_id, reference});
  if (rows.empty()) return std::nullopt;
  return std::make_pair(rows[0].get_int(0), rows[0].get_text(1));
}

void Store::settle(int64_t payment_id, const std::string& status, const std::string& message, const std::string& now) {
  conn_.exec("UPDATE subsidy_payments SET status = ?, bank_message = ?, settled_at = ? WHERE id = ?",
             {status, message, now, payment_id});
}

std::map<int64_t, db::Blob> Store::id_numbers(int64_t batch_id) {
  std::map<int64_t, db::Blob> out;
  for (const auto& r : conn_.query("SELECT w.id, w.id_number_enc FROM payment_batch_items i JOIN workers w ON w.id = "
                                   "i.worker_id WHERE i.batch_id = ?",
                                   {batch_id}))
    out[r.get_int(0)] = r.get_blob(1);
  return out;
}

// --- Corrections and the worker's own view ---

std::vector<Store::Correction> Store::unflagged_corrections(std::optional<int64_t> batch_id,
                                                           std::optional<int64_t> worker_id) {
  std::string sql =
      "SELECT p.id, p.batch_id, p.worker_id, p.employment_entry_id, m.status FROM subsidy_payments p JOIN employments m ON m.entry_id = "
      "p.employment_entry_id WHERE p.review_flag = 0 AND m.status <> 'active'";
  db::Params params;
  if (batch_id) {
    sql += " AND p.batch_id = ?";
    params.emplace_back(*batch_id);
  }
  if (worker_id) {
    sql += " AND p.worker_id = ?";
    params.emplace_back(*worker_id);
  }
  std::vector<Correction> out;
  for (const auto& r : conn_.query(sql + " ORDER BY p.id", params))
    out.push_back({r.get_int(0), r.get_int(1), r.get_int(2), r.get_int(3), r.get_text(4)});
  return out;
}

void Store::flag(int64_t payment_id, const std::string& reason, const std::string& now) {
  conn_.exec("UPDATE subsidy_payments SET review_flag = 1, review_reason = ?, flagged_at = ? WHERE id = ? AND "
             "review_flag = 0",
             {reason, now, payment_id});
}

std::vector<Payment> Store::worker_payments(int64_t worker_id) {
  std::vector<Payment> out;
  for (const auto& r : conn_.query(
           "SELECT p.id, p.batch_id, p.worker_id, p.policy_id, p.period, p.yuan, p.reference, p.status, p.issued_at, "
           "p.settled_at, p.review_flag, p.review_reason, p.created_at FROM subsidy_payments p WHERE p.worker_id = ? "
           "ORDER BY p.created_at DESC, p.id DESC",
           {worker_id})) {
    Payment p;
    p.id = r.get_int(0);
    p.batch_id = r.get_int(1);
    p.worker_id = r.get_int(2);
    p.policy_id = r.get_text(3);
    p.period = r.get_text(4);
    p.yuan = r.get_int(5);
    p.reference = r.get_text(6);
    p.status = r.get_text(7);
    p.issued_at = r.get_text(8);
    p.settled_at = r.get_text(9);
    p.review_flag = r.get_int(10) != 0;
    p.review_reason = r.get_text(11);
    p.created_at = r.get_text(12);
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace jz::subsidy
