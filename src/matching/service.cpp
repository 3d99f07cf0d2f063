#include "matching/service.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "common/time.hpp"
#include "credit/dates.hpp"
#include "credit/kinds.hpp"
#include "matching/score.hpp"
#include "matching/transfer.hpp"
#include "registry/scope.hpp"

namespace jz::matching {
namespace {

namespace json = boost::json;
using security::Role;

int32_t day(const std::string& date) { return static_cast<int32_t>(credit::day_number(date).value_or(0)); }

Result<void> check_range(const std::optional<int64_t>& v, const char* field, int64_t lo, int64_t hi) {
  if (v && (*v < lo || *v > hi)) return make_error("invalid_field", field, fmt::format("{}–{}", lo, hi));
  return {};
}

Result<void> check_text(const std::optional<std::string>& v, const char* field, size_t max, bool required) {
  if (!v || v->empty()) {
    if (required) return make_error("missing_field", field);
    return {};
  }
  if (credit::utf8_length(*v) > max) return make_error("invalid_field", field, fmt::format("at most {} characters", max));
  return {};
}

void audit(db::Connection& conn, const security::AuditActor& actor, std::string action, std::string type,
           int64_t id, std::string summary) {
  security::AuditEntry e;
  e.action = std::move(action);
  e.object_type = std::move(type);
  e.object_id = std::to_string(id);
  e.summary = std::move(summary);
  security::write_audit(conn, actor, e);
}

std::string openings_json(const std::vector<PlanOpening>& openings) {
  json::array a;
  for (const auto& o : openings)
    a.push_back(json::object{{"job_id", o.job_id},
                             {"headcount", o.headcount},
                             {"assigned", o.assigned},
                             {"eligible", o.eligible},
                             {"reason", o.reason}});
  return json::serialize(a);
}

std::vector<PlanOpening> parse_openings(const std::string& text) {
  std::vector<PlanOpening> out;
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& x : v.as_array()) {
    const auto& o = x.as_object();
    out.push_back(PlanOpening{o.at("job_id").to_number<int64_t>(), o.at("headcount").to_number<int64_t>(),
                              o.at("assigned").to_number<int64_t>(), o.at("eligible").to_number<int64_t>(),
                              std::string(o.at("reason").as_string())});
  }
  return out;
}

}  // namespace

// ── Postings ───────────────────────────────────────────────────────────────────────────────────────────────

