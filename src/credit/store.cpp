#include "credit/store.hpp"

#include "db/query.hpp"
#include "credit/provenance.hpp"

#include <boost/json.hpp>

#include "common/time.hpp"
#include "credit/dates.hpp"
#include "security/masking.hpp"

namespace jz::credit {
namespace {

namespace json = boost::json;

using db::opt;

db::Params with_page(db::Params p, int64_t page, int64_t size) {
  p.emplace_back(size);
  p.emplace_back((page - 1) * size);
  return p;
}

void append(db::Params& to, const db::Params& from) {
  to.insert(to.end(), from.begin(), from.end());
}

// Columns of an entry with the recording account's organisation; the aliases are ce, u, ue, ud.
constexpr const char* kEntrySelect =
    "SELECT ce.id, ce.worker_id, ce.kind, ce.status, ce.source_type, ce.source_id, ce.source_name, "
    "ce.independent, "
    "ce.recorded_by, u.role, u.department, u.display_name, ue.name, ud.name, ce.occurred_on, ce.valid_until, "
    "ce.summary, ce.details, ce.details_enc, ce.evidence, ce.created_at, ce.updated_at, ce.asserted_role, "
    "ce.asserted_organisation "
    "FROM credit_entries ce LEFT JOIN users u ON u.id = ce.recorded_by "
    "LEFT JOIN enterprises ue ON ue.id = u.enterprise_id LEFT JOIN divisions ud ON ud.code = "
    "u.division_code ";

StoredEntry entry_from(const db::Row& r) {
  StoredEntry s;
  Entry& e = s.entry;
  e.id = r.get_int(0);
  e.worker_id = r.get_int(1);
  e.kind = parse_kind(r.get_text(2)).value_or(EntryKind::training);
  e.status = parse_status(r.get_text(3)).value_or(EntryStatus::active);
  e.source_type = parse_source_type(r.get_text(4)).value_or(SourceType::self);
  e.source_id = r.opt_int(5);
  e.source_name = r.get_text(6);
  e.independent = r.get_bool(7);
  e.recorded_by = r.opt_int(8);
  e.recorded_by_role = r.get_text(9);
  e.recorded_by_organisation =
      e.recorded_by
          ? organisation_label(r.get_text(9), r.get_text(10), r.get_text(11), r.get_text(12), r.get_text(13))
          : organisation_label("", "", "", "", "");
  e.occurred_on = r.get_text(14);
  e.valid_until = r.opt_text(15);
  e.summary = r.get_text(16);
  try {
    auto v = json::parse(r.get_text(17));
    if (v.is_object()) e.details = std::move(v.as_object());
  } catch (const std::exception&) {
    // A row written by hand with broken JSON shows no details rather than failing the whole file.
  }
  if (!r.is_null(18)) {
    s.details_enc = r.get_blob(18);
    e.has_health_data = true;
  }
  e.evidence = r.get_text(19);
  e.created_at = r.get_text(20);
  e.updated_at = r.get_text(21);
  e.asserted_role = r.get_text(22);
  e.asserted_organisation = r.get_text(23);
  return s;
}

constexpr const char* kComplaintSelect =
    "SELECT c.id, c.worker_id, w.name, w.prefecture_code, c.text, c.status, c.findings, c.entry_id, "
    "c.created_at, c.updated_at, c.order_id, c.enterprise_id, c.order_prefecture, c.stage, c.reply_due, "
    "c.enterprise_reply, c.escalation, c.replied_at, c.escalated_at "
    "FROM complaints c JOIN workers w ON w.id = c.worker_id ";

Complaint complaint_from(const db::Row& r) {
  Complaint c;
  c.id = r.get_int(0);
  c.worker_id = r.get_int(1);
  c.worker_name_masked = security::mask_name(r.get_text(2));
  c.worker_prefecture = r.get_text(3);
  c.text = r.get_text(4);
  c.status = r.get_text(5);
  c.findings = r.get_text(6);
  c.entry_id = r.opt_int(7);
  c.created_at = r.get_text(8);
  c.updated_at = r.get_text(9);
  c.order_id = r.opt_int(10);
  c.enterprise_id = r.opt_int(11);
  c.order_prefecture = r.opt_text(12).value_or("");
  c.stage = r.opt_text(13).value_or("");
  c.reply_due = r.opt_text(14).value_or("");
  c.enterprise_reply = r.get_text(15);
  c.escalation = r.get_text(16);
  c.replied_at = r.opt_text(17);
  c.escalated_at = r.opt_text(18);
  return c;
}

constexpr const char* kDisputeSelect =
    "SELECT d.id, d.entry_id, d.worker_id, w.name, ce.kind, ce.summary, d.reason, d.status, d.resolution, "
    "d.created_at, d.resolved_at FROM disputes d JOIN workers w ON w.id = d.worker_id "
    "JOIN credit_entries ce ON ce.id = d.entry_id ";

Dispute dispute_from(const db::Row& r) {
  Dispute d;
  d.id = r.get_int(0);
  d.entry_id = r.get_int(1);
  d.worker_id = r.get_int(2);
  d.worker_name_masked = security::mask_name(r.get_text(3));
  d.entry_kind = r.get_text(4);
  d.entry_summary = r.get_text(5);
  d.reason = r.get_text(6);
  d.status = r.get_text(7);
  d.resolution = r.get_text(8);
  d.created_at = r.get_text(9);
  d.resolved_at = r.opt_text(10);
  return d;
}

}  // namespace

std::string organisation_label(std::string_view role, std::string_view department,
                               std::string_view display_name, std::string_view enterprise_name,
                               std::string_view division_name) {
  if (role.empty()) return "系统";
  if (role == "province_admin") return "省级主管部门";
  if (role == "department") return department.empty() ? "省级部门" : std::string(department);
  if (role == "city_officer")
    return division_name.empty() ? "市州主管部门" : std::string(division_name) + "主管部门";
  if (role == "enterprise") return enterprise_name.empty() ? "家政企业" : std::string(enterprise_name);
  // An institution's account is named after the institution.
  if (role == "institution") return display_name.empty() ? "培训机构" : std::string(display_name);
  if (role == "worker") return "家政服务员本人";
  if (role == "consumer") return "消费者";
  // Issuers' accounts are named after their organisation too.
  if (role == "health_provider") return display_name.empty() ? "体检机构" : std::string(display_name);
  if (role == "insurer") return display_name.empty() ? "保险机构" : std::string(display_name);
  return "其他";
}

int64_t Store::insert_entry(const NewEntry& e, bool independent, const std::string& summary,
                            const std::string& details, const std::optional<db::Blob>& details_enc,
                            const std::optional<std::string>& valid_until, std::optional<int64_t> recorded_by,
                            const std::string& now) {
  return conn_.insert(
      "INSERT INTO credit_entries (worker_id, kind, status, source_type, source_id, source_name, "
      "independent, "
      "recorded_by, occurred_on, valid_until, summary, details, details_enc, evidence, created_at, "
      "updated_at, asserted_role, asserted_organisation) "
      "VALUES (?, ?, 'active', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {e.worker_id, std::string(kind_name(e.kind)), std::string(source_type_name(e.source_type)),
       opt(e.source_id), e.source_name, int64_t{independent ? 1 : 0}, opt(recorded_by), e.occurred_on,
       opt(valid_until), summary, details, opt(details_enc), e.evidence, now, now, e.asserted_role,
       e.asserted_organisation});
}

