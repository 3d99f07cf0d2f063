#include "verify/store.hpp"

namespace jz::verify::store {
namespace {

constexpr const char* kCertificateColumns =
    "c.id, c.serial, c.worker_id, w.public_id, c.issued_by, c.issued_on, c.expires_on, c.token, c.revoked_at, "
    "c.revoke_reason, c.photo_sha256";

Certificate certificate_from(const db::Row& r) {
  Certificate c;
  c.id = r.get_int(0);
  c.serial = r.get_text(1);
  c.worker_id = r.get_int(2);
  c.public_id = r.get_text(3);
  c.issued_by = r.opt_int(4);
  c.issued_on = r.get_text(5);
  c.expires_on = r.get_text(6);
  c.token = r.get_text(7);
  c.revoked_at = r.opt_text(8);
  c.revoke_reason = r.opt_text(9);
  c.photo_sha256 = r.opt_text(10);
  return c;
}

}  // namespace

std::optional<WorkerForIssue> find_worker(db::Connection& conn, int64_t worker_id) {
  auto rows = conn.query(
      "SELECT id, public_id, identity_status, prefecture_code, enterprise_id FROM workers WHERE id = ?", {worker_id});
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  return WorkerForIssue{r.get_int(0), r.get_text(1), r.get_text(2), r.get_text(3), r.opt_int(4)};
}

bool serial_exists(db::Connection& conn, const std::string& serial) {
  return !conn.query("SELECT 1 FROM service_certificates WHERE serial = ?", {serial}).empty();
}

int64_t insert_certificate(db::Connection& conn, const Certificate& c) {
  return conn.insert(
      "INSERT INTO service_certificates (serial, worker_id, issued_by, issued_on, expires_on, token, photo_sha256) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {c.serial, c.worker_id, c.issued_by ? db::Value(*c.issued_by) : db::Value(nullptr), c.issued_on, c.expires_on,
       c.token, c.photo_sha256 ? db::Value(*c.photo_sha256) : db::Value(nullptr)});
}

std::optional<Certificate> find_certificate(db::Connection& conn, const std::string& serial) {
  auto rows = conn.query(std::string("SELECT ") + kCertificateColumns +
                             " FROM service_certificates c JOIN workers w ON w.id = c.worker_id WHERE c.serial = ?",
                         {serial});
  if (rows.empty()) return std::nullopt;
  return certificate_from(rows[0]);
}

std::vector<Certificate> list_certificates(db::Connection& conn, int64_t worker_id) {
  std::vector<Certificate> out;
  for (const auto& r : conn.query(std::string("SELECT ") + kCertificateColumns +
                                      " FROM service_certificates c JOIN workers w ON w.id = c.worker_id "
                                      "WHERE c.worker_id = ? ORDER BY c.issued_on DESC, c.id DESC",
                                  {worker_id}))
    out.push_back(certificate_from(r));
  return out;
}

std::vector<Certificate> current_certificates(db::Connection& conn, int64_t worker_id, const std::string& today) {
  std::vector<Certificate> out;
  for (const auto& r : conn.query(std::string("SELECT ") + kCertificateColumns +
                                      " FROM service_certificates c JOIN workers w ON w.id = c.worker_id "
                                      "WHERE c.worker_id = ? AND c.revoked_at IS NULL AND c.expires_on >= ?",
                                  {worker_id, today}))
    out.push_back(certificate_from(r));
  return out;
}

void revoke_certificate(db::Connection& conn, int64_t certificate_id, const std::string& at,
                        const std::string& reason) {
  conn.exec("UPDATE service_certificates SET revoked_at = ?, revoke_reason = ? WHERE id = ? AND revoked_at IS NULL",
            {at, reason, certificate_id});
}

std::vector<Certificate> revoke_all_certificates(db::Connection& conn, int64_t worker_id, const std::string& at,
                                                 const std::string& reason) {
  std::vector<Certificate> out;
  for (const auto& r : conn.query(std::string("SELECT ") + kCertificateColumns +
                                      " FROM service_certificates c JOIN workers w ON w.id = c.worker_id "
                                      "WHERE c.worker_id = ? AND c.revoked_at IS NULL",
                                  {worker_id})) {
    Certificate c = certificate_from(r);
    // Conditional: a concurrent revocation keeps its own reason and time, and is not reported twice.
    if (conn.exec("UPDATE service_certificates SET revoked_at = ?, revoke_reason = ? WHERE id = ? AND revoked_at "
                  "IS NULL",
                  {at, reason, c.id}) == 0)
      continue;
    c.revoked_at = at;
    c.revoke_reason = reason;
    out.push_back(std::move(c));
  }
  return out;
}