Result<Job> Service::validate_job(const security::Principal& p, Store& store, Job j, const JobInput& in,
                                  bool create) {
  const std::string today = today_utc();
  if (!create) {
    if (in.occupation) return make_error("field_not_editable", "occupation");
    if (in.division_code || in.province_code || in.city) return make_error("field_not_editable", "division_code");
    if (in.event_id) return make_error("field_not_editable", "event_id");
  }
  if (auto r = check_text(in.title, "title", 100, create); !r) return r.error();
  if (in.title) j.title = *in.title;
  if (create) {
    if (!in.occupation || in.occupation->empty()) return make_error("missing_field", "occupation");
    if (occupation_index(*in.occupation) < 0) return make_error("unknown_occupation", "occupation", *in.occupation);
    j.occupation = *in.occupation;
    bool has_div = in.division_code && !in.division_code->empty();
    bool has_other = (in.province_code && !in.province_code->empty()) || (in.city && !in.city->empty());
    if (has_div && has_other)
      return make_error("invalid_field", "division_code", "either a Gansu county or another province and city");
    if (has_div) {
      if (!catalog_.is_gansu_county(*in.division_code, today))
        return make_error("unknown_division", "division_code", *in.division_code);
      j.place.division_code = *in.division_code;
      j.place.province_code = "62";
      j.prefecture_code = catalog_.prefecture_of(*in.division_code);
      const auto* d = catalog_.find(*in.division_code);
      j.place_name = d ? d->name : *in.division_code;
    } else if (has_other) {
      if (!in.province_code || in.province_code->size() != 2 ||
          !std::all_of(in.province_code->begin(), in.province_code->end(), ::isdigit))
        return make_error("invalid_field", "province_code", "two digits (GB/T 2260)");
      if (*in.province_code == "62")
        return make_error("invalid_field", "province_code", "a place in Gansu is given by its county code");
      if (auto r = check_text(in.city, "city", 20, true); !r) return r.error();
      j.place.province_code = *in.province_code;
      j.place.city = normalize_city(*in.city);
      j.place_name = j.place.city;
    } else {
      return make_error("missing_field", "division_code");
    }
  }
  for (auto [v, f, lo, hi] : {std::tuple{&in.wage_min, "wage_min", 0, 100000}, {&in.wage_max, "wage_max", 0, 100000},
                              {&in.openings, "openings", 1, 10000}, {&in.min_level, "min_level", 1, 4},
                              {&in.min_experience_years, "min_experience_years", 0, 30}})
    if (auto r = check_range(*v, f, lo, hi); !r) return r.error();
  if (in.wage_min) j.wage_min = *in.wage_min;
  if (in.wage_max) j.wage_max = *in.wage_max;
  if (j.wage_max > 0 && j.wage_min > j.wage_max) return make_error("invalid_field", "wage_max", "below wage_min");
  if (in.openings) j.openings = *in.openings;
  if (in.min_level) j.min_level = static_cast<int>(*in.min_level);
  if (in.min_experience_years) j.min_experience_years = static_cast<int>(*in.min_experience_years);
  if (in.live_in) j.live_in = *in.live_in;
  if (in.requires_certificate) j.requires_certificate = *in.requires_certificate;
  if (in.requires_health_check) j.requires_health_check = *in.requires_health_check;
  if (auto r = check_text(in.description, "description", 2000, false); !r) return r.error();
  if (in.description) j.description = *in.description;
  if (in.valid_from) {
    if (!credit::is_date(*in.valid_from)) return make_error("invalid_field", "valid_from", "YYYY-MM-DD");
    j.valid_from = *in.valid_from;
  }
  if (j.valid_from.empty()) j.valid_from = today;
  if (in.valid_until) {
    if (!credit::is_date(*in.valid_until)) return make_error("invalid_field", "valid_until", "YYYY-MM-DD");
    j.valid_until = *in.valid_until;
  }
  if (j.valid_until.empty()) j.valid_until = credit::add_days(j.valid_from, 90);
  if (j.valid_until < j.valid_from) return make_error("invalid_field", "valid_until", "before valid_from");
  if (create && j.valid_until < today) return make_error("invalid_field", "valid_until", "in the past");
  if (in.status) {
    if (*in.status != "open" && *in.status != "closed") return make_error("invalid_field", "status", "open|closed");
    j.status = *in.status;
  }
  if (create) {
    if (p.role == Role::enterprise) {
      if (!p.enterprise_id) return make_error("forbidden", "");
      j.enterprise_id = p.enterprise_id;
      j.employer = store.enterprise_name(*p.enterprise_id).value_or("");
    } else {
      if (auto r = check_text(in.employer, "employer", 100, true); !r) return r.error();
      j.employer = *in.employer;
    }
    if (in.event_id) {
      auto ev = store.find_event(*in.event_id);
      if (!ev) return make_error("not_found", "event_id");
      if (p.role == Role::city_officer && ev->prefecture_code != p.division_code)
        return make_error("out_of_scope", "event_id");
      j.event_id = *in.event_id;
    } else if (p.role == Role::city_officer) {
      // 市州 officers post for their recruitment events; their own postings hang under one.
      return make_error("missing_field", "event_id");
    }
  }
  return j;
}

bool Service::may_manage_job(const security::Principal& p, const Job& j) const {
  switch (p.role) {
    case Role::province_admin: return true;
    case Role::city_officer:
      return j.created_by == p.user_id || (!p.division_code.empty() && j.prefecture_code == p.division_code);
    case Role::enterprise: return p.enterprise_id && j.enterprise_id && *p.enterprise_id == *j.enterprise_id;
    default: return false;
  }
}

Result<Job> Service::create_job(const security::Principal& p, const JobInput& in, const security::AuditActor& actor) {
  auto conn = db_.acquire();
  Store store(*conn);
  Job j;
  auto v = validate_job(p, store, j, in, true);
  if (!v) return v.error();
  j = std::move(*v);
  j.created_by = p.user_id;
  j.created_by_role = std::string(security::role_name(p.role));
  j.created_at = j.updated_at = now_utc();
  db::Transaction tx(*conn, true);
  j.id = store.insert_job(j);
  audit(*conn, actor, "job.create", "job", j.id, fmt::format("{} {} ×{}", j.occupation, j.place_name, j.openings));
  tx.commit();
  return j;
}