void Store::insert_event(int64_t entry_id, const std::string& at, std::optional<int64_t> actor,
                         const std::string& action, const std::string& note) {
  conn_.exec(
      "INSERT INTO credit_entry_events (entry_id, at, actor_user_id, action, note) VALUES (?, ?, ?, ?, ?)",
      {entry_id, at, opt(actor), action, note});
}

std::optional<StoredEntry> Store::find_entry(int64_t id) {
  auto rows = conn_.query(std::string(kEntrySelect) + "WHERE ce.id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return entry_from(rows[0]);
}

Page<StoredEntry> Store::list_entries(int64_t worker_id, const EntryFilter& f) {
  std::string where = "WHERE ce.worker_id = ?";
  db::Params params{worker_id};
  if (f.kind) {
    where += " AND ce.kind = ?";
    params.emplace_back(*f.kind);
  }
  if (f.status) {
    where += " AND ce.status = ?";
    params.emplace_back(*f.status);
  }
  Page<StoredEntry> page;
  page.page = f.page;
  page.page_size = f.page_size;
  page.total = conn_.query("SELECT COUNT(*) FROM credit_entries ce " + where, params)[0].get_int(0);
  for (const auto& r : conn_.query(
           std::string(kEntrySelect) + where + " ORDER BY ce.occurred_on DESC, ce.id DESC LIMIT ? OFFSET ?",
           with_page(params, f.page, f.page_size)))
    page.items.push_back(entry_from(r));
  return page;
}

std::vector<StoredEntry> Store::live_entries(int64_t worker_id) {
  std::vector<StoredEntry> out;
  for (const auto& r : conn_.query(
           std::string(kEntrySelect) + "WHERE ce.worker_id = ? AND ce.status <> 'withdrawn' ORDER BY ce.id",
           {worker_id}))
    out.push_back(entry_from(r));
  return out;
}

namespace {
constexpr const char* kInsertEmployment =
    "INSERT INTO employments (entry_id, worker_id, employer_enterprise_id, employer, occupation_code, "
    "place_division_code, place_province_code, place_other, start_date, end_date, monthly_wage, independent, "
    "status, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

std::vector<db::Value> employment_values(int64_t entry_id, int64_t worker_id, const EmploymentFacts& f,
                                         bool independent, const std::string& status, const std::string& now) {
  return {entry_id,          worker_id,       opt(f.employer_enterprise_id), f.employer,
          f.occupation_code, opt(f.place_division_code), f.place_province_code, opt(f.place_other),
          f.start_date,      opt(f.end_date), opt(f.monthly_wage),          int64_t{independent ? 1 : 0},
          status,            now};
}
}  // namespace

void Store::insert_employment(int64_t entry_id, int64_t worker_id, const EmploymentFacts& f, bool independent,
                              const std::string& now) {
  conn_.exec(kInsertEmployment, employment_values(entry_id, worker_id, f, independent, "active", now));
}

int64_t Store::backfill_employments() {
  const std::string now = now_utc();
  int64_t added = 0;
  for (const auto& r : conn_.query(
           "SELECT e.id, e.worker_id, e.details, e.occurred_on, e.independent, e.status FROM credit_entries e "
           "WHERE e.kind = 'employment' AND NOT EXISTS (SELECT 1 FROM employments m WHERE m.entry_id = e.id)")) {
    json::object details;
    try {
      auto v = json::parse(r.get_text(2));
      if (v.is_object()) details = std::move(v.as_object());
    } catch (const std::exception&) {
      // Unreadable details: the row keeps what the entry itself says (worker, start, status).
    }
    conn_.exec(kInsertEmployment, employment_values(r.get_int(0), r.get_int(1),
                                                    employment_facts(details, r.get_text(3)),
                                                    r.get_int(4) != 0, r.get_text(5), now));
    ++added;
  }
  return added;
}

bool Store::set_entry_status(int64_t id, EntryStatus from, EntryStatus to, const std::string& now) {
  const std::string to_name(status_name(to));
  if (conn_.exec("UPDATE credit_entries SET status = ?, updated_at = ? WHERE id = ? AND status = ?",
                 {to_name, now, id, std::string(status_name(from))}) != 1)
    return false;
  conn_.exec("UPDATE employments SET status = ?, updated_at = ? WHERE entry_id = ?", {to_name, now, id});
  return true;
}

std::vector<EntryEvent> Store::events(int64_t entry_id) {
  std::vector<EntryEvent> out;
  for (const auto& r : conn_.query(
           "SELECT ev.id, ev.entry_id, ev.at, ev.action, ev.note, ev.actor_user_id, u.role, u.department, "
           "u.display_name, ue.name, ud.name FROM credit_entry_events ev LEFT JOIN users u ON u.id = "
           "ev.actor_user_id "
           "LEFT JOIN enterprises ue ON ue.id = u.enterprise_id LEFT JOIN divisions ud ON ud.code = "
           "u.division_code "
           "WHERE ev.entry_id = ? ORDER BY ev.at, ev.id",
           {entry_id})) {
    EntryEvent e;
    e.id = r.get_int(0);
    e.entry_id = r.get_int(1);
    e.at = r.get_text(2);
    e.action = r.get_text(3);
    e.note = r.get_text(4);
    e.actor_role = r.get_text(6);
    e.actor_organisation = r.is_null(5) ? organisation_label("", "", "", "", "")
                                        : organisation_label(r.get_text(6), r.get_text(7), r.get_text(8),
                                                             r.get_text(9), r.get_text(10));
    out.push_back(std::move(e));
  }
  return out;
}

void Store::upsert_score(int64_t worker_id, int score, char band, const std::string& components,
                         const std::string& now) {
  conn_.exec(
      "INSERT INTO credit_scores (worker_id, score, band, components, computed_at) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT (worker_id) DO UPDATE SET score = excluded.score, band = excluded.band, "
      "components = excluded.components, computed_at = excluded.computed_at",
      {worker_id, int64_t{score}, std::string(1, band), components, now});
}

std::optional<StoredScore> Store::find_score(int64_t worker_id) {
  auto rows = conn_.query(
      "SELECT score, band, components, computed_at FROM credit_scores WHERE worker_id = ?", {worker_id});
  if (rows.empty()) return std::nullopt;
  return StoredScore{static_cast<int>(rows[0].get_int(0)), rows[0].get_text(1), rows[0].get_text(2),
                     rows[0].get_text(3)};
}

int64_t Store::insert_review(int64_t worker_id, int64_t consumer_user_id, int skill, int attitude,
                             int punctuality, int hygiene, const std::string& text, const std::string& now,
                             std::optional<int64_t> order_id) {
  return conn_.insert(
      "INSERT INTO reviews (worker_id, consumer_user_id, skill, attitude, punctuality, hygiene, text, "
      "created_at, order_id) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {worker_id, consumer_user_id, int64_t{skill}, int64_t{attitude}, int64_t{punctuality}, int64_t{hygiene},
       text, now, order_id ? db::Value(*order_id) : db::Value(nullptr)});
}

