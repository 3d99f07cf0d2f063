#include "verify/service.hpp"

#include <chrono>

#include "common/time.hpp"
#include "registry/scope.hpp"
#include "security/digest.hpp"
#include "security/random.hpp"
#include "verify/qr_png.hpp"
#include "verify/store.hpp"
#include "verify/token.hpp"

namespace jz::verify {
namespace {

using security::Role;

constexpr int kSerialAttempts = 10;

bool may_issue(const security::Principal& p, const store::WorkerForIssue& w) {
  if (p.role != Role::enterprise && p.role != Role::city_officer && p.role != Role::province_admin) return false;
  return registry::can_edit_worker(p, registry::WorkerRef{w.id, w.prefecture_code, w.enterprise_id});
}

bool may_view(const security::Principal& p, const store::WorkerForIssue& w) {
  return registry::can_view_worker(p, registry::WorkerRef{w.id, w.prefecture_code, w.enterprise_id});
}

security::AuditEntry certificate_audit(std::string action, const Certificate& c, std::string summary) {
  security::AuditEntry e;
  e.action = std::move(action);
  e.object_type = "service_certificate";
  e.object_id = c.serial;
  e.summary = std::move(summary);
  e.subject_worker_id = c.worker_id;
  return e;
}

std::string_view channel_name(Channel c) {
  switch (c) {
    case Channel::token_api: return "token";
    case Channel::token_page: return "page";
    case Channel::serial: return "serial";
  }
  return "token";
}

}  // namespace

std::string certificate_state(const Certificate& c, const std::string& today) {
  if (c.revoked_at) return "revoked";
  return c.expires_on < today ? "expired" : "valid";
}

std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::valid: return "valid";
    case Verdict::forged: return "forged";
    case Verdict::expired: return "expired";
    case Verdict::revoked: return "revoked";
  }
  return "forged";
}

std::string default_expiry(const std::string& issued_on) {
  using namespace std::chrono;
  auto days = days_from_date(issued_on).value();
  year_month_day ymd{sys_days{std::chrono::days{days}}};
  year_month_day next = ymd + years{1};
  if (!next.ok()) next = year_month_day{next.year() / March / 1};  // 29 Feb + 1 year: valid through 28 Feb
  return date_from_days(sys_days(next).time_since_epoch().count() - 1);
}

Result<Certificate> Service::issue(const security::Principal& by, int64_t worker_id,
                                   const std::optional<std::string>& expires_on, const security::AuditActor& actor) {
  const std::string today = today_utc();
  std::string expiry = expires_on.value_or(default_expiry(today));
  auto expiry_day = days_from_date(expiry);
  if (!expiry_day) return make_error("invalid_field", "expires_on", "YYYY-MM-DD");
  if (expiry < today) return make_error("invalid_field", "expires_on", "in the past");
  if (*expiry_day > *days_from_date(today) + 365 * kMaxValidityYears + 1)
    return make_error("invalid_field", "expires_on", "at most 3 years ahead");

  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto w = store::find_worker(*conn, worker_id);
  if (!w) return make_error("not_found", "id");
  if (!may_issue(by, *w)) return make_error("out_of_scope");
  if (w->identity_status != "verified") return make_error("certificate_identity_unverified");

  const std::string now = now_utc();
  for (const auto& old : store::current_certificates(*conn, worker_id, today)) {
    store::revoke_certificate(*conn, old.id, now, "superseded");
    security::write_audit(*conn, actor, certificate_audit("certificate.revoke", old, "reason=superseded"));
  }

  Certificate c;
  for (int attempt = 0;; ++attempt) {
    // 10^8 serials a day: a collision is rare; checking first keeps PostgreSQL's transaction clean.
    c.serial = make_serial(today, static_cast<uint32_t>(std::stoul(security::random_digits(8))));
    if (!store::serial_exists(*conn, c.serial)) break;
    if (attempt + 1 == kSerialAttempts) return make_error("conflict", "serial", "no free serial");
  }
  c.worker_id = w->id;
  c.public_id = w->public_id;
  // The certificate is bound to the photo on file now: the verify page shows a photo only while it is this one.
  if (auto photo = store::find_photo(*conn, worker_id)) c.photo_sha256 = security::sha256_hex(photo->data);
  c.issued_by = by.user_id ? std::optional<int64_t>(by.user_id) : std::nullopt;
  c.issued_on = today;
  c.expires_on = expiry;
  const TokenPayload payload{c.public_id, c.serial, c.issued_on, c.expires_on};
  auto token = sm2_signer_ ? sign_token_sm2(payload, *sm2_signer_) : sign_token(payload, key_);
  if (!token) return token.error();
  c.token = *token;
  c.id = store::insert_certificate(*conn, c);
  security::write_audit(*conn, actor, certificate_audit("certificate.issue", c, "expires_on=" + c.expires_on));
  tx.commit();
  return c;
}

Result<std::vector<Certificate>> Service::list(const security::Principal& by, int64_t worker_id) {
  auto conn = db_.acquire();
  auto w = store::find_worker(*conn, worker_id);
  if (!w) return make_error("not_found", "id");
  if (!may_view(by, *w)) return make_error("out_of_scope");
  return store::list_certificates(*conn, worker_id);
}