Result<Job> Service::update_job(const security::Principal& p, int64_t id, const JobInput& in,
                                const security::AuditActor& actor) {
  auto conn = db_.acquire();
  Store store(*conn);
  auto j = store.find_job(id);
  if (!j) return make_error("not_found", "id");
  if (!may_manage_job(p, *j)) return make_error("out_of_scope", "id");
  auto v = validate_job(p, store, *j, in, false);
  if (!v) return v.error();
  v->updated_at = now_utc();
  db::Transaction tx(*conn, true);
  store.update_job(*v);
  audit(*conn, actor, "job.update", "job", id, v->status);
  tx.commit();
  return *v;
}

Result<void> Service::delete_job(const security::Principal& p, int64_t id, const security::AuditActor& actor) {
  auto conn = db_.acquire();
  Store store(*conn);
  auto j = store.find_job(id);
  if (!j) return make_error("not_found", "id");
  if (!may_manage_job(p, *j)) return make_error("out_of_scope", "id");
  if (store.job_in_plan(id)) return make_error("job_in_plan", "id");
  db::Transaction tx(*conn, true);
  store.delete_job(id);
  audit(*conn, actor, "job.delete", "job", id, "");
  tx.commit();
  return {};
}

Result<Job> Service::get_job(const security::Principal* p, int64_t id) {
  auto conn = db_.acquire();
  Store store(*conn);
  auto j = store.find_job(id);
  if (!j) return make_error("not_found", "id");
  std::string today = today_utc();
  bool current = j->status == "open" && j->valid_until >= today && j->valid_from <= today;
  if (!current && !(p && (may_manage_job(*p, *j) || p->sees_whole_province()))) return make_error("not_found", "id");
  return *j;
}

Result<Page> Service::list_jobs(const security::Principal* p, JobFilter f) {
  // Anyone sees open, current postings; owners and officials may ask for closed ones too.
  bool privileged = p && (p->role == Role::province_admin || p->role == Role::department ||
                          p->role == Role::city_officer || p->role == Role::enterprise);
  if (!privileged) {
    f.status = "open";
    f.only_current = true;
  }
  if (p && p->role == Role::enterprise && !f.only_current) f.enterprise_id = p->enterprise_id.value_or(-1);
  auto conn = db_.acquire();
  return Store(*conn).list_jobs(f, today_utc());
}

Result<RecruitmentEvent> Service::create_event(const security::Principal& p, RecruitmentEvent e,
                                               const security::AuditActor& actor) {
  if (auto r = check_text(e.name, "name", 100, true); !r) return r.error();
  if (e.kind != "job_fair" && e.kind != "campus") return make_error("invalid_field", "kind", "job_fair|campus");
  if (!catalog_.is_gansu_county(e.division_code, today_utc()))
    return make_error("unknown_division", "division_code", e.division_code);
  e.prefecture_code = catalog_.prefecture_of(e.division_code);
  if (p.role == Role::city_officer && e.prefecture_code != p.division_code)
    return make_error("out_of_scope", "division_code");
  if (!credit::is_date(e.starts_on)) return make_error("invalid_field", "starts_on", "YYYY-MM-DD");
  if (e.ends_on.empty()) e.ends_on = e.starts_on;
  if (!credit::is_date(e.ends_on) || e.ends_on < e.starts_on)
    return make_error("invalid_field", "ends_on", "a date on or after starts_on");
  if (auto r = check_text(e.description, "description", 2000, false); !r) return r.error();
  e.organiser_user_id = p.user_id;
  e.created_at = now_utc();
  auto conn = db_.acquire();
  Store store(*conn);
  db::Transaction tx(*conn, true);
  e.id = store.insert_event(e);
  audit(*conn, actor, "recruitment_event.create", "recruitment_event", e.id, e.kind);
  tx.commit();
  return e;
}

std::vector<RecruitmentEvent> Service::list_events(const std::string& prefecture) {
  auto conn = db_.acquire();
  return Store(*conn).list_events(prefecture);
}

