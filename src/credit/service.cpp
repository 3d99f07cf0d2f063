#include "credit/service.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <algorithm>
#include <chrono>

#include "common/text.hpp"
#include "common/time.hpp"
#include "credit/dates.hpp"
#include "credit/provenance.hpp"
#include "registry/scope.hpp"
#include "registry/worker_store.hpp"

namespace jz::credit {
namespace {

namespace json = boost::json;
using security::Principal;
using security::Role;

security::AuditEntry audit_entry(std::string action, std::string object_type, int64_t object_id,
                                 std::string summary, bool sensitive, int64_t worker_id) {
  security::AuditEntry a;
  a.action = std::move(action);
  a.object_type = std::move(object_type);
  a.object_id = std::to_string(object_id);
  a.summary = std::move(summary);
  a.sensitive = sensitive;
  a.subject_worker_id = worker_id;
  return a;
}

Result<std::string> bounded_text(std::string_view value, const char* field, size_t max_chars, bool required) {
  std::string s(trim_ascii(value));
  if (s.empty() && required) return make_error("missing_field", field);
  if (utf8_length(s) > max_chars)
    return make_error("invalid_field", field, fmt::format("at most {} characters", max_chars));
  return s;
}

std::vector<ScoreEntry> score_entries(const std::vector<StoredEntry>& entries) {
  std::vector<ScoreEntry> out;
  out.reserve(entries.size());
  for (const auto& s : entries) {
    const Entry& e = s.entry;
    out.push_back(
        to_score_entry(e.id, e.kind, e.status, e.independent, e.occurred_on, e.valid_until, e.details));
  }
  return out;
}

std::optional<Role> asserting_role(const NewEntry& e) {
  if (!e.asserted_role.empty()) return security::parse_role(e.asserted_role);
  return implied_role(e.source_type);
}

// Whether the entry counts as independent: by the assertion table (credit/provenance.hpp) alone. Reviews and
// upheld complaints come only through their own workflows (a consumer's review, an official's finding).
bool independent_assertion(Store& store, const NewEntry& e, const PreparedEntry& p) {
  if (e.not_independent) return false;
  if (e.kind == EntryKind::review || e.kind == EntryKind::complaint) return e.source_type != SourceType::self;
  if (e.source_type == SourceType::platform) return true;
  auto role = asserting_role(e);
  if (!role) return false;
  auto rule = assertion_rule(*role, e.kind);
  if (!rule) return false;
  std::string place, prefecture = e.asserter_prefecture;
  if (p.employment && p.employment->place_division_code) place = *p.employment->place_division_code;
  if (rule->independence == Independence::own_prefecture && prefecture.empty() && e.source_id)
    prefecture = store.enterprise_prefecture(*e.source_id).value_or("");
  return is_independent(*rule, place, prefecture);
}

}  // namespace

bool Service::may_see_health(const Principal& p, const registry::WorkerRef& w) {
  if (p.role == Role::worker) return p.worker_id && *p.worker_id == w.id;
  return p.is_official() && registry::can_view_worker(p, w);
}

KindRefs Service::refs(Store& store) const {
  KindRefs r;
  r.divisions = &catalog_;
  r.occupations = store.occupations();
  r.today = today_utc();
  return r;
}

Entry Service::reveal(StoredEntry s, bool show) const {
  if (show && s.details_enc) {
    auto plain = cipher_.decrypt(*s.details_enc, kHealthContext);
    if (!plain) {
      spdlog::warn("credit entry {}: health data cannot be decrypted ({})", s.entry.id, plain.error().detail);
    } else {
      try {
        auto v = json::parse(*plain);
        if (v.is_object()) s.entry.health = std::move(v.as_object());
      } catch (const std::exception&) {
        spdlog::warn("credit entry {}: health data is not JSON", s.entry.id);
      }
    }
  }
  return std::move(s.entry);
}

// ── The contract. ──

Result<int64_t> Service::add_entry(db::Connection& conn, const NewEntry& in,
                                   const security::AuditActor& actor) {
  Store store(conn);
  if (!registry::load_worker_ref(conn, in.worker_id)) return make_error("not_found", "worker_id");
  auto prepared = prepare_entry(in, refs(store));
  if (!prepared) return prepared.error();
  NewEntry e = in;
  e.evidence = std::string(trim_ascii(e.evidence));
  if (e.source_type == SourceType::hospital && e.source_name.empty())
    if (auto* inst = prepared->details.if_contains("institution"); inst && inst->is_string())
      e.source_name = std::string(inst->as_string());
  e.source_name = std::string(trim_ascii(e.source_name));
  if (e.source_name.empty()) return make_error("missing_field", "source_name");
  if (utf8_length(e.source_name) > 200)
    return make_error("invalid_field", "source_name", "at most 200 characters");

  std::optional<db::Blob> health;
  if (prepared->health) health = cipher_.encrypt(json::serialize(*prepared->health), kHealthContext);
  if (e.asserted_role.empty())
    if (auto role = asserting_role(e)) e.asserted_role = std::string(security::role_name(*role));
  if (e.asserted_organisation.empty()) e.asserted_organisation = e.source_name;
  const bool independent = independent_assertion(store, e, *prepared);
  const std::string now = now_utc();
  int64_t id = store.insert_entry(e, independent, prepared->summary, json::serialize(prepared->details),
                                  health, prepared->valid_until, actor.user_id, now);
  if (prepared->employment) store.insert_employment(id, e.worker_id, *prepared->employment, independent, now);
  store.insert_event(id, now, actor.user_id, "created",
                     fmt::format("{}：{}", independent                          ? "独立来源"
                                           : e.source_type == SourceType::self ? "本人自述"
                                                                                 : "单位自述（待核实）",
                                 e.source_name));
  // The summary names the kind and source only: never health data or other personal data.
  security::write_audit(conn, actor,
                        audit_entry("credit_entry.create", "credit_entry", id,
                                    fmt::format("kind={} source={} independent={}", kind_name(e.kind),
                                                source_type_name(e.source_type), independent ? 1 : 0),
                                    e.kind == EntryKind::health_check, e.worker_id));
  // The registry's identity status follows the file: an official's (or platform's) verification decides it,
  // never the worker's own claim. Certificates and the traffic light read it.
  if (e.kind == EntryKind::identity_verification && independent)
    if (auto* st = prepared->details.if_contains("status"); st && st->is_string())
      store.set_identity_status(e.worker_id, st->as_string() == "reset" ? "pending" : std::string(st->as_string()),
                                now);
  recompute(conn, e.worker_id);
  return id;
}

ScoreResult Service::recompute(db::Connection& conn, int64_t worker_id) {
  Store store(conn);
  auto result = compute_score(score_entries(store.live_entries(worker_id)), today_utc());
  store.upsert_score(worker_id, result.score, result.band,
                     json::serialize(components_json(result.components)), now_utc());
  return result;
}

// ── Entries. ──

Result<Entry> Service::record_entry(const Principal& p, int64_t worker_id, const RecordRequest& r,
                                    const security::AuditActor& actor) {
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  Store store(*conn);
  auto w = registry::load_worker_ref(*conn, worker_id);
  if (!w) return make_error("not_found", "id");
  auto source = recording_source(p.role, r.kind);
  if (!source) return make_error("credit_kind_not_allowed", "kind", std::string(kind_name(r.kind)));
  bool in_scope = false;
  switch (p.role) {
    case Role::worker:
      in_scope = p.worker_id && *p.worker_id == worker_id;
      break;
    case Role::enterprise:
      in_scope = registry::can_view_worker(p, *w);
      break;
    // Institutions record the courses and awards of their own trainees (enrolled in one of their courses,
    // registry/scope.hpp). They still cannot read the file.
    case Role::institution:
      in_scope = p.institution_id && registry::is_trainee_of(*conn, *p.institution_id, worker_id);
      break;
    default:
      in_scope = registry::can_edit_worker(p, *w);
      break;
  }
  if (!in_scope) return make_error("out_of_scope", "id");

  NewEntry e;
  e.worker_id = worker_id;
  e.kind = r.kind;
  e.source_type = *source;
  e.asserted_role = std::string(security::role_name(p.role));
  e.asserted_organisation = store.organisation_of_user(p.user_id);
  e.occurred_on = r.occurred_on;
  e.valid_until = r.valid_until;
  e.details = r.details;
  e.evidence = r.evidence;
  switch (*source) {
    case SourceType::self:
      e.source_id = worker_id;
      e.source_name = "本人";
      break;
    case SourceType::enterprise: {
      e.source_id = p.enterprise_id;
      e.source_name = store.enterprise_name(p.enterprise_id.value_or(0)).value_or("家政企业");
      if (r.kind == EntryKind::employment) {
        // An enterprise records its own employment of the worker: the employer is the enterprise.
        e.details["employer"] = e.source_name;
        e.details["employer_enterprise_id"] = p.enterprise_id.value_or(0);
      }
      break;
    }
    case SourceType::institution:
      e.source_id = p.institution_id;
      e.source_name = store.organisation_of_user(p.user_id);
      break;
    case SourceType::official:
      e.source_id = p.user_id;
      e.source_name = store.organisation_of_user(p.user_id);
      break;
    case SourceType::insurer:
      e.source_id = p.issuer_id;
      e.source_name = e.asserted_organisation;
      break;
    case SourceType::hospital:  // named after the institution in the details (add_entry)
    case SourceType::consumer:
    case SourceType::platform:
      break;
  }
  auto id = add_entry(*conn, e, actor);
  if (!id) return id.error();
  auto stored = store.find_entry(*id);
  tx.commit();
  return reveal(std::move(*stored), may_see_health(p, *w));
}

Result<Page<Entry>> Service::list_entries(const Principal& p, int64_t worker_id, const EntryFilter& f,
                                          const security::AuditActor& actor) {
  auto conn = db_.acquire();
  auto w = registry::load_worker_ref(*conn, worker_id);
  if (!w) return make_error("not_found", "id");
  if (!registry::can_view_worker(p, *w)) return make_error("out_of_scope", "id");
  Store store(*conn);
  auto stored = store.list_entries(worker_id, f);
  const bool show = may_see_health(p, *w);
  Page<Entry> out;
  out.total = stored.total;
  out.page = stored.page;
  out.page_size = stored.page_size;
  for (auto& s : stored.items) out.items.push_back(reveal(std::move(s), show));
  db::Transaction tx(*conn, true);
  security::write_audit(
      *conn, actor,
      audit_entry("credit_file.view", "worker", worker_id,
                  show ? "credit entries with health results" : "credit entries", true, worker_id));
  tx.commit();
  return out;
}

Result<CreditReport> Service::credit_report(const Principal& p, int64_t worker_id,
                                            const security::AuditActor& actor) {
  auto conn = db_.acquire();
  auto w = registry::load_worker_ref(*conn, worker_id);
  if (!w) return make_error("not_found", "id");
  if (!registry::can_view_worker(p, *w)) return make_error("out_of_scope", "id");
  Store store(*conn);
  auto entries = store.live_entries(worker_id);
  CreditReport report;
  report.worker_id = worker_id;
  report.score = compute_score(score_entries(entries), today_utc());
  std::string components = json::serialize(components_json(report.score.components));
  auto stored = store.find_score(worker_id);
  db::Transaction tx(*conn, true);
  if (!stored || stored->score != report.score.score || stored->band != std::string(1, report.score.band) ||
      stored->components != components) {
    // The file did not change but the day did (a health check or policy lapsed): refresh the stored row so
    // that the public profile agrees with this answer.
    report.computed_at = now_utc();
    store.upsert_score(worker_id, report.score.score, report.score.band, components, report.computed_at);
  } else {
    report.computed_at = stored->computed_at;
  }
  security::write_audit(
      *conn, actor, audit_entry("credit_score.view", "worker", worker_id, "credit score", true, worker_id));
  tx.commit();
  for (auto& s : entries) {
    int64_t id = s.entry.id;
    report.records.emplace(id, reveal(std::move(s), false));
  }
  return report;
}

Result<Page<Review>> Service::list_reviews(const Principal& p, int64_t worker_id, int64_t page,
                                           int64_t page_size) {
  auto conn = db_.acquire();
  auto w = registry::load_worker_ref(*conn, worker_id);
  if (!w) return make_error("not_found", "id");
  if (!registry::can_view_worker(p, *w)) return make_error("out_of_scope", "id");
  return Store(*conn).list_reviews(worker_id, page, page_size);
}

// ── Reviews and complaints. ──

Result<Page<Complaint>> Service::my_complaints(const Principal& p, int64_t page, int64_t page_size) {
  if (p.role != Role::consumer) return make_error("forbidden");
  registry::ScopeFilter mine{" AND c.consumer_user_id = ?", {p.user_id}};
  auto conn = db_.acquire();
  escalate_overdue(*conn);
  return Store(*conn).list_complaints(mine, std::nullopt, page, page_size);
}

void Service::escalate_overdue(db::Connection& conn) {
  db::Transaction tx(conn, true);
  Store(conn).escalate_overdue(today_utc(), now_utc());
  tx.commit();
}

namespace {
// Whose complaints `p` sees: a complaint about an order belongs to the order's 市州 and its enterprise; one
// filed before complaints named orders, to the worker's 市州 and employer (registry/scope.hpp).
registry::ScopeFilter complaint_scope(const Principal& p) {
  auto f = registry::worker_scope_filter(p, "w");
  if (p.role == Role::city_officer && !f.none) {
    f.sql = " AND COALESCE(c.order_prefecture, w.prefecture_code) = ?";
  } else if (p.role == Role::enterprise && !f.none) {
    f.sql = " AND (w.enterprise_id = ? OR c.enterprise_id = ?)";
    f.params.push_back(f.params[0]);
  }
  return f;
}
}  // namespace

Result<int64_t> Service::worker_by_public_id(const std::string& public_id) {
  // Public ids are short runs of [0-9a-z]; anything else cannot be one (and never reaches SQL).
  if (public_id.empty() || public_id.size() > 64 ||
      !std::all_of(public_id.begin(), public_id.end(),
                   [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'); }))
    return make_error("not_found", "id");
  auto conn = db_.acquire();
  auto id = registry::worker_store::worker_id_by_public_id(*conn, public_id);
  if (!id) return make_error("not_found", "id");
  return *id;
}

Result<Page<Complaint>> Service::list_complaints(const Principal& p, const std::optional<std::string>& status,
                                                 int64_t page, int64_t page_size) {
  auto conn = db_.acquire();
  escalate_overdue(*conn);
  return Store(*conn).list_complaints(complaint_scope(p), status, page, page_size);
}

Result<TransitionResult> Service::transition_complaint(const Principal& p, int64_t complaint_id,
                                                       const std::string& to, const std::string& findings_in,
                                                       const security::AuditActor& actor) {
  if (to != "investigating" && to != "upheld" && to != "rejected")
    return make_error("invalid_field", "status", "investigating|upheld|rejected");
  auto findings = bounded_text(findings_in, "findings", 2000, to != "investigating");
  if (!findings) return findings.error();
  auto conn = db_.acquire();
  escalate_overdue(*conn);
  db::Transaction tx(*conn, true);
  Store store(*conn);
  auto c = store.find_complaint(complaint_id);
  if (!c) return make_error("not_found", "id");
  if (c->order_id) {
    // About a service order: the order's 市州 officer (or the province) decides, once the enterprise had its turn.
    const bool in_scope = p.role == Role::province_admin ||
                          (p.role == Role::city_officer && p.division_code == c->order_prefecture);
    if (!in_scope) return make_error("out_of_scope", "id");
    if (c->stage != "officer") return make_error("complaint_with_enterprise", "status");
  } else {
    auto w = registry::load_worker_ref(*conn, c->worker_id);
    if (!w || !registry::can_edit_worker(p, *w)) return make_error("out_of_scope", "id");
  }
  const bool allowed = (c->status == "received" && to == "investigating") ||
                       (c->status == "investigating" && (to == "upheld" || to == "rejected"));
  if (!allowed) return make_error("complaint_invalid_transition", "status", c->status + " → " + to);
  const std::string now = now_utc();
  if (!store.transition_complaint(complaint_id, c->status, to, findings->empty() ? c->findings : *findings,
                                  p.user_id, now))
    return make_error("conflict", "status", "changed meanwhile");
  TransitionResult out;
  if (to == "upheld") {
    NewEntry e;
    e.worker_id = c->worker_id;
    e.kind = EntryKind::complaint;
    e.source_type = SourceType::official;
    e.source_id = p.user_id;
    e.source_name = store.organisation_of_user(p.user_id);
    e.occurred_on = c->created_at.substr(0, 10);  // decay counts from when the complaint was made
    e.details = {{"complaint_id", complaint_id}, {"findings", *findings}};
    auto entry_id = add_entry(*conn, e, actor);
    if (!entry_id) return entry_id.error();
    store.link_complaint(complaint_id, *entry_id);
    out.entry_id = *entry_id;
    if (auto s = store.find_score(c->worker_id)) out.score = s->score;
  }
  security::write_audit(*conn, actor,
                        audit_entry("complaint.transition", "complaint", complaint_id, c->status + "→" + to,
                                    false, c->worker_id));
  out.complaint = *store.find_complaint(complaint_id);
  tx.commit();
  return out;
}

// ── Disputes. ──

Result<Dispute> Service::open_dispute(const Principal& p, int64_t entry_id, const std::string& reason_in,
                                      const security::AuditActor& actor) {
  auto reason = bounded_text(reason_in, "reason", 1000, true);
  if (!reason) return reason.error();
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  Store store(*conn);
  auto entry = store.find_entry(entry_id);
  if (!entry) return make_error("not_found", "id");
  if (!p.worker_id || *p.worker_id != entry->entry.worker_id) return make_error("out_of_scope", "id");
  if (entry->entry.status != EntryStatus::active)
    return make_error("entry_not_disputable", "id", std::string(status_name(entry->entry.status)));
  const std::string now = now_utc();
  if (!store.set_entry_status(entry_id, EntryStatus::active, EntryStatus::disputed, now))
    return make_error("conflict", "id", "changed meanwhile");
  int64_t id = store.insert_dispute(entry_id, entry->entry.worker_id, *reason, now);
  store.insert_event(entry_id, now, p.user_id, "disputed", *reason);
  security::write_audit(*conn, actor,
                        audit_entry("dispute.open", "dispute", id, fmt::format("entry={}", entry_id), false,
                                    entry->entry.worker_id));
  recompute(*conn, entry->entry.worker_id);
  auto d = store.find_dispute(id);
  tx.commit();
  return *d;
}

Result<Page<Dispute>> Service::list_disputes(const Principal& p, const std::optional<std::string>& status,
                                             int64_t page, int64_t page_size) {
  auto conn = db_.acquire();
  return Store(*conn).list_disputes(registry::worker_scope_filter(p, "w"), status, page, page_size);
}

Result<Dispute> Service::resolve_dispute(const Principal& p, int64_t dispute_id, bool accept,
                                         const std::string& resolution_in,
                                         const security::AuditActor& actor) {
  auto resolution = bounded_text(resolution_in, "resolution", 2000, true);
  if (!resolution) return resolution.error();
  auto conn = db_.acquire();
  db::Transaction tx(*conn, true);
  Store store(*conn);
  auto d = store.find_dispute(dispute_id);
  if (!d) return make_error("not_found", "id");
  auto w = registry::load_worker_ref(*conn, d->worker_id);
  if (!w || !registry::can_edit_worker(p, *w)) return make_error("out_of_scope", "id");
  if (d->status != "open") return make_error("dispute_closed", "id", d->status);
  const std::string now = now_utc();
  if (!store.resolve_dispute(dispute_id, accept ? "accepted" : "rejected", *resolution, p.user_id, now))
    return make_error("dispute_closed", "id", "changed meanwhile");
  if (!store.set_entry_status(d->entry_id, EntryStatus::disputed,
                              accept ? EntryStatus::withdrawn : EntryStatus::active, now))
    return make_error("conflict", "id", "entry changed meanwhile");
  store.insert_event(d->entry_id, now, p.user_id, accept ? "withdrawn" : "restored", *resolution);
  security::write_audit(*conn, actor,
                        audit_entry("dispute.resolve", "dispute", dispute_id,
                                    accept ? "accepted" : "rejected", false, d->worker_id));
  recompute(*conn, d->worker_id);
  auto out = store.find_dispute(dispute_id);
  tx.commit();
  return *out;
}

Result<EntryHistory> Service::history(const Principal& p, int64_t entry_id,
                                      const security::AuditActor& actor) {
  auto conn = db_.acquire();
  Store store(*conn);
  auto entry = store.find_entry(entry_id);
  if (!entry) return make_error("not_found", "id");
  auto w = registry::load_worker_ref(*conn, entry->entry.worker_id);
  if (!w || !registry::can_view_worker(p, *w)) return make_error("out_of_scope", "id");
  EntryHistory h;
  h.events = store.events(entry_id);
  h.disputes = store.disputes_of_entry(entry_id);
  int64_t worker_id = entry->entry.worker_id;
  h.entry = reveal(std::move(*entry), may_see_health(p, *w));
  db::Transaction tx(*conn, true);
  security::write_audit(
      *conn, actor,
      audit_entry("credit_entry.history", "credit_entry", entry_id, "history", true, worker_id));
  tx.commit();
  return h;
}

// ── Reminders and viewers. ──

Result<Page<Reminder>> Service::reminders(const Principal& p, int within_days, int64_t page,
                                          int64_t page_size) {
  auto conn = db_.acquire();
  const std::string today = today_utc();
  return Store(*conn).reminders(registry::worker_scope_filter(p, "w"), today, add_days(today, within_days),
                                add_days(today, -365), page, page_size);
}

Result<Page<Viewer>> Service::viewers(const Principal& p, int64_t page, int64_t page_size) {
  if (!p.worker_id) {
    Page<Viewer> empty;
    empty.page = page;
    empty.page_size = page_size;
    return empty;
  }
  auto conn = db_.acquire();
  return Store(*conn).viewers(*p.worker_id, p.user_id, page, page_size);
}

}  // namespace jz::credit
