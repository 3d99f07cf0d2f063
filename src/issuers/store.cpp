#include "issuers/store.hpp"

#include "security/masking.hpp"

namespace jz::issuers {
namespace {

db::Value opt(const std::optional<std::string>& v) {
  return v ? db::Value(*v) : db::Value(nullptr);
}
db::Value opt(const std::optional<int64_t>& v) {
  return v ? db::Value(*v) : db::Value(nullptr);
}

constexpr const char* kPolicySelect =
    "SELECT p.id, i.name, p.policy_no, p.product, p.type, p.limit_per_person, p.premium, p.paid_by, p.payer_name, "
    "p.starts_on, p.ends_on, p.status, p.created_at, "
    "(SELECT COUNT(*) FROM policy_endorsements pe WHERE pe.policy_id = p.id) "
    "FROM insurance_policies p JOIN issuers i ON i.id = p.issuer_id ";

Policy policy_from(const db::Row& r) {
  Policy p;
  p.id = r.get_int(0);
  p.issuer_name = r.get_text(1);
  p.policy_no = r.get_text(2);
  p.product = r.get_text(3);
  p.type = r.get_text(4);
  p.limit_per_person = r.get_int(5);
  p.premium = r.get_int(6);
  p.paid_by = r.get_text(7);
  p.payer_name = r.get_text(8);
  p.starts_on = r.get_text(9);
  p.ends_on = r.get_text(10);
  p.status = r.get_text(11);
  p.created_at = r.get_text(12);
  p.endorsements = r.get_int(13);
  return p;
}

}  // namespace

int64_t Store::insert_issuer(const NewIssuer& in, int64_t registered_by, const std::string& now) {
  return conn_.insert(
      "INSERT INTO issuers (type, name, uscc, division_code, registered_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      {in.type, in.name, in.uscc, in.division_code, registered_by, now});
}

bool Store::issuer_name_taken(const std::string& type, const std::string& name) {
  return !conn_.query("SELECT 1 FROM issuers WHERE type = ? AND name = ?", {type, name}).empty();
}

std::vector<Issuer> Store::list_issuers(const std::string& prefix) {
  std::vector<Issuer> out;
  for (const auto& r : conn_.query(
           "SELECT i.id, i.type, i.name, i.uscc, i.division_code, COALESCE(d.name, ''), i.created_at "
           "FROM issuers i LEFT JOIN divisions d ON d.code = i.division_code "
           "WHERE i.division_code LIKE ? ORDER BY i.type, i.name LIMIT 500",
           {prefix + "%"}))
    out.push_back({r.get_int(0), r.get_text(1), r.get_text(2), r.get_text(3), r.get_text(4), r.get_text(5),
                   r.get_text(6), {}});
  for (auto& i : out)
    for (const auto& r : conn_.query("SELECT username FROM users WHERE issuer_id = ? ORDER BY id", {i.id}))
      i.usernames.push_back(r.get_text(0));
  return out;
}

std::optional<Issuer> Store::find_issuer(int64_t id) {
  auto rows = conn_.query(
      "SELECT i.id, i.type, i.name, i.uscc, i.division_code, COALESCE(d.name, ''), i.created_at "
      "FROM issuers i LEFT JOIN divisions d ON d.code = i.division_code WHERE i.id = ?",
      {id});
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  return Issuer{r.get_int(0), r.get_text(1), r.get_text(2), r.get_text(3), r.get_text(4), r.get_text(5),
                r.get_text(6), {}};
}

std::optional<Store::WorkerMatch> Store::worker_by_id_index(const db::Blob& bidx) {
  auto rows = conn_.query("SELECT id, name, prefecture_code FROM workers WHERE id_number_bidx = ?", {bidx});
  if (rows.empty()) return std::nullopt;
  return WorkerMatch{rows[0].get_int(0), rows[0].get_text(1), rows[0].get_text(2)};
}

int64_t Store::insert_health_check(int64_t issuer_id, int64_t worker_id, const HealthCheckInput& in,
                                   const std::optional<std::string>& valid_until, int64_t entry_id,
                                   int64_t recorded_by, const std::string& now) {
  return conn_.insert(
      "INSERT INTO health_checks (issuer_id, worker_id, level, checked_on, valid_until, report_no, entry_id, "
      "recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {issuer_id, worker_id, in.level, in.checked_on, opt(valid_until), in.report_no, entry_id, recorded_by, now});
}

bool Store::health_report_taken(int64_t issuer_id, int64_t worker_id, const std::string& report_no) {
  return !conn_
              .query("SELECT 1 FROM health_checks WHERE issuer_id = ? AND worker_id = ? AND report_no = ?",
                     {issuer_id, worker_id, report_no})
              .empty();
}

std::vector<HealthCheck> Store::list_health_checks(int64_t issuer_id, int64_t limit, int64_t offset) {
  std::vector<HealthCheck> out;
  for (const auto& r : conn_.query(
           "SELECT h.id, h.worker_id, w.name, h.level, h.checked_on, h.valid_until, h.report_no, h.entry_id, "
           "h.created_at FROM health_checks h JOIN workers w ON w.id = h.worker_id WHERE h.issuer_id = ? "
           "ORDER BY h.id DESC LIMIT ? OFFSET ?",
           {issuer_id, limit, offset}))
    out.push_back({r.get_int(0), r.get_int(1), security::mask_name(r.get_text(2)), r.get_text(3), r.get_text(4),
                   r.opt_text(5), r.get_text(6), r.get_int(7), r.get_text(8)});
  return out;
}

int64_t Store::count_health_checks(int64_t issuer_id) {
  return conn_.query("SELECT COUNT(*) FROM health_checks WHERE issuer_id = ?", {issuer_id})[0].get_int(0);
}

bool Store::policy_no_taken(int64_t issuer_id, const std::string& policy_no) {
  return !conn_.query("SELECT 1 FROM insurance_policies WHERE issuer_id = ? AND policy_no = ?", {issuer_id, policy_no})
              .empty();
}

int64_t Store::insert_policy(int64_t issuer_id, const PolicyInput& in, int64_t recorded_by, const std::string& now) {
  return conn_.insert(
      "INSERT INTO insurance_policies (issuer_id, policy_no, product, type, limit_per_person, premium, paid_by, "
      "payer_name, starts_on, ends_on, status, recorded_by, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)",
      {issuer_id, in.policy_no, in.product, in.type, in.limit_per_person, in.premium, in.paid_by, in.payer_name,
       in.starts_on, in.ends_on, recorded_by, now, now});
}

void Store::insert_insured(int64_t policy_id, int64_t worker_id, const std::string& from, const std::string& until,
                           int64_t entry_id) {
  conn_.exec(
      "INSERT INTO insured_persons (policy_id, worker_id, covered_from, covered_until, entry_id) VALUES (?, ?, ?, ?, ?)",
      {policy_id, worker_id, from, until, entry_id});
}

std::vector<Insured> Store::insured_of(int64_t policy_id) {
  std::vector<Insured> out;
  for (const auto& r : conn_.query(
           "SELECT ip.worker_id, w.name, ip.covered_from, ip.covered_until, ip.entry_id, ip.removed_by_endorsement "
           "FROM insured_persons ip JOIN workers w ON w.id = ip.worker_id WHERE ip.policy_id = ? ORDER BY ip.id",
           {policy_id}))
    out.push_back({r.get_int(0), security::mask_name(r.get_text(1)), r.get_text(2), r.get_text(3), r.get_int(4),
                   !r.is_null(5)});
  return out;
}

std::vector<Policy> Store::list_policies(int64_t issuer_id, int64_t limit, int64_t offset) {
  std::vector<Policy> out;
  for (const auto& r : conn_.query(std::string(kPolicySelect) + "WHERE p.issuer_id = ? ORDER BY p.id DESC LIMIT ? OFFSET ?",
                                   {issuer_id, limit, offset}))
    out.push_back(policy_from(r));
  for (auto& p : out) p.insured = insured_of(p.id);
  return out;
}

int64_t Store::count_policies(int64_t issuer_id) {
  return conn_.query("SELECT COUNT(*) FROM insurance_policies WHERE issuer_id = ?", {issuer_id})[0].get_int(0);
}

std::optional<Policy> Store::find_policy(int64_t issuer_id, int64_t id) {
  auto rows = conn_.query(std::string(kPolicySelect) + "WHERE p.issuer_id = ? AND p.id = ?", {issuer_id, id});
  if (rows.empty()) return std::nullopt;
  auto p = policy_from(rows[0]);
  p.insured = insured_of(p.id);
  return p;
}

bool Store::endorsement_taken(int64_t policy_id, const std::string& no) {
  return !conn_.query("SELECT 1 FROM policy_endorsements WHERE policy_id = ? AND endorsement_no = ?", {policy_id, no})
              .empty();
}

int64_t Store::insert_endorsement(int64_t policy_id, const EndorsementInput& in, std::optional<int64_t> removed,
                                  std::optional<int64_t> added, int64_t recorded_by, const std::string& now) {
  return conn_.insert(
      "INSERT INTO policy_endorsements (policy_id, endorsement_no, effective_on, removed_worker_id, added_worker_id, "
      "recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {policy_id, in.endorsement_no, in.effective_on, opt(removed), opt(added), recorded_by, now});
}

std::optional<int64_t> Store::end_cover(int64_t policy_id, int64_t worker_id, int64_t endorsement_id,
                                        const std::string& until) {
  auto rows = conn_.query(
      "SELECT id, entry_id FROM insured_persons WHERE policy_id = ? AND worker_id = ? AND removed_by_endorsement IS NULL",
      {policy_id, worker_id});
  if (rows.empty()) return std::nullopt;
  int64_t changed = conn_.exec(
      "UPDATE insured_persons SET removed_by_endorsement = ?, covered_until = ? "
      "WHERE id = ? AND removed_by_endorsement IS NULL",
      {endorsement_id, until, rows[0].get_int(0)});
  if (changed != 1) return std::nullopt;
  return rows[0].get_int(1);
}

void Store::shorten_entry(int64_t entry_id, const std::string& until, const std::string& now) {
  bool shortened =
      conn_.exec("UPDATE credit_entries SET valid_until = ?, updated_at = ? WHERE id = ? AND occurred_on < ?",
                 {until, now, entry_id, until}) == 1;
  if (!shortened)  // the cover never began
    conn_.exec("UPDATE credit_entries SET status = 'withdrawn', updated_at = ? WHERE id = ?", {now, entry_id});
  conn_.exec(
      "INSERT INTO credit_entry_events (entry_id, at, actor_user_id, action, note) VALUES (?, ?, NULL, ?, ?)",
      {entry_id, now, std::string(shortened ? "corrected" : "withdrawn"), std::string("保单批改：被保险人变更")});
}

}  // namespace jz::issuers