Result<RecruitmentEvent> Service::get_event(int64_t id) {
  auto conn = db_.acquire();
  auto e = Store(*conn).find_event(id);
  if (!e) return make_error("not_found", "id");
  return *e;
}

Result<ServiceRequest> Service::create_request(const security::Principal& p, const ServiceRequestInput& in,
                                               const security::AuditActor& actor) {
  if (occupation_index(in.occupation) < 0) return make_error("unknown_occupation", "occupation", in.occupation);
  if (!catalog_.is_gansu_county(in.county_code, today_utc()))
    return make_error("unknown_division", "county_code", in.county_code);
  if (auto r = check_text(in.schedule, "schedule", 200, false); !r) return r.error();
  if (in.budget < 0 || in.budget > 100000) return make_error("invalid_field", "budget", "0–100000");
  ServiceRequest r;
  r.consumer_user_id = p.user_id;
  r.occupation = in.occupation;
  r.county_code = in.county_code;
  r.prefecture_code = catalog_.prefecture_of(in.county_code);
  r.schedule = in.schedule;
  r.budget = in.budget;
  r.live_in = in.live_in;
  r.created_at = now_utc();
  auto conn = db_.acquire();
  Store store(*conn);
  db::Transaction tx(*conn, true);
  r.id = store.insert_request(r);
  audit(*conn, actor, "service_request.create", "service_request", r.id, r.occupation);
  tx.commit();
  return r;
}

std::vector<ServiceRequest> Service::list_requests(const security::Principal& p) {
  auto conn = db_.acquire();
  Store store(*conn);
  if (p.role == Role::consumer) return store.list_requests(p.user_id, "");
  if (p.role == Role::city_officer) return store.list_requests(std::nullopt, p.division_code);
  return store.list_requests(std::nullopt, "");
}

Result<MatchList> Service::request_matches(const security::Principal& p, int64_t id, size_t k) {
  auto conn = db_.acquire();
  Store store(*conn);
  auto r = store.find_request(id);
  if (!r) return make_error("not_found", "id");
  bool ok = (p.role == Role::consumer && r->consumer_user_id == p.user_id) || p.sees_whole_province() ||
            (p.role == Role::city_officer && r->prefecture_code == p.division_code);
  if (!ok) return make_error("out_of_scope", "id");
  Demand d;
  d.occupation = occupation_index(r->occupation);
  d.place.province_code = "62";
  d.place.division_code = r->county_code;
  d.live_in = r->live_in;
  d.wage_max = r->budget;
  d.on_day = day(today_utc());
  auto started = std::chrono::steady_clock::now();
  engine_.catch_up();
  QueryStats st;
  auto scored = engine_.top_k(d, k, nullptr, &st);
  auto out = present(p, store, std::move(scored), st, std::nullopt);
  out.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return out;
}

// ── Matching ───────────────────────────────────────────────────────────────────────────────────────────────

Result<Demand> Service::demand_of(const Job& j) const {
  Demand d;
  d.occupation = occupation_index(j.occupation);
  if (d.occupation < 0) return make_error("unknown_occupation", "occupation", j.occupation);
  d.min_level = j.min_level;
  d.place = j.place;
  d.live_in = j.live_in;
  d.wage_min = j.wage_min;
  d.wage_max = j.wage_max;
  d.requires_health_check = j.requires_health_check;
  d.requires_certificate = j.requires_certificate;
  d.min_experience_years = j.min_experience_years;
  d.on_day = std::max(day(today_utc()), day(j.valid_from));
  return d;
}

MatchList Service::present(const security::Principal& p, Store& store, std::vector<Scored> scored, QueryStats stats,
                           std::optional<int64_t> job_id) {
  MatchList out;
  out.stats = stats;
  std::vector<int64_t> ids;
  for (const auto& s : scored) ids.push_back(s.worker_id);
  auto profiles = store.profiles(ids);
  std::map<int64_t, Store::Profile> by_id;
  for (auto& pr : profiles) by_id[pr.id] = std::move(pr);
  std::map<int64_t, std::string> contacts;
  if (job_id)
    for (auto& [w, st] : store.contact_statuses(*job_id)) contacts[w] = st;
  for (auto& s : scored) {
    auto it = by_id.find(s.worker_id);
    if (it == by_id.end()) continue;  // gone since the index saw her
    Candidate c;
    c.profile = it->second;
    auto ct = contacts.find(s.worker_id);
    c.contact_status = ct == contacts.end() ? "" : ct->second;
    registry::WorkerRef ref{s.worker_id, c.profile.prefecture, c.profile.enterprise_id};
    c.revealed = registry::can_view_worker(p, ref) || c.contact_status == "accepted";
    c.scored = std::move(s);
    out.items.push_back(std::move(c));
  }
  return out;
}

