// Service rules for workers: creation through the shared WorkerInput validation, edits that re-validate the
// whole record, full-record reads (audited), lists within the caller's scope, and photos.
#include <fmt/format.h>

#include <algorithm>

#include "common/id_number.hpp"
#include "common/time.hpp"
#include "credit/service.hpp"
#include "registry/scope.hpp"
#include "registry/service.hpp"
#include "registry/flag_provenance.hpp"
#include "registry/worker_store.hpp"
#include "security/masking.hpp"
#include "security/digest.hpp"
#include "verify/store.hpp"

namespace jz::registry {

using security::Principal;
using security::Role;

namespace {

std::vector<FieldProblem> one(const Error& e) { return {FieldProblem{e.field, e.code, e.detail}}; }

// Which WorkerInput fields a role may change. The ID number and what it derives are never editable; a worker
// keeps her contact and availability up to date, an enterprise everything but whom she works for.
bool may_edit(Role role, const std::string& field) {
  static const char* kWorkerOwn[] = {"phone",          "current_division_code", "live_in",         "hours_per_week",
                                     "expected_wage",  "work_scope",            "preferred_cities"};
  switch (role) {
    case Role::province_admin:
    case Role::city_officer: return true;
    case Role::enterprise: return field != "enterprise_id";
    case Role::worker: return std::find(std::begin(kWorkerOwn), std::end(kWorkerOwn), field) != std::end(kWorkerOwn);
    default: return false;
  }
}

std::string join_occupations(const std::vector<std::pair<std::string, int>>& occ) {
  std::string out;
  for (const auto& [code, level] : occ) out += fmt::format("{}{}:{}", out.empty() ? "" : ";", code, level);
  return out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ";") + s;
  return out;
}

security::AuditEntry worker_entry(std::string action, int64_t id, std::string summary = {}) {
  security::AuditEntry e;
  e.action = std::move(action);
  e.object_type = "worker";
  e.object_id = std::to_string(id);
  e.summary = std::move(summary);
  e.sensitive = true;
  e.subject_worker_id = id;
  return e;
}

// Identity stays bound to the person verified: when a worker's name or photo changes, a verified identity
// goes back to 'pending' (an official re-verifies it through an identity_verification entry) and every
// certificate she holds is revoked, in the caller's transaction and audited. Whoever made the change (her
// enterprise, say) cannot then issue a certificate: that needs a verified identity.
// The credit file says so too: a platform entry (status "reset") becomes the latest identity verification, so
// the score stops counting the old one until an official verifies her again.
void unbind_identity(db::Connection& conn, credit::Service& credit, int64_t worker_id, const std::string& what,
                     const security::AuditActor& actor, const std::string& now) {
  if (worker_store::reset_verified_identity(conn, worker_id, now)) {
    security::write_audit(conn, actor, worker_entry("worker.identity_reset", worker_id, "changed=" + what));
    credit::NewEntry e;
    e.worker_id = worker_id;
    e.kind = credit::EntryKind::identity_verification;
    e.source_type = credit::SourceType::platform;
    e.source_name = "陇原家政平台";
    e.occurred_on = now.substr(0, 10);
    e.details = boost::json::object{{"status", "reset"}, {"changed", what}};
    if (auto added = credit.add_entry(conn, e, actor); !added)
      throw std::runtime_error("identity reset entry: " + added.error().code);
  }
  for (const auto& c : verify::store::revoke_all_certificates(conn, worker_id, now, "identity_changed")) {
    security::AuditEntry e;
    e.action = "certificate.revoke";
    e.object_type = "service_certificate";
    e.object_id = c.serial;
    e.summary = "reason=identity_changed changed=" + what;
    e.subject_worker_id = worker_id;
    security::write_audit(conn, actor, e);
  }
}

}  // namespace