Result<Certificate> Service::revoke(const security::Principal& by, const std::string& serial, const std::string& reason,
                                    const security::AuditActor& actor) {
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto c = store::find_certificate(*conn, serial);
  if (!c) return make_error("certificate_not_found", "serial");
  auto w = store::find_worker(*conn, c->worker_id);
  if (!w) return make_error("certificate_not_found", "serial");
  bool herself = by.role == Role::worker && by.worker_id && *by.worker_id == c->worker_id;
  if (!herself && !may_issue(by, *w)) return make_error("out_of_scope");
  if (c->revoked_at) return make_error("certificate_already_revoked", "serial");
  const std::string now = now_utc();
  store::revoke_certificate(*conn, c->id, now, reason);
  // The reason may be free text about a person: the audit summary names only who revoked it.
  security::write_audit(*conn, actor,
                        certificate_audit("certificate.revoke", *c, herself ? "by=worker" : "by=" + actor.role));
  tx.commit();
  c->revoked_at = now;
  c->revoke_reason = reason;
  return *c;
}

Result<std::string> Service::qr_png(const security::Principal& by, const std::string& serial) {
  std::optional<Certificate> c;
  {
    auto conn = db_.acquire();
    c = store::find_certificate(*conn, serial);
    if (!c) return make_error("certificate_not_found", "serial");
    auto w = store::find_worker(*conn, c->worker_id);
    if (!w || !may_view(by, *w)) return make_error("out_of_scope");
  }
  return verify::qr_png(verify_url(c->token));
}

Verification Service::verify_token(std::string_view token, Channel channel, const security::AuditActor& actor) {
  return verify(token, std::nullopt, channel, actor);
}

Result<Verification> Service::verify_serial(const std::string& typed, const security::AuditActor& actor) {
  const std::string serial = canonical_serial(typed);
  if (!looks_like_serial(serial)) return make_error("certificate_not_found", "serial");
  std::string token;
  {
    auto conn = db_.acquire();
    auto c = store::find_certificate(*conn, serial);
    if (!c) return make_error("certificate_not_found", "serial");
    token = c->token;
  }
  // The stored token is checked like a scanned one: a row written into the database without our signature
  // reads as forged, and the serial must be the one the token names.
  return verify(token, serial, Channel::serial, actor);
}

Result<CertificatePhoto> Service::photo(std::string_view token, const security::AuditActor& actor) {
  TokenCheck check = signatures_.check(token, key_.public_key(), today_utc(), sm2_public_ ? &*sm2_public_ : nullptr);
  if (!check.genuine()) return make_error("not_found");
  std::optional<Certificate> c;
  std::optional<store::StoredPhoto> photo;
  {
    auto conn = db_.acquire();
    db::Transaction tx(*conn, false);
    c = store::find_certificate(*conn, check.payload.serial);
    if (c && c->public_id == check.payload.public_id) photo = store::find_photo(*conn, c->worker_id);
    tx.commit();
  }
  // Refused unless the certificate is on record, not revoked, was issued with a photo and the photo on file
  // is still that one (recomputed from the bytes, not taken from the stored digest).
  if (!c || c->public_id != check.payload.public_id || c->revoked_at || !c->photo_sha256 || !photo ||
      security::sha256_hex(photo->data) != *c->photo_sha256)
    return make_error("not_found");
  security::AuditEntry audit;
  audit.action = "certificate.photo";
  audit.object_type = "service_certificate";
  audit.object_id = c->serial;
  audit.sensitive = true;
  audit.subject_worker_id = c->worker_id;
  audit_.push(actor, audit);
  return CertificatePhoto{photo->content_type, std::move(photo->data)};
}

Verification Service::verify(std::string_view token, const std::optional<std::string>& serial_hint, Channel channel,
                             const security::AuditActor& actor) {
  Verification v;
  v.today = today_utc();
  security::AuditEntry audit;
  audit.action = "certificate.verify";
  audit.object_type = "service_certificate";
  audit.sensitive = true;
  auto summary = [&] { return "result=" + std::string(verdict_name(v.verdict)) + " via=" + std::string(channel_name(channel)); };

  TokenCheck check = signatures_.check(token, key_.public_key(), v.today, sm2_public_ ? &*sm2_public_ : nullptr);
  if (!check.genuine() || (serial_hint && check.payload.serial != *serial_hint)) {
    v.verdict = Verdict::forged;
    audit.object_id = serial_hint.value_or("");
    audit.summary = summary();
    audit_.push(actor, audit);
    return v;
  }
  audit.object_id = check.payload.serial;
  std::optional<store::CertificateWithWorker> found;
  {
    // One read transaction: revocation and profile from the same snapshot (and, on SQLite, one WAL read lock
    // instead of three).
    auto conn = db_.acquire();
    db::Transaction tx(*conn, false);
    found = store::find_for_verification(*conn, check.payload.serial);
    if (found && found->certificate.public_id == check.payload.public_id)
      store::load_profile_details(*conn, found->profile);
    tx.commit();
  }
  if (!found || found->certificate.public_id != check.payload.public_id) {
    // Signed by us but not on record (a database restored from an older backup, say): we cannot vouch for it.
    v.verdict = Verdict::revoked;
    v.on_record = false;
    Certificate c;
    c.serial = check.payload.serial;
    c.public_id = check.payload.public_id;
    c.issued_on = check.payload.issued_on;
    c.expires_on = check.payload.expires_on;
    v.certificate = std::move(c);
    audit.summary = summary() + " not_on_record";
    audit_.push(actor, audit);
    return v;
  }
  Certificate& c = found->certificate;
  c.expires_on = check.payload.expires_on;  // the signed date is the one that counts
  v.verdict = c.revoked_at ? Verdict::revoked : check.status == TokenStatus::expired ? Verdict::expired : Verdict::valid;
  v.photo_matches = !c.revoked_at && c.photo_sha256 && found->profile.photo_sha256 == c.photo_sha256;
  audit.subject_worker_id = c.worker_id;
  audit.summary = summary();
  v.certificate = std::move(c);
  v.profile = std::move(found->profile);
  audit_.push(actor, audit);
  return v;
}

}  // namespace jz::verify