Result<MatchList> Service::job_matches(const security::Principal& p, int64_t job_id, size_t k) {
  auto started = std::chrono::steady_clock::now();
  auto conn = db_.acquire();
  Store store(*conn);
  auto j = store.find_job(job_id);
  if (!j) return make_error("not_found", "id");
  bool ok = p.sees_whole_province() || (p.role == Role::enterprise && may_manage_job(p, *j)) ||
            (p.role == Role::city_officer && may_manage_job(p, *j));
  if (!ok) return make_error("out_of_scope", "id");
  auto d = demand_of(*j);
  if (!d) return d.error();
  engine_.catch_up();
  CacheKey key{job_id, j->updated_at, k, engine_.generation(), today_utc()};
  QueryStats st;
  std::vector<Scored> scored;
  bool hit = false;
  {
    std::lock_guard lk(cache_mu_);
    if (auto it = cache_.find(key); it != cache_.end()) {
      scored = it->second.scored;
      st = it->second.stats;
      hit = true;
    }
  }
  if (!hit) {
    scored = engine_.top_k(*d, k, nullptr, &st);
    std::lock_guard lk(cache_mu_);
    if (cache_.size() >= kCacheSize) cache_.clear();
    cache_.emplace(key, CachedRanking{scored, st});
  }
  auto out = present(p, store, std::move(scored), st, job_id);
  out.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return out;
}

Result<MatchList> Service::adhoc_match(const security::Principal& p, const JobInput& demand, size_t k) {
  auto started = std::chrono::steady_clock::now();
  auto conn = db_.acquire();
  Store store(*conn);
  JobInput in = demand;
  if (!in.title) in.title = "-";
  if (!in.employer) in.employer = "-";
  security::Principal as = p;
  if (as.role == Role::city_officer || as.role == Role::department) as.role = Role::province_admin;  // no event needed
  if (as.role == Role::enterprise && !as.enterprise_id) return make_error("forbidden", "");
  in.event_id.reset();
  auto j = validate_job(as, store, Job{}, in, true);
  if (!j) return j.error();
  auto d = demand_of(*j);
  if (!d) return d.error();
  engine_.catch_up();
  QueryStats st;
  auto scored = engine_.top_k(*d, k, nullptr, &st);
  auto out = present(p, store, std::move(scored), st, std::nullopt);
  out.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return out;
}

Result<std::vector<JobMatch>> Service::worker_jobs(const security::Principal& p, int64_t worker_id, size_t k) {
  auto conn = db_.acquire();
  auto ref = registry::load_worker_ref(*conn, worker_id);
  if (!ref) return make_error("not_found", "id");
  if (!registry::can_view_worker(p, *ref)) return make_error("out_of_scope", "id");
  Store store(*conn);
  engine_.catch_up();
  auto facts = engine_.facts(worker_id);
  if (!facts) {
    auto loaded = store.load_facts(std::vector<int64_t>{worker_id}, day(today_utc()));
    if (loaded.empty()) return make_error("not_found", "id");
    facts = loaded.front();
  }
  std::vector<JobMatch> out;
  for (auto& j : store.open_jobs(today_utc(), 20000)) {
    auto d = demand_of(j);
    if (!d || !eligible(*facts, *d)) continue;
    out.push_back(JobMatch{std::move(j), score_worker(*facts, *d, engine_.weights(), Geo::instance())});
  }
  std::sort(out.begin(), out.end(), [](const JobMatch& a, const JobMatch& b) {
    return a.scored.score != b.scored.score ? a.scored.score > b.scored.score : a.job.id < b.job.id;
  });
  if (out.size() > k) out.resize(k);
  return out;
}

// ── Contact ───────────────────────────────────────────────────────────────────────────────────────────────