void Store::link_review(int64_t review_id, int64_t entry_id) {
  conn_.exec("UPDATE reviews SET entry_id = ? WHERE id = ?", {entry_id, review_id});
}

Page<Review> Store::list_reviews(int64_t worker_id, int64_t page, int64_t page_size) {
  Page<Review> out;
  out.page = page;
  out.page_size = page_size;
  // Reviews whose credit entry was withdrawn after a dispute are no longer shown.
  const std::string where =
      " FROM reviews r LEFT JOIN credit_entries ce ON ce.id = r.entry_id WHERE r.worker_id = ? "
      "AND (ce.status IS NULL OR ce.status <> 'withdrawn')";
  out.total = conn_.query("SELECT COUNT(*)" + where, {worker_id})[0].get_int(0);
  for (const auto& r : conn_.query("SELECT r.id, r.worker_id, r.skill, r.attitude, r.punctuality, r.hygiene, "
                                   "r.text, r.entry_id, r.created_at, r.order_id" +
                                       where + " ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?",
                                   with_page({worker_id}, page, page_size))) {
    Review v;
    v.id = r.get_int(0);
    v.worker_id = r.get_int(1);
    v.skill = static_cast<int>(r.get_int(2));
    v.attitude = static_cast<int>(r.get_int(3));
    v.punctuality = static_cast<int>(r.get_int(4));
    v.hygiene = static_cast<int>(r.get_int(5));
    v.text = r.get_text(6);
    v.entry_id = r.opt_int(7);
    v.created_at = r.get_text(8);
    v.order_id = r.opt_int(9);
    out.items.push_back(std::move(v));
  }
  return out;
}

