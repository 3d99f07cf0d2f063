#include "services/store.hpp"

#include <boost/json.hpp>

namespace jz::services {
namespace json = boost::json;
namespace {

db::Value opt(const std::optional<std::string>& v) { return v ? db::Value(*v) : db::Value(nullptr); }
db::Value opt(const std::optional<int64_t>& v) { return v ? db::Value(*v) : db::Value(nullptr); }

const char* kOrderColumns =
    "o.id, o.consumer_user_id, o.enterprise_id, e.name, o.worker_id, w.name, o.service_type, o.mode, "
    "o.county_code, o.prefecture_code, o.starts_on, o.ends_on, o.note, o.status, o.start_by_consumer, "
    "o.start_by_enterprise, o.complete_by_consumer, o.complete_by_enterprise, o.started_on, o.completed_on, "
    "o.cancel_reason, o.cancelled_by_role, o.employment_entry_id, o.created_at, o.updated_at, "
    "(SELECT COUNT(*) FROM service_order_reviews r WHERE r.order_id = o.id) "
    "FROM service_orders o JOIN enterprises e ON e.id = o.enterprise_id LEFT JOIN workers w ON w.id = o.worker_id ";

Contract contract_row(const db::Row& r) {
  Contract c;
  c.id = r.get_int(0);
  c.order_id = r.get_int(1);
  c.version = static_cast<int>(r.get_int(2));
  c.template_code = r.get_text(3);
  c.template_version = static_cast<int>(r.get_int(4));
  c.worker_id = r.get_int(5);
  c.fields = fields_from_json(json::parse(r.get_text(6)).as_object(), nullptr);
  c.content_sha256 = r.get_text(7);
  c.status = r.get_text(8);
  c.created_at = r.get_text(9);
  c.confirmed_at = r.opt_text(10);
  return c;
}
const char* kContractColumns =
    "SELECT id, order_id, version, template_code, template_version, worker_id, fields, content_sha256, status, "
    "created_at, confirmed_at FROM service_contracts ";

}  // namespace

std::optional<EnterpriseInfo> Store::enterprise(int64_t id) {
  auto rows = c_.query(
      "SELECT id, name, uscc, division_code, prefecture_code, listing_status FROM enterprises WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  return EnterpriseInfo{r.get_int(0), r.get_text(1), r.get_text(2), r.get_text(3), r.get_text(4), r.get_text(5)};
}

std::vector<EnterpriseInfo> Store::listed_enterprises(const std::string& prefecture, int64_t limit) {
  std::vector<EnterpriseInfo> out;
  for (const auto& r : c_.query(
           "SELECT id, name, uscc, division_code, prefecture_code, listing_status FROM enterprises "
           "WHERE listing_status = 'approved' AND (? = '' OR prefecture_code = ?) ORDER BY prefecture_code, id "
           "LIMIT ?",
           {prefecture, prefecture, limit}))
    out.push_back({r.get_int(0), r.get_text(1), r.get_text(2), r.get_text(3), r.get_text(4), r.get_text(5)});
  return out;
}

std::optional<WorkerInfo> Store::worker(int64_t id) {
  auto rows = c_.query(
      "SELECT id, name, id_number_mask, phone_mask, prefecture_code, enterprise_id FROM workers WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  return WorkerInfo{r.get_int(0), r.get_text(1), r.get_text(2), r.get_text(3), r.get_text(4), r.opt_int(5)};
}

std::string Store::user_display_name(int64_t user_id) {
  auto rows = c_.query("SELECT display_name, username FROM users WHERE id = ?", {user_id});
  if (rows.empty()) return "";
  return rows[0].get_text(0).empty() ? rows[0].get_text(1) : rows[0].get_text(0);
}

void Store::lock_worker(int64_t worker_id) {
  if (c_.dialect() == db::Dialect::postgres) c_.query("SELECT id FROM workers WHERE id = ? FOR UPDATE", {worker_id});
}

int64_t Store::insert_order(int64_t consumer_user_id, const NewOrder& o, const std::string& prefecture,
                            const std::string& now) {
  return c_.insert(
      "INSERT INTO service_orders (consumer_user_id, enterprise_id, service_type, mode, county_code, "
      "prefecture_code, starts_on, ends_on, note, status, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'requested', ?, ?)",
      {consumer_user_id, o.enterprise_id, o.service_type, o.mode, o.county_code, prefecture, o.starts_on,
       opt(o.ends_on), o.note, now, now});
}

Order Store::order_row(const db::Row& r) {
  Order o;
  o.id = r.get_int(0);
  o.consumer_user_id = r.get_int(1);
  o.enterprise_id = r.get_int(2);
  o.enterprise_name = r.get_text(3);
  o.worker_id = r.opt_int(4);
  o.worker_name = r.get_text(5);
  o.service_type = r.get_text(6);
  o.mode = r.get_text(7);
  o.county_code = r.get_text(8);
  o.prefecture_code = r.get_text(9);
  o.starts_on = r.get_text(10);
  o.ends_on = r.opt_text(11);
  o.note = r.get_text(12);
  o.status = r.get_text(13);
  o.start_by_consumer = r.get_bool(14);
  o.start_by_enterprise = r.get_bool(15);
  o.complete_by_consumer = r.get_bool(16);
  o.complete_by_enterprise = r.get_bool(17);
  o.started_on = r.opt_text(18);
  o.completed_on = r.opt_text(19);
  o.cancel_reason = r.get_text(20);
  o.cancelled_by_role = r.get_text(21);
  o.employment_entry_id = r.opt_int(22);
  o.created_at = r.get_text(23);
  o.updated_at = r.get_text(24);
  o.reviewed = r.get_int(25) > 0;
  return o;
}

std::optional<Order> Store::order(int64_t id) {
  auto rows = c_.query(std::string("SELECT ") + kOrderColumns + "WHERE o.id = ?", {id});
  if (rows.empty()) return std::nullopt;
  Order o = order_row(rows[0]);
  o.assignments = assignments(id);
  return o;
}

std::vector<Assignment> Store::assignments(int64_t order_id) {
  std::vector<Assignment> out;
  for (const auto& r : c_.query("SELECT a.id, a.worker_id, w.name, a.status, a.replaces_id, a.reason, a.proposed_at, "
                                "a.accepted_at, a.ended_at FROM service_order_assignments a "
                                "JOIN workers w ON w.id = a.worker_id WHERE a.order_id = ? ORDER BY a.id",
                                {order_id}))
    out.push_back({r.get_int(0), r.get_int(1), r.get_text(2), r.get_text(3), r.opt_int(4), r.get_text(5),
                   r.get_text(6), r.opt_text(7), r.opt_text(8)});
  return out;
}

std::vector<Order> Store::orders_by(const std::string& column, int64_t value, const std::string& prefecture,
                                    const OrderFilter& f, int64_t* total) {
  std::string where;
  db::Params params;
  if (column == "prefecture_code") {
    where = "WHERE (? = '' OR o.prefecture_code = ?)";
    params = {prefecture, prefecture};
  } else {
    where = "WHERE o." + column + " = ?";  // column: one of three fixed names chosen by the service
    params = {value};
  }
  if (f.status) {
    where += " AND o.status = ?";
    params.emplace_back(*f.status);
  }
  if (total) {
    auto rows = c_.query("SELECT COUNT(*) FROM service_orders o " + where, params);
    *total = rows.empty() ? 0 : rows[0].get_int(0);
  }
  params.emplace_back(f.page_size);
  params.emplace_back((f.page - 1) * f.page_size);
  std::vector<Order> out;
  for (const auto& r :
       c_.query(std::string("SELECT ") + kOrderColumns + where + " ORDER BY o.id DESC LIMIT ? OFFSET ?", params))
    out.push_back(order_row(r));
  return out;
}

int64_t Store::update_order_if(int64_t id, const std::string& from, const std::string& set, db::Params params) {
  params.emplace_back(id);
  params.emplace_back(from);
  return c_.exec("UPDATE service_orders SET " + set + " WHERE id = ? AND status = ?", params);
}

std::optional<int64_t> Store::busy_with(int64_t worker_id, int64_t exclude_order, bool new_is_live_in,
                                        const std::string& starts_on, const std::optional<std::string>& ends_on) {
  // Periods overlap when each starts before the other ends (an open end is "forever").
  auto rows = c_.query(
      "SELECT id FROM service_orders WHERE worker_id = ? AND id <> ? "
      "AND status IN ('accepted', 'contracted', 'in_service') AND (mode = 'live_in' OR ? = 1) "
      "AND (ends_on IS NULL OR ends_on >= ?) AND (CAST(? AS TEXT) IS NULL OR starts_on <= ?) ORDER BY id LIMIT 1",
      {worker_id, exclude_order, int64_t{new_is_live_in ? 1 : 0}, starts_on, opt(ends_on), opt(ends_on)});
  if (rows.empty()) return std::nullopt;
  return rows[0].get_int(0);
}

int64_t Store::insert_assignment(int64_t order_id, int64_t worker_id, std::optional<int64_t> replaces,
                                 const std::string& reason, const std::string& now) {
  return c_.insert(
      "INSERT INTO service_order_assignments (order_id, worker_id, status, replaces_id, reason, proposed_at) "
      "VALUES (?, ?, 'proposed', ?, ?, ?)",
      {order_id, worker_id, opt(replaces), reason, now});
}

std::optional<Assignment> Store::open_assignment(int64_t order_id) {
  for (auto& a : assignments(order_id))
    if (a.status == "proposed" || a.status == "accepted") return a;
  return std::nullopt;
}

int64_t Store::update_assignment_if(int64_t id, const std::string& from, const std::string& to,
                                    const std::string& time_column, const std::string& now) {
  // time_column: accepted_at or ended_at, chosen by the service.
  return c_.exec("UPDATE service_order_assignments SET status = ?, " + time_column + " = ? WHERE id = ? AND status = ?",
                 {to, now, id, from});
}

std::optional<ContractTemplate> Store::template_version(const std::string& code, std::optional<int> version) {
  auto rows = version ? c_.query("SELECT code, version, title, source, created_at FROM contract_templates "
                                 "WHERE code = ? AND version = ?",
                                 {code, int64_t{*version}})
                      : c_.query("SELECT code, version, title, source, created_at FROM contract_templates "
                                 "WHERE code = ? ORDER BY version DESC LIMIT 1",
                                 {code});
  if (rows.empty()) return std::nullopt;
  ContractTemplate t{rows[0].get_text(0), static_cast<int>(rows[0].get_int(1)), rows[0].get_text(2),
                     rows[0].get_text(3), rows[0].get_text(4), {}};
  for (const auto& r : c_.query("SELECT seq, heading, body FROM contract_template_clauses "
                                "WHERE template_code = ? AND template_version = ? ORDER BY seq",
                                {t.code, int64_t{t.version}}))
    t.clauses.push_back({static_cast<int>(r.get_int(0)), r.get_text(1), r.get_text(2)});
  return t;
}

std::vector<ContractTemplate> Store::templates() {
  std::vector<ContractTemplate> out;
  for (const char* code : {"employee_based", "intermediary"})
    if (auto t = template_version(code, std::nullopt)) out.push_back(std::move(*t));
  return out;
}

int Store::insert_template_version(const std::string& code, const std::string& title, const std::string& source,
                                   const std::vector<TemplateClause>& clauses, int64_t user_id,
                                   const std::string& now) {
  auto rows = c_.query("SELECT COALESCE(MAX(version), 0) FROM contract_templates WHERE code = ?", {code});
  int version = static_cast<int>(rows[0].get_int(0)) + 1;
  c_.insert("INSERT INTO contract_templates (code, version, title, source, created_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            {code, int64_t{version}, title, source, user_id, now});
  int seq = 0;
  for (const auto& cl : clauses)
    c_.exec("INSERT INTO contract_template_clauses (template_code, template_version, seq, heading, body) "
            "VALUES (?, ?, ?, ?, ?)",
            {code, int64_t{version}, int64_t{++seq}, cl.heading, cl.body});
  return version;
}

WageStandard Store::min_wage(const std::string& county_code, const std::string& day) {
  WageStandard out;
  auto tier = c_.query("SELECT tier, verified FROM min_wage_county_tiers WHERE county_code = ? AND valid_from <= ? "
                       "AND (valid_to IS NULL OR valid_to >= ?) ORDER BY valid_from DESC LIMIT 1",
                       {county_code, day, day});
  auto standard = [&](std::optional<int64_t> t) {
    return t ? c_.query("SELECT monthly, tier, verified FROM min_wage_standards WHERE tier = ? AND valid_from <= ? "
                        "AND (valid_to IS NULL OR valid_to >= ?) ORDER BY valid_from DESC LIMIT 1",
                        {*t, day, day})
             : c_.query("SELECT monthly, tier, verified FROM min_wage_standards WHERE valid_from <= ? "
                        "AND (valid_to IS NULL OR valid_to >= ?) ORDER BY monthly DESC LIMIT 1",
                        {day, day});
  };
  db::Rows rows;
  if (!tier.empty()) {
    rows = standard(tier[0].get_int(0));
    out.county_tier_known = !rows.empty();
  }
  if (rows.empty()) rows = standard(std::nullopt);  // documented fallback: the highest standard in force
  if (rows.empty()) return out;
  out.monthly = rows[0].get_int(0);
  out.tier = static_cast<int>(rows[0].get_int(1));
  out.verified = rows[0].get_bool(2) && (tier.empty() || tier[0].get_bool(1));
  return out;
}

std::optional<Contract> Store::contract(int64_t id) {
  auto rows = c_.query(std::string(kContractColumns) + "WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  Contract c = contract_row(rows[0]);
  for (const auto& r : c_.query("SELECT party, user_id, digest, at FROM service_contract_confirmations "
                                "WHERE contract_id = ? ORDER BY at, party",
                                {id}))
    c.confirmations.push_back({r.get_text(0), r.get_int(1), r.get_text(2), r.get_text(3)});
  return c;
}

std::optional<Contract> Store::latest_contract(int64_t order_id) {
  auto rows = c_.query("SELECT id FROM service_contracts WHERE order_id = ? ORDER BY version DESC LIMIT 1", {order_id});
  if (rows.empty()) return std::nullopt;
  return contract(rows[0].get_int(0));
}

std::vector<Contract> Store::contracts_of(int64_t order_id) {
  std::vector<Contract> out;
  for (const auto& r : c_.query(std::string(kContractColumns) + "WHERE order_id = ? ORDER BY version", {order_id}))
    out.push_back(contract_row(r));
  // With each version's confirmations: the order page decides from them whether the caller still has to confirm.
  for (const auto& r : c_.query("SELECT f.contract_id, f.party, f.user_id, f.digest, f.at FROM service_contract_confirmations f "
                                "JOIN service_contracts c ON c.id = f.contract_id WHERE c.order_id = ? ORDER BY f.at, f.party",
                                {order_id}))
    for (auto& c : out)
      if (c.id == r.get_int(0)) c.confirmations.push_back({r.get_text(1), r.get_int(2), r.get_text(3), r.get_text(4)});
  return out;
}

int64_t Store::insert_contract(const Contract& c, int64_t user_id) {
  auto rows = c_.query("SELECT COALESCE(MAX(version), 0) FROM service_contracts WHERE order_id = ?", {c.order_id});
  int64_t version = rows[0].get_int(0) + 1;
  return c_.insert(
      "INSERT INTO service_contracts (order_id, version, template_code, template_version, worker_id, fields, "
      "content_sha256, status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?)",
      {c.order_id, version, c.template_code, int64_t{c.template_version}, c.worker_id,
       json::serialize(fields_to_json(c.fields)), c.content_sha256, user_id, c.created_at});
}

int64_t Store::update_draft_if_unconfirmed(int64_t id, const ContractFields& f, const std::string& digest) {
  return c_.exec(
      "UPDATE service_contracts SET fields = ?, content_sha256 = ? WHERE id = ? AND status = 'draft' "
      "AND NOT EXISTS (SELECT 1 FROM service_contract_confirmations x WHERE x.contract_id = service_contracts.id)",
      {json::serialize(fields_to_json(f)), digest, id});
}

bool Store::insert_confirmation(int64_t contract_id, const Confirmation& c) {
  auto rows = c_.query("SELECT 1 FROM service_contract_confirmations WHERE contract_id = ? AND party = ?",
                       {contract_id, c.party});
  if (!rows.empty()) return false;
  c_.exec("INSERT INTO service_contract_confirmations (contract_id, party, user_id, digest, at) VALUES (?, ?, ?, ?, ?)",
          {contract_id, c.party, c.user_id, c.digest, c.at});
  return true;
}

int64_t Store::mark_confirmed(int64_t contract_id, const std::string& now) {
  return c_.exec("UPDATE service_contracts SET status = 'confirmed', confirmed_at = ? WHERE id = ? AND status = 'draft'",
                 {now, contract_id});
}

void Store::supersede_others(int64_t order_id, int64_t keep_id) {
  c_.exec("UPDATE service_contracts SET status = 'superseded' WHERE order_id = ? AND id <> ? AND status <> 'superseded'",
          {order_id, keep_id});
}

std::optional<Store::Household> Store::household(int64_t user_id) {
  auto rows = c_.query(
      "SELECT u.phone_enc, CASE WHEN u.enterprise_id IS NOT NULL OR u.worker_id IS NOT NULL THEN 1 ELSE 0 END, "
      "(SELECT a.ip FROM audit_log a WHERE a.action = 'user.signup' AND a.object_type = 'user' AND a.object_id = ? "
      "ORDER BY a.id LIMIT 1) FROM users u WHERE u.id = ?",
      {std::to_string(user_id), user_id});
  if (rows.empty()) return std::nullopt;
  Household h;
  if (!rows[0].is_null(0)) h.phone_enc = rows[0].get_blob(0);
  h.linked_account = rows[0].get_int(1) != 0;
  h.signup_ip = rows[0].opt_text(2).value_or("");
  return h;
}

bool Store::enterprise_staff_phone(int64_t enterprise_id, const db::Blob& phone_bidx) {
  return !c_.query("SELECT 1 FROM workers WHERE phone_bidx = ? AND enterprise_id = ? LIMIT 1", {phone_bidx, enterprise_id})
              .empty();
}

bool Store::enterprise_used_ip(int64_t enterprise_id, const std::string& ip) {
  // Through the enterprise's few accounts and the audit log's (actor_username, at) index, not a scan by ip.
  return !c_.query("SELECT 1 FROM users u JOIN audit_log a ON a.actor_username = u.username "
                   "WHERE u.enterprise_id = ? AND a.ip = ? LIMIT 1",
                   {enterprise_id, ip})
              .empty();
}

std::optional<Store::CardCertificate> Store::current_certificate(int64_t worker_id, const std::string& today) {
  auto rows = c_.query(
      "SELECT serial, token, issued_on, expires_on FROM service_certificates WHERE worker_id = ? AND revoked_at IS NULL "
      "AND expires_on >= ? ORDER BY id DESC LIMIT 1",
      {worker_id, today});
  if (rows.empty()) return std::nullopt;
  return CardCertificate{rows[0].get_text(0), rows[0].get_text(1), rows[0].get_text(2), rows[0].get_text(3)};
}

std::optional<std::pair<std::string, std::string>> Store::worker_photo(int64_t worker_id) {
  auto rows = c_.query("SELECT content_type, data FROM worker_photos WHERE worker_id = ?", {worker_id});
  if (rows.empty()) return std::nullopt;
  auto blob = rows[0].get_blob(1);
  return std::pair{rows[0].get_text(0), std::string(blob.begin(), blob.end())};
}

bool Store::order_reviewed(int64_t order_id) {
  return !c_.query("SELECT 1 FROM service_order_reviews WHERE order_id = ?", {order_id}).empty();
}

void Store::insert_order_review(int64_t order_id, int64_t review_id, const std::string& now) {
  c_.exec("INSERT INTO service_order_reviews (order_id, review_id, created_at) VALUES (?, ?, ?)",
          {order_id, review_id, now});
}

std::pair<int64_t, int64_t> Store::bench_fill(int64_t households, int64_t enterprises, int64_t orders) {
  const char* seq = "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < CAST(? AS BIGINT)) ";
  c_.exec(std::string(seq) +
              "INSERT INTO users (username, password_hash, role, display_name, disabled, created_at, "
              "password_changed_at) SELECT 'bench-household-' || n, '!', 'consumer', '', 1, '2026-01-01', '2026-01-01' "
              "FROM seq",
          {households});
  c_.exec(std::string(seq) +
              "INSERT INTO enterprises (uscc, name, division_code, prefecture_code, model, listing_status, created_at, "
              "updated_at) SELECT 'BENCH' || n, 'bench ' || n, '620102', '6201', 'employee_based', 'approved', "
              "'2026-01-01', '2026-01-01' FROM seq",
          {enterprises});
  int64_t h0 = c_.query("SELECT MIN(id) FROM users WHERE username LIKE 'bench-household-%'")[0].get_int(0);
  int64_t e0 = c_.query("SELECT MIN(id) FROM enterprises WHERE uscc LIKE 'BENCH%'")[0].get_int(0);
  c_.exec(std::string(seq) +
              "INSERT INTO service_orders (consumer_user_id, enterprise_id, service_type, mode, county_code, "
              "prefecture_code, starts_on, status, created_at, updated_at) SELECT CAST(? AS BIGINT) + n % CAST(? AS "
              "BIGINT), CAST(? AS BIGINT) + n % CAST(? AS BIGINT), 'housekeeping', 'hourly', '620102', '6201', "
              "'2026-01-01', 'requested', '2026-01-01', '2026-01-01' FROM seq",
          {orders, h0, households, e0, enterprises});
  return {h0, e0};
}

}  // namespace jz::services