Result<Store::Contact> Service::request_contact(const security::Principal& p, int64_t job_id,
                                                const std::string& public_id, const security::AuditActor& actor) {
  std::optional<int64_t> worker_id;
  {
    auto conn = db_.acquire();
    Store store(*conn);
    auto j = store.find_job(job_id);
    if (!j) return make_error("not_found", "id");
    if (!may_manage_job(p, *j)) return make_error("out_of_scope", "id");  // before saying whether she exists
    worker_id = store.worker_id_by_public_id(public_id);
  }
  if (!worker_id) return make_error("not_found", "public_id");
  return request_contact(p, job_id, *worker_id, actor);
}

Result<Store::Contact> Service::request_contact(const security::Principal& p, int64_t job_id, int64_t worker_id,
                                                const security::AuditActor& actor) {
  auto conn = db_.acquire();
  Store store(*conn);
  auto j = store.find_job(job_id);
  if (!j) return make_error("not_found", "id");
  if (!may_manage_job(p, *j)) return make_error("out_of_scope", "id");
  if (!registry::load_worker_ref(*conn, worker_id)) return make_error("not_found", "candidate");
  if (!store.contact_status(job_id, worker_id).empty()) return make_error("conflict", "candidate", "already requested");
  db::Transaction tx(*conn, true);
  int64_t id = store.insert_contact(job_id, worker_id, j->enterprise_id, now_utc());
  security::AuditEntry e;
  e.action = "contact_request.create";
  e.object_type = "contact_request";
  e.object_id = std::to_string(id);
  e.subject_worker_id = worker_id;
  security::write_audit(*conn, actor, e);
  tx.commit();
  return *store.find_contact(id);
}

Result<std::vector<Store::Contact>> Service::my_contacts(const security::Principal& p) {
  if (!p.worker_id) return make_error("forbidden", "");
  auto conn = db_.acquire();
  return Store(*conn).worker_contacts(*p.worker_id);
}

Result<Store::Contact> Service::answer_contact(const security::Principal& p, int64_t id, bool accept,
                                               const security::AuditActor& actor) {
  auto conn = db_.acquire();
  Store store(*conn);
  auto c = store.find_contact(id);
  if (!c) return make_error("not_found", "id");
  if (!p.worker_id || *p.worker_id != c->worker_id) return make_error("out_of_scope", "id");
  if (c->status != "requested") return make_error("invalid_transition", "status", c->status);
  db::Transaction tx(*conn, true);
  store.set_contact_status(id, accept ? "accepted" : "declined", now_utc());
  audit(*conn, actor, accept ? "contact_request.accept" : "contact_request.decline", "contact_request", id, "");
  tx.commit();
  return *store.find_contact(id);
}

// ── Labour transfer ───────────────────────────────────────────────────────────────────────────────────────

TransferPlan Service::solve_plan(const std::vector<int64_t>& cohort_ids, const std::vector<Job>& jobs,
                                 int candidates_per_opening) const {
  auto started = std::chrono::steady_clock::now();
  TransferPlan plan;
  plan.cohort_size = static_cast<int64_t>(cohort_ids.size());
  Roaring cohort;
  for (int64_t id : cohort_ids)
    if (id > 0 && id <= UINT32_MAX) cohort.add(static_cast<uint32_t>(id));
  std::vector<Edge> edges;
  std::vector<int64_t> capacity;
  for (size_t i = 0; i < jobs.size(); ++i) {
    const Job& j = jobs[i];
    PlanOpening o;
    o.job_id = j.id;
    o.headcount = j.openings;
    capacity.push_back(j.openings);
    auto d = demand_of(j);
    if (d) {
      size_t n = candidates_per_opening > 0 ? static_cast<size_t>(candidates_per_opening)
                                            : static_cast<size_t>(std::max<int64_t>(50, 5 * j.openings));
      QueryStats st;
      for (const auto& s : engine_.top_k(*d, n, &cohort, &st))
        edges.push_back(Edge{s.worker_id, static_cast<int>(i), s.score});
      o.eligible = static_cast<int64_t>(st.eligible);
    }
    plan.openings.push_back(o);
  }
  auto best = assign_optimal(edges, capacity);
  auto greedy = assign_greedy(edges, capacity);
  for (size_t e : best.chosen) {
    const auto& x = edges[e];
    plan.pairs.push_back(PlanPair{x.worker_id, jobs[static_cast<size_t>(x.opening)].id, x.score, std::nullopt});
    ++plan.openings[static_cast<size_t>(x.opening)].assigned;
  }
  for (auto& o : plan.openings) {
    if (o.assigned >= o.headcount) continue;
    o.reason = o.eligible == 0                ? "no_eligible_worker"
               : o.eligible < o.headcount    ? "fewer_eligible_than_openings"
                                             : "taken_by_better_fits";
  }
  plan.total_score = best.total_milli / 1000.0;
  plan.greedy_score = greedy.total_milli / 1000.0;
  plan.greedy_pairs = static_cast<int64_t>(greedy.chosen.size());
  plan.solve_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return plan;
}