std::optional<Complaint> Store::find_complaint(int64_t id) {
  auto rows = conn_.query(std::string(kComplaintSelect) + "WHERE c.id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return complaint_from(rows[0]);
}

Page<Complaint> Store::list_complaints(const registry::ScopeFilter& scope,
                                       const std::optional<std::string>& status, int64_t page,
                                       int64_t page_size) {
  Page<Complaint> out;
  out.page = page;
  out.page_size = page_size;
  if (scope.none) return out;
  std::string where = "WHERE 1 = 1" + scope.sql;
  db::Params params = scope.params;
  if (status) {
    where += " AND c.status = ?";
    params.emplace_back(*status);
  }
  out.total =
      conn_
          .query("SELECT COUNT(*) FROM complaints c JOIN workers w ON w.id = c.worker_id " + where, params)[0]
          .get_int(0);
  for (const auto& r : conn_.query(
           std::string(kComplaintSelect) + where + " ORDER BY c.created_at DESC, c.id DESC LIMIT ? OFFSET ?",
           with_page(params, page, page_size)))
    out.items.push_back(complaint_from(r));
  return out;
}

bool Store::transition_complaint(int64_t id, const std::string& from, const std::string& to,
                                 const std::string& findings, int64_t handled_by, const std::string& now) {
  return conn_.exec(
             "UPDATE complaints SET status = ?, findings = ?, handled_by = ?, updated_at = ? WHERE id = ? "
             "AND status = ?",
             {to, findings, handled_by, now, id, from}) == 1;
}

void Store::link_complaint(int64_t complaint_id, int64_t entry_id) {
  conn_.exec("UPDATE complaints SET entry_id = ? WHERE id = ?", {entry_id, complaint_id});
}

int64_t Store::insert_order_complaint(const Complaint& c, int64_t consumer_user_id, const std::string& now) {
  return conn_.insert(
      "INSERT INTO complaints (worker_id, consumer_user_id, text, status, created_at, updated_at, order_id, "
      "enterprise_id, order_prefecture, stage, reply_due) VALUES (?, ?, ?, 'received', ?, ?, ?, ?, ?, 'enterprise', ?)",
      {c.worker_id, consumer_user_id, c.text, now, now, *c.order_id, *c.enterprise_id, c.order_prefecture,
       c.reply_due});
}

int64_t Store::escalate_overdue(const std::string& today, const std::string& now) {
  return conn_.exec(
      "UPDATE complaints SET stage = 'officer', escalation = 'overdue', escalated_at = ?, updated_at = ? "
      "WHERE stage = 'enterprise' AND reply_due < ?",
      {now, now, today});
}

bool Store::reply_to_complaint(int64_t id, const std::string& reply, const std::string& now) {
  return conn_.exec(
             "UPDATE complaints SET enterprise_reply = ?, replied_at = ?, updated_at = ? WHERE id = ? "
             "AND stage = 'enterprise' AND replied_at IS NULL",
             {reply, now, now, id}) == 1;
}

bool Store::move_complaint_stage(int64_t id, const std::string& from, const std::string& to,
                                 const std::string& escalation, const std::string& now) {
  return conn_.exec(
             "UPDATE complaints SET stage = ?, escalation = ?, escalated_at = CASE WHEN ? = 'officer' THEN ? "
             "ELSE escalated_at END, updated_at = ? WHERE id = ? AND stage = ?",
             {to, escalation, to, now, now, id, from}) == 1;
}

std::vector<Complaint> Store::complaints_of_order(int64_t order_id) {
  std::vector<Complaint> out;
  for (const auto& r : conn_.query(std::string(kComplaintSelect) + "WHERE c.order_id = ? ORDER BY c.id", {order_id}))
    out.push_back(complaint_from(r));
  return out;
}

int64_t Store::insert_dispute(int64_t entry_id, int64_t worker_id, const std::string& reason,
                              const std::string& now) {
  return conn_.insert(
      "INSERT INTO disputes (entry_id, worker_id, reason, status, created_at) VALUES (?, ?, ?, 'open', ?)",
      {entry_id, worker_id, reason, now});
}

std::optional<Dispute> Store::find_dispute(int64_t id) {
  auto rows = conn_.query(std::string(kDisputeSelect) + "WHERE d.id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return dispute_from(rows[0]);
}

std::vector<Dispute> Store::disputes_of_entry(int64_t entry_id) {
  std::vector<Dispute> out;
  for (const auto& r :
       conn_.query(std::string(kDisputeSelect) + "WHERE d.entry_id = ? ORDER BY d.id", {entry_id}))
    out.push_back(dispute_from(r));
  return out;
}

Page<Dispute> Store::list_disputes(const registry::ScopeFilter& scope,
                                   const std::optional<std::string>& status, int64_t page,
                                   int64_t page_size) {
  Page<Dispute> out;
  out.page = page;
  out.page_size = page_size;
  if (scope.none) return out;
  std::string where = "WHERE 1 = 1" + scope.sql;
  db::Params params = scope.params;
  if (status) {
    where += " AND d.status = ?";
    params.emplace_back(*status);
  }
  out.total =
      conn_.query("SELECT COUNT(*) FROM disputes d JOIN workers w ON w.id = d.worker_id " + where, params)[0]
          .get_int(0);
  for (const auto& r : conn_.query(
           std::string(kDisputeSelect) + where + " ORDER BY d.created_at DESC, d.id DESC LIMIT ? OFFSET ?",
           with_page(params, page, page_size)))
    out.items.push_back(dispute_from(r));
  return out;
}

bool Store::resolve_dispute(int64_t id, const std::string& status, const std::string& resolution,
                            int64_t resolved_by, const std::string& now) {
  return conn_.exec(
             "UPDATE disputes SET status = ?, resolution = ?, resolved_by = ?, resolved_at = ? WHERE id = ? "
             "AND status = 'open'",
             {status, resolution, resolved_by, now, id}) == 1;
}

Page<Reminder> Store::reminders(const registry::ScopeFilter& scope, const std::string& today,
                                const std::string& cutoff, const std::string& lapsed_since, int64_t page,
                                int64_t page_size) {
  Page<Reminder> out;
  out.page = page;
  out.page_size = page_size;
  if (scope.none) return out;
  // A later record of the same kind (a renewed health check, a new policy, a reissued certificate)
  // supersedes the one that lapses: the reminder is for people with nothing to replace it. Only independent
  // records count either way: a claim never made the light green, and a claimed renewal does not silence the
  // reminder of a real check that lapses.
  const std::string entries =
      "SELECT ce.kind AS type, ce.id AS record_id, ce.worker_id AS worker_id, w.name AS worker_name, "
      "w.enterprise_id AS enterprise_id, w.prefecture_code AS prefecture_code, ce.source_name AS label, "
      "ce.details AS details, ce.valid_until AS valid_until "
      "FROM credit_entries ce JOIN workers w ON w.id = ce.worker_id "
      "WHERE ce.kind IN ('health_check', 'insurance') AND ce.independent = 1 AND ce.status <> 'withdrawn' "
      "AND ce.valid_until IS NOT NULL "
      "AND ce.valid_until <= ? AND ce.valid_until >= ?" +
      scope.sql +
      " AND NOT EXISTS (SELECT 1 FROM credit_entries n WHERE n.worker_id = ce.worker_id AND n.kind = ce.kind "
      "AND n.independent = 1 AND n.status <> 'withdrawn' AND n.valid_until > ce.valid_until)";
  const std::string certificates =
      "SELECT 'service_certificate' AS type, c.id AS record_id, c.worker_id AS worker_id, w.name AS "
      "worker_name, "
      "w.enterprise_id AS enterprise_id, w.prefecture_code AS prefecture_code, c.serial AS label, "
      "'{}' AS details, c.expires_on AS valid_until "
      "FROM service_certificates c JOIN workers w ON w.id = c.worker_id "
      "WHERE c.revoked_at IS NULL AND c.expires_on <= ? AND c.expires_on >= ?" +
      scope.sql +
      " AND NOT EXISTS (SELECT 1 FROM service_certificates n WHERE n.worker_id = c.worker_id "
      "AND n.revoked_at IS NULL AND n.expires_on > c.expires_on)";
  const std::string both = entries + " UNION ALL " + certificates;
  db::Params params{cutoff, lapsed_since};
  append(params, scope.params);
  params.emplace_back(cutoff);
  params.emplace_back(lapsed_since);
  append(params, scope.params);
  out.total = conn_.query("SELECT COUNT(*) FROM (" + both + ") t", params)[0].get_int(0);
  auto today_day = day_number(today).value_or(0);
  for (const auto& r :
       conn_.query("SELECT type, record_id, worker_id, worker_name, enterprise_id, prefecture_code, "
                   "label, details, valid_until FROM (" +
                       both + ") t ORDER BY valid_until, type, record_id LIMIT ? OFFSET ?",
                   with_page(params, page, page_size))) {
    Reminder m;
    m.type = r.get_text(0);
    m.record_id = r.get_int(1);
    m.worker_id = r.get_int(2);
    m.worker_name_masked = security::mask_name(r.get_text(3));
    m.enterprise_id = r.opt_int(4);
    m.prefecture_code = r.get_text(5);
    m.label = r.get_text(6);
    if (m.type == "insurance") {
      // The insurer is more useful than the enterprise that recorded the policy.
      try {
        auto d = json::parse(r.get_text(7));
        if (auto* ins = d.as_object().if_contains("insurer"); ins && ins->is_string())
          m.label = ins->as_string();
      } catch (const std::exception&) {
      }
    }
    m.valid_until = r.get_text(8);
    m.days_left = day_number(m.valid_until).value_or(0) - today_day;
    m.lapsed = m.days_left < 0;
    out.items.push_back(std::move(m));
  }
  return out;
}

Page<Viewer> Store::viewers(int64_t worker_id, int64_t self_user_id, int64_t page, int64_t page_size) {
  Page<Viewer> out;
  out.page = page;
  out.page_size = page_size;
  const std::string where =
      " FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id LEFT JOIN enterprises ue ON ue.id = "
      "u.enterprise_id "
      "LEFT JOIN divisions ud ON ud.code = u.division_code "
      "WHERE a.subject_worker_id = ? AND a.sensitive = 1 AND (a.actor_user_id IS NULL OR a.actor_user_id <> "
      "?)";
  db::Params params{worker_id, self_user_id};
  out.total = conn_.query("SELECT COUNT(*)" + where, params)[0].get_int(0);
  for (const auto& r :
       conn_.query("SELECT a.at, a.action, a.actor_role, u.role, u.department, u.display_name, "
                   "ue.name, ud.name, a.actor_user_id" +
                       where + " ORDER BY a.id DESC LIMIT ? OFFSET ?",
                   with_page(params, page, page_size))) {
    Viewer v;
    v.at = r.get_text(0);
    v.action = r.get_text(1);
    v.role = r.get_text(2);
    v.organisation = r.is_null(8) ? organisation_label("", "", "", "", "")
                                  : organisation_label(r.get_text(3), r.get_text(4), r.get_text(5),
                                                       r.get_text(6), r.get_text(7));
    out.items.push_back(std::move(v));
  }
  return out;
}

std::map<std::string, std::string> Store::occupations() {
  std::map<std::string, std::string> out;
  for (const auto& r : conn_.query("SELECT code, name_zh FROM occupations"))
    out[r.get_text(0)] = r.get_text(1);
  return out;
}

std::optional<std::string> Store::enterprise_name(int64_t id) {
  auto rows = conn_.query("SELECT name FROM enterprises WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return rows[0].get_text(0);
}

std::optional<std::string> Store::enterprise_prefecture(int64_t id) {
  auto rows = conn_.query("SELECT prefecture_code FROM enterprises WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return rows[0].get_text(0);
}

std::string Store::organisation_of_user(int64_t user_id) {
  auto rows = conn_.query(
      "SELECT u.role, u.department, u.display_name, ue.name, ud.name FROM users u "
      "LEFT JOIN enterprises ue ON ue.id = u.enterprise_id LEFT JOIN divisions ud ON ud.code = "
      "u.division_code "
      "WHERE u.id = ?",
      {user_id});
  if (rows.empty()) return organisation_label("", "", "", "", "");
  const auto& r = rows[0];
  return organisation_label(r.get_text(0), r.get_text(1), r.get_text(2), r.get_text(3), r.get_text(4));
}

std::string Store::worker_name_masked(int64_t worker_id) {
  auto rows = conn_.query("SELECT name FROM workers WHERE id = ?", {worker_id});
  return rows.empty() ? std::string() : security::mask_name(rows[0].get_text(0));
}

// --- Bulk loading.

BulkWriter::BulkWriter(db::Connection& conn) : conn_(conn) {
  auto max_id = [&](const char* table) {
    return conn_.query(std::string("SELECT COALESCE(MAX(id), 0) FROM ") + table)[0].get_int(0) + 1;
  };
  next_entry_ = max_id("credit_entries");
  next_review_ = max_id("reviews");
  next_complaint_ = max_id("complaints");
  entry_ = conn_.prepare(
      "INSERT INTO credit_entries (id, worker_id, kind, status, source_type, source_id, source_name, "
      "independent, "
      "recorded_by, occurred_on, valid_until, summary, details, details_enc, evidence, created_at, "
      "updated_at, asserted_role, asserted_organisation) "
      "VALUES (?, ?, ?, 'active', ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  event_ = conn_.prepare(
      "INSERT INTO credit_entry_events (entry_id, at, actor_user_id, action, note) VALUES (?, ?, NULL, "
      "'created', ?)");
  review_ = conn_.prepare(
      "INSERT INTO reviews (id, worker_id, consumer_user_id, skill, attitude, punctuality, hygiene, text, "
      "entry_id, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  complaint_ = conn_.prepare(
      "INSERT INTO complaints (id, worker_id, consumer_user_id, text, status, findings, handled_by, "
      "entry_id, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)");
  employment_ = conn_.prepare(kInsertEmployment);
  score_ = conn_.prepare(
      "INSERT INTO credit_scores (worker_id, score, band, components, computed_at) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT (worker_id) DO UPDATE SET score = excluded.score, band = excluded.band, "
      "components = excluded.components, computed_at = excluded.computed_at");
}

std::vector<DemoWorker> BulkWriter::unscored_workers(int64_t after, int64_t limit) {
  std::vector<DemoWorker> out;
  for (const auto& r : conn_.query(
           "SELECT w.id, w.enterprise_id, w.prefecture_code, w.current_division_code, w.identity_status, "
           "(SELECT MIN(o.occupation_code) FROM worker_occupations o WHERE o.worker_id = w.id) "
           "FROM workers w WHERE w.id > ? AND NOT EXISTS (SELECT 1 FROM credit_scores s WHERE s.worker_id = "
           "w.id) "
           "ORDER BY w.id LIMIT ?",
           {after, limit}))
    out.push_back({r.get_int(0), r.opt_int(1), r.get_text(2), r.get_text(3), r.get_text(4), r.get_text(5)});
  return out;
}

std::vector<DemoEnterprise> BulkWriter::enterprises() {
  std::vector<DemoEnterprise> out;
  for (const auto& r : conn_.query("SELECT id, name, division_code FROM enterprises ORDER BY id"))
    out.push_back({r.get_int(0), r.get_text(1), r.get_text(2)});
  return out;
}

std::vector<int64_t> BulkWriter::demo_households(int n, const std::string& now) {
  std::vector<int64_t> ids;
  for (int i = 1; i <= n; ++i) {
    std::string name = "demo-household-" + std::string(i < 10 ? "0" : "") + std::to_string(i);
    auto rows = conn_.query("SELECT id FROM users WHERE username = ?", {name});
    if (!rows.empty()) {
      ids.push_back(rows[0].get_int(0));
      continue;
    }
    // "!" is no Argon2 hash, so no password matches it; the account is disabled as well.
    ids.push_back(
        conn_.insert("INSERT INTO users (username, password_hash, role, display_name, disabled, created_at, "
                     "password_changed_at) "
                     "VALUES (?, '!', 'consumer', '消费者', 1, ?, ?)",
                     {name, now, now}));
  }
  return ids;
}

void BulkWriter::entry(int64_t id, int64_t worker_id, EntryKind kind, SourceType source,
                       std::optional<int64_t> source_id, const std::string& source_name,
                       const std::string& occurred_on, const std::optional<std::string>& valid_until,
                       const std::string& summary, const std::string& details,
                       const std::optional<db::Blob>& details_enc, const std::string& evidence,
                       const std::string& now) {
  // Demo rows are written as their source's role would write them, and independent by the same table.
  auto role = implied_role(source);
  const bool independent = independent_by_source(kind, source);
  entry_->execute({id, worker_id, std::string(kind_name(kind)), std::string(source_type_name(source)),
                   opt(source_id), source_name, int64_t{independent ? 1 : 0}, occurred_on, opt(valid_until), summary,
                   details, opt(details_enc), evidence, now, now,
                   role ? std::string(security::role_name(*role)) : std::string(), source_name});
  event_->execute({id, now, std::string("演示数据")});
}

void BulkWriter::review(int64_t id, int64_t worker_id, int64_t consumer, int skill, int attitude,
                        int punctuality, int hygiene, const std::string& text, int64_t entry_id,
                        const std::string& created_at) {
  review_->execute({id, worker_id, consumer, int64_t{skill}, int64_t{attitude}, int64_t{punctuality},
                    int64_t{hygiene}, text, entry_id, created_at});
}

void BulkWriter::complaint(int64_t id, int64_t worker_id, int64_t consumer, const std::string& text,
                           const std::string& status, const std::string& findings,
                           std::optional<int64_t> entry_id, const std::string& created_at) {
  complaint_->execute(
      {id, worker_id, consumer, text, status, findings, opt(entry_id), created_at, created_at});
}

void BulkWriter::score(int64_t worker_id, int score, char band, const std::string& components,
                       const std::string& now) {
  score_->execute({worker_id, int64_t{score}, std::string(1, band), components, now});
}

void BulkWriter::employment(int64_t entry_id, int64_t worker_id, const EmploymentFacts& f, bool independent,
                            const std::string& now) {
  employment_->execute(employment_values(entry_id, worker_id, f, independent, "active", now));
}

void BulkWriter::finish() {
  if (conn_.dialect() != db::Dialect::postgres) return;
  // Explicit ids leave PostgreSQL's sequences behind the tables; move them past the largest id.
  for (const char* table : {"credit_entries", "reviews", "complaints"})
    conn_.query(std::string("SELECT setval(pg_get_serial_sequence('") + table +
                "', 'id'), (SELECT MAX(id) FROM " + table + ")) WHERE EXISTS (SELECT 1 FROM " + table + ")");
}

void Store::set_identity_status(int64_t worker_id, const std::string& status, const std::string& now) {
  conn_.exec("UPDATE workers SET identity_status = ?, updated_at = ? WHERE id = ?", {status, now, worker_id});
}

}  // namespace jz::credit