std::optional<StoredPhoto> find_photo(db::Connection& conn, int64_t worker_id) {
  auto rows = conn.query("SELECT content_type, data, sha256 FROM worker_photos WHERE worker_id = ?", {worker_id});
  if (rows.empty()) return std::nullopt;
  db::Blob data = rows[0].get_blob(1);
  return StoredPhoto{rows[0].get_text(0), std::string(data.begin(), data.end()), rows[0].opt_text(2)};
}

std::optional<CertificateWithWorker> find_for_verification(db::Connection& conn, const std::string& serial) {
  auto rows = conn.query(
      std::string("SELECT ") + kCertificateColumns +
          ", w.name, w.gender, w.birth_date, w.identity_status, e.name, s.band, s.components, s.computed_at, "
          "CASE WHEN ph.worker_id IS NULL THEN 0 ELSE 1 END, ph.sha256 "
          "FROM service_certificates c JOIN workers w ON w.id = c.worker_id "
          "LEFT JOIN worker_photos ph ON ph.worker_id = c.worker_id "
          "LEFT JOIN enterprises e ON e.id = w.enterprise_id "
          "LEFT JOIN credit_scores s ON s.worker_id = c.worker_id WHERE c.serial = ?",
      {serial});
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  CertificateWithWorker out;
  out.certificate = certificate_from(r);
  ProfileFacts& p = out.profile;
  p.worker_id = out.certificate.worker_id;
  p.public_id = out.certificate.public_id;
  p.name = r.get_text(11);
  p.gender = r.get_text(12);
  p.birth_date = r.get_text(13);
  p.identity_status = r.get_text(14);
  p.enterprise_name = r.opt_text(15);
  p.band = r.opt_text(16);
  p.components = r.opt_text(17);
  p.score_computed_at = r.opt_text(18);
  p.has_photo = r.get_bool(19);
  p.photo_sha256 = r.opt_text(20);
  return out;
}

void load_profile_details(db::Connection& conn, ProfileFacts& p) {
  p.occupations.clear();
  for (const auto& r : conn.query(
           "SELECT wo.occupation_code, o.name_zh, o.name_en, wo.level FROM worker_occupations wo "
           "JOIN occupations o ON o.code = wo.occupation_code WHERE wo.worker_id = ? "
           "ORDER BY wo.level DESC, wo.occupation_code",
           {p.worker_id}))
    p.occupations.push_back({r.get_text(0), r.get_text(1), r.get_text(2), static_cast<int>(r.get_int(3))});
  // Only the kinds the public profile shows, through the (worker_id, kind, occurred_on) index; bounded so a
  // worker with an unusually long file cannot make the public page slow.
  p.entries.clear();
  for (const auto& r : conn.query(
           "SELECT kind, status, occurred_on, valid_until, summary, details, source_name, independent "
           "FROM credit_entries WHERE worker_id = ? AND kind IN ('identity_verification', 'background_check', "
           "'health_check', 'insurance', 'training', 'competition') AND status <> 'withdrawn' "
           "ORDER BY kind, occurred_on DESC, id DESC LIMIT 200",
           {p.worker_id}))
    p.entries.push_back({r.get_text(0), r.get_text(1), r.get_text(2), r.opt_text(3), r.get_text(4), r.get_text(5),
                         r.get_text(6), r.get_bool(7)});
}

void insert_audit_rows(db::Connection& conn, const std::vector<AuditRow>& rows) {
  for (const auto& row : rows) {
    const auto& a = row.actor;
    const auto& e = row.entry;
    conn.exec(
        "INSERT INTO audit_log (at, request_id, actor_user_id, actor_username, actor_role, action, object_type, "
        "object_id, summary, ip, sensitive, subject_worker_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {row.at, a.request_id, a.user_id ? db::Value(*a.user_id) : db::Value(nullptr), a.username, a.role, e.action,
         e.object_type, e.object_id, e.summary, a.ip, int64_t{e.sensitive ? 1 : 0},
         e.subject_worker_id ? db::Value(*e.subject_worker_id) : db::Value(nullptr)});
  }
}

void add_counted_views(db::Connection& conn, const std::map<std::string, CountedView>& counted) {
  for (const auto& [key, c] : counted) {
    const auto& e = c.first.entry;
    bool created = conn.exec(
                       "INSERT INTO verification_counts (hour, object_id, summary, views, first_at, last_at) "
                       "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (hour, object_id, summary) DO NOTHING",
                       {c.hour, e.object_id, e.summary, c.views, c.first.at, c.last_at}) > 0;
    if (created) {
      AuditRow first = c.first;
      first.entry.summary += " (first this hour; all counted in verification_counts)";
      insert_audit_rows(conn, {first});
    } else {
      conn.exec("UPDATE verification_counts SET views = views + ?, last_at = ? "
                "WHERE hour = ? AND object_id = ? AND summary = ?",
                {c.views, c.last_at, c.hour, e.object_id, e.summary});
    }
  }
}

}  // namespace jz::verify::store