Result<TransferPlan> Service::create_plan(const security::Principal& p, const PlanInput& in,
                                          const security::AuditActor& actor) {
  if (auto r = check_text(in.name, "name", 100, true); !r) return r.error();
  if (in.job_ids.empty()) return make_error("missing_field", "job_ids");
  if (in.job_ids.size() > 5000) return make_error("invalid_field", "job_ids", "at most 5000 openings");
  if (in.candidates_per_opening < 0 || in.candidates_per_opening > 1000)
    return make_error("invalid_field", "candidates_per_opening", "0–1000");
  auto conn = db_.acquire();
  Store store(*conn);
  TransferPlan meta;
  meta.name = in.name;
  std::vector<int64_t> cohort;
  json::object cohort_desc;
  if (in.base_id) {
    auto base = store.base_info(*in.base_id);
    if (!base) return make_error("not_found", "base_id");
    if (p.role == Role::city_officer && base->second != p.division_code) return make_error("out_of_scope", "base_id");
    meta.base_id = in.base_id;
    meta.prefecture_code = base->second;
    cohort = store.base_workers(*in.base_id);
    cohort_desc = {{"base_id", *in.base_id}, {"base_name", base->first}};
  } else {
    std::string pref = in.prefecture;
    if (!in.county.empty()) {
      if (!catalog_.is_gansu_county(in.county, today_utc())) return make_error("unknown_division", "county", in.county);
      if (pref.empty()) pref = catalog_.prefecture_of(in.county);
      if (catalog_.prefecture_of(in.county) != pref) return make_error("invalid_field", "county", "not in prefecture");
    }
    if (p.role == Role::city_officer) {
      if (pref.empty()) pref = p.division_code;
      if (pref != p.division_code) return make_error("out_of_scope", "prefecture");
    }
    if (!pref.empty() && !catalog_.find(pref)) return make_error("unknown_division", "prefecture", pref);
    if (!in.flag.empty() && in.flag != "poverty_alleviated" && in.flag != "monitored" && in.flag != "priority")
      return make_error("invalid_field", "flag", "poverty_alleviated|monitored|priority");
    meta.prefecture_code = pref;
    cohort = store.filter_workers(pref, in.county, in.flag, 200000);
    cohort_desc = {{"prefecture", pref}, {"county", in.county}, {"flag", in.flag}};
  }
  if (cohort.empty()) return make_error("transfer_empty_cohort", "base_id");
  std::vector<Job> jobs;
  std::string today = today_utc();
  for (int64_t id : in.job_ids) {
    auto j = store.find_job(id);
    if (!j) return make_error("not_found", "job_ids", std::to_string(id));
    if (j->status != "open" || j->valid_until < today) return make_error("job_closed", "job_ids", std::to_string(id));
    if (std::any_of(jobs.begin(), jobs.end(), [&](const Job& x) { return x.id == id; }))
      return make_error("invalid_field", "job_ids", "an opening is listed twice");
    jobs.push_back(std::move(*j));
  }
  engine_.catch_up();
  TransferPlan plan = solve_plan(cohort, jobs, in.candidates_per_opening);
  plan.name = meta.name;
  plan.base_id = meta.base_id;
  plan.prefecture_code = meta.prefecture_code;
  plan.cohort_json = json::serialize(cohort_desc);
  plan.created_by = p.user_id;
  plan.created_at = now_utc();
  db::Transaction tx(*conn, true);
  plan.id = store.insert_plan(plan, openings_json(plan.openings));
  for (const auto& pair : plan.pairs) store.insert_pair(plan.id, pair);
  audit(*conn, actor, "transfer_plan.create", "transfer_plan", plan.id,
        fmt::format("{} workers, {} pairs", plan.cohort_size, plan.pairs.size()));
  tx.commit();
  return plan;
}