std::string photo_content_type(std::string_view bytes) {
  if (bytes.size() >= 3 && bytes.substr(0, 3) == std::string_view("\xFF\xD8\xFF", 3)) return "image/jpeg";
  if (bytes.size() >= 8 && bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1A\n", 8)) return "image/png";
  return "";
}

std::optional<db::Blob> Service::id_number_search_key(const std::string& text) const {
  auto c = check_id_number(text, today_beijing());
  if (!c.valid) return std::nullopt;
  return cipher_.blind_index(c.info.normalized, "workers.id_number");
}

Checked<CreatedWorker> Service::create_worker(const Principal& p, WorkerInput in, const security::AuditActor& actor) {
  switch (p.role) {
    case Role::province_admin:
    case Role::city_officer: break;
    case Role::enterprise:
      if (!p.enterprise_id) return one(make_error("out_of_scope"));
      in.enterprise_id = p.enterprise_id;  // an enterprise registers its own staff only
      break;
    default: return one(make_error("out_of_scope"));
  }
  auto conn = db_.acquire();
  ReferenceSets refs = load_reference_sets(*conn, catalog_);
  auto validated = validate_worker(in, refs);
  if (auto* problems = std::get_if<std::vector<FieldProblem>>(&validated)) return std::move(*problems);
  const ValidatedWorker& w = std::get<ValidatedWorker>(validated);
  if (p.role == Role::city_officer && (p.division_code.empty() || w.prefecture_code != p.division_code))
    return one(make_error("out_of_scope", "current_division_code"));

  WorkerWriter writer(cipher_);
  db::Transaction tx(*conn, true);
  auto problems = check_against_database(*conn, w, writer);
  if (!problems.empty()) return problems;
  int64_t id = writer.insert(*conn, w);
  // Who asserted her 脱贫/监测 flags (an enterprise's word is a claim): registry/flag_provenance.hpp.
  record_flag_changes(*conn, flag_asserter(*conn, p), id, w.prefecture_code, std::nullopt,
                      {w.poverty_alleviated, w.monitored}, "form", "", now_utc());
  security::write_audit(*conn, actor, worker_entry("worker.create", id, "id_number " + security::mask_id_number(w.id_number)));
  tx.commit();
  return CreatedWorker{*worker_store::find_worker(*conn, id), w.repairs};
}

Checked<WorkerRecord> Service::update_worker(const Principal& p, int64_t id, const WorkerPatch& patch,
                                             const security::AuditActor& actor) {
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto ref = load_worker_ref(*conn, id);
  if (!ref) return one(make_error("not_found"));
  if (!can_edit_worker(p, *ref)) return one(make_error("out_of_scope"));

  std::vector<FieldProblem> problems = patch.conversion_problems;
  for (const auto& [field, value] : patch.fields)
    if (!may_edit(p.role, field)) problems.push_back({field, "field_not_editable", ""});
  if (patch.enterprise_id && !may_edit(p.role, "enterprise_id"))
    problems.push_back({"enterprise_id", "field_not_editable", ""});
  if (!problems.empty()) return problems;

  // Re-validate the whole record as it will be, so an edit accepts exactly what a registration accepts.
  auto current = worker_store::find_worker(*conn, id);
  auto secrets = worker_store::load_secrets(*conn, id);
  auto id_number = cipher_.decrypt(secrets->id_number_enc, "workers.id_number");
  if (!id_number) throw std::runtime_error("worker " + std::to_string(id) + ": " + id_number.error().detail);
  WorkerInput in;
  in.name = current->name;
  in.id_number = *id_number;
  if (secrets->phone_enc) {
    auto phone = cipher_.decrypt(*secrets->phone_enc, "workers.phone");
    if (!phone) throw std::runtime_error("worker " + std::to_string(id) + ": " + phone.error().detail);
    in.phone = *phone;
  }
  in.current_division_code = current->current_division_code;
  in.occupations = join_occupations(current->occupations);
  in.flags = join(current->flags);
  in.live_in = current->live_in ? "1" : "0";
  in.hours_per_week = std::to_string(current->hours_per_week);
  in.expected_wage = std::to_string(current->expected_wage);
  in.work_scope = current->work_scope;
  in.preferred_cities = current->preferred_cities;
  in.labour_brand = current->labour_brand_code;
  in.enterprise_id = current->enterprise_id;
  std::map<std::string, std::string*> slots{
      {"name", &in.name},
      {"phone", &in.phone},
      {"current_division_code", &in.current_division_code},
      {"occupations", &in.occupations},
      {"flags", &in.flags},
      {"live_in", &in.live_in},
      {"hours_per_week", &in.hours_per_week},
      {"expected_wage", &in.expected_wage},
      {"work_scope", &in.work_scope},
      {"preferred_cities", &in.preferred_cities},
      {"labour_brand", &in.labour_brand},
  };
  std::vector<std::string> changed;
  for (const auto& [field, value] : patch.fields) {
    auto it = slots.find(field);
    if (it == slots.end()) continue;
    *it->second = value;
    changed.push_back(field);
  }
  if (patch.enterprise_id) {
    in.enterprise_id = *patch.enterprise_id;
    changed.push_back("enterprise_id");
  }
  if (changed.empty()) return *current;

  ReferenceSets refs = load_reference_sets(*conn, catalog_);
  auto validated = validate_worker(in, refs);
  if (auto* p2 = std::get_if<std::vector<FieldProblem>>(&validated)) return std::move(*p2);
  const ValidatedWorker& w = std::get<ValidatedWorker>(validated);
  // Nobody moves a worker out of her own reach: a city officer keeps her in her 市州.
  if (p.role == Role::city_officer && w.prefecture_code != p.division_code)
    return one(make_error("out_of_scope", "current_division_code"));
  if (patch.enterprise_id && w.enterprise_id && !worker_store::enterprise_exists(*conn, *w.enterprise_id))
    return one(make_error("unknown_enterprise", "enterprise_id", std::to_string(*w.enterprise_id)));

  std::optional<worker_store::PhoneColumns> phone;
  if (patch.fields.count("phone")) {
    phone.emplace();
    if (!w.phone.empty()) {
      phone->enc = cipher_.encrypt(w.phone, "workers.phone");
      phone->bidx = cipher_.blind_index(w.phone, "workers.phone");
      phone->mask = security::mask_phone(w.phone);
    }
  }
  const std::string now = now_utc();
  worker_store::update_worker(*conn, id, w, phone, now);
  auto had = [&](std::string_view f) { return std::find(current->flags.begin(), current->flags.end(), f) != current->flags.end(); };
  record_flag_changes(*conn, flag_asserter(*conn, p), id, w.prefecture_code,
                      FlagValues{had("poverty_alleviated"), had("monitored")}, {w.poverty_alleviated, w.monitored},
                      "form", "", now);
  std::sort(changed.begin(), changed.end());
  security::write_audit(*conn, actor, worker_entry("worker.update", id, join(changed)));
  credit::Service credit(db_, cipher_, catalog_);
  if (w.name != current->name) unbind_identity(*conn, credit, id, "name", actor, now);
  tx.commit();
  return *worker_store::find_worker(*conn, id);
}

Result<WorkerRecord> Service::view_worker(const Principal& p, int64_t id, const security::AuditActor& actor) {
  auto conn = db_.acquire();
  auto ref = load_worker_ref(*conn, id);
  if (!ref) return make_error("not_found");
  if (!can_view_worker(p, *ref)) return make_error("out_of_scope");
  auto w = worker_store::find_worker(*conn, id);
  security::write_audit(*conn, actor, worker_entry("worker.view", id));
  return *w;
}

Result<PageOf<WorkerRecord>> Service::list_workers(const Principal& p, WorkerFilter f, const Page& page) {
  if (!f.q.empty()) f.id_number_bidx = id_number_search_key(f.q);
  auto conn = db_.acquire();
  return worker_store::list_workers(*conn, f, worker_scope_filter(p), page);
}

Result<void> Service::put_photo(const Principal& p, int64_t worker_id, const std::string& bytes,
                                const security::AuditActor& actor) {
  if (bytes.size() > kMaxPhotoBytes) return make_error("photo_too_large");
  std::string type = photo_content_type(bytes);
  if (type.empty()) return make_error("unsupported_photo_type");
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  auto ref = load_worker_ref(*conn, worker_id);
  if (!ref) return make_error("not_found");
  if (!can_edit_worker(p, *ref)) return make_error("out_of_scope");
  const std::string now = now_utc();
  const std::string digest = security::sha256_hex(bytes);
  auto before = worker_store::get_photo(*conn, worker_id);
  worker_store::put_photo(*conn, worker_id, type, bytes, digest, now);
  security::write_audit(*conn, actor, worker_entry("worker.photo", worker_id, fmt::format("{} {} bytes", type, bytes.size())));
  // The same image again changes nothing; any other image is a change of identity.
  credit::Service credit(db_, cipher_, catalog_);
  if (!before || security::sha256_hex(before->data) != digest) unbind_identity(*conn, credit, worker_id, "photo", actor, now);
  tx.commit();
  return {};
}

Result<Photo> Service::get_photo(const Principal& p, int64_t worker_id) {
  auto conn = db_.acquire();
  auto ref = load_worker_ref(*conn, worker_id);
  if (!ref) return make_error("not_found");
  if (!can_view_worker(p, *ref)) return make_error("out_of_scope");
  auto photo = worker_store::get_photo(*conn, worker_id);
  if (!photo) return make_error("not_found");
  return *photo;
}

}  // namespace jz::registry