Result<TransferPlan> Service::get_plan(const security::Principal& p, int64_t id) {
  auto conn = db_.acquire();
  std::string openings;
  auto plan = Store(*conn).find_plan(id, &openings);
  if (!plan) return make_error("not_found", "id");
  if (p.role == Role::city_officer && plan->prefecture_code != p.division_code) return make_error("out_of_scope", "id");
  plan->openings = parse_openings(openings);
  return *plan;
}

std::vector<TransferPlan> Service::list_plans(const security::Principal& p) {
  auto conn = db_.acquire();
  return Store(*conn).list_plans(p.role == Role::city_officer ? p.division_code : "");
}

Result<TransferPlan> Service::approve_plan(const security::Principal& p, int64_t id,
                                           const security::AuditActor& actor) {
  auto conn = db_.acquire();
  Store store(*conn);
  std::string openings;
  auto plan = store.find_plan(id, &openings);
  if (!plan) return make_error("not_found", "id");
  if (p.role == Role::city_officer && plan->prefecture_code != p.division_code) return make_error("out_of_scope", "id");
  if (plan->status != "draft") return make_error("plan_already_approved", "id");
  if (plan->created_by == p.user_id) return make_error("plan_needs_second_official", "id");
  engine_.catch_up();
  std::map<int64_t, Job> jobs;
  for (const auto& pair : plan->pairs)
    if (!jobs.count(pair.job_id))
      if (auto j = store.find_job(pair.job_id)) jobs.emplace(pair.job_id, std::move(*j));
  const std::string today = today_utc();
  const std::string now = now_utc();
  db::Transaction tx(*conn, true);
  // The approval is claimed first, by a conditional update: of concurrent approvals exactly one changes the
  // row (PostgreSQL makes the others wait for it and then re-check the status), so the employment entries
  // below are written once.
  if (!store.approve_plan(plan->id, p.user_id, now)) return make_error("plan_already_approved", "id");
  for (auto& pair : plan->pairs) {
    auto jt = jobs.find(pair.job_id);
    if (jt == jobs.end()) continue;
    const Job& j = jt->second;
    // A worker whose facts changed since the plan so that a hard constraint fails is left out, not sent.
    auto d = demand_of(j);
    auto f = engine_.facts(pair.worker_id);
    if (!d || !f || !eligible(*f, *d)) continue;
    credit::NewEntry e;
    e.worker_id = pair.worker_id;
    e.kind = credit::EntryKind::employment;
    e.source_type = credit::SourceType::official;
    e.source_id = p.user_id;
    e.source_name = fmt::format("劳务输转计划 #{}", plan->id);
    e.occurred_on = std::min(today, std::max(j.valid_from, today));
    e.details["employer"] = j.employer;
    if (j.enterprise_id) e.details["employer_enterprise_id"] = *j.enterprise_id;
    if (j.place.in_gansu())
      e.details["place_division_code"] = j.place.division_code;
    else
      e.details["place_other"] = j.place.city;
    e.details["occupation"] = j.occupation;
    if (j.wage_max > 0 || j.wage_min > 0) e.details["monthly_wage"] = j.wage_min > 0 ? j.wage_min : j.wage_max;
    auto entry = credit_.add_entry(*conn, e, actor);
    if (!entry) return entry.error();  // the transaction rolls back: nothing of the plan is approved
    store.set_pair_entry(plan->id, pair.worker_id, *entry);
    pair.entry_id = *entry;
  }
  int64_t created = std::count_if(plan->pairs.begin(), plan->pairs.end(), [](const PlanPair& x) { return x.entry_id; });
  audit(*conn, actor, "transfer_plan.approve", "transfer_plan", plan->id, fmt::format("{} employment entries", created));
  tx.commit();
  plan->status = "approved";
  plan->approved_by = p.user_id;
  plan->approved_at = now;
  plan->openings = parse_openings(openings);
  return *plan;
}

}  // namespace jz::matching
