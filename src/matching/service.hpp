#pragma once
// Supply and demand's rules: job postings, recruitment events, service requests, matching in both
// directions, contact requests and labour-transfer plans. No HTTP here; routes.cpp maps requests to these
// calls. Each write runs in one db::Transaction with its audit entry inside it.
//
// Who sees what:
//   * a job's matches: the posting enterprise, officials (a city officer for jobs placed in her 市州 or posted
//     by her), never another enterprise;
//   * a candidate in a match list: her full listing (name, phone mask, worker id) only when
//     registry::can_view_worker admits the viewer or she accepted the enterprise's contact request for this
//     job; otherwise her public profile (surname only, county, birth year, band) — no public id — and a
//     per-response contact handle;
//   * a worker's jobs: whoever registry::can_view_worker admits.
// Transfer plans are made by a province admin or a city officer (for a cohort in her 市州) and approved by a
// different official in scope (four eyes); approval writes one employment credit entry per pair, in the
// plan's transaction, through credit::Service::add_entry (and so the employments table the subsidy module
// reads).
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "common/result.hpp"
#include "credit/service.hpp"
#include "db/database.hpp"
#include "matching/engine.hpp"
#include "matching/model.hpp"
#include "matching/store.hpp"
#include "reference/divisions.hpp"
#include "security/audit.hpp"
#include "security/roles.hpp"

namespace jz::matching {

// A posting as a client sends it (every field optional in a PATCH).
struct JobInput {
  std::optional<std::string> title, occupation, division_code, province_code, city, valid_from, valid_until,
      description, employer, status;
  std::optional<int64_t> wage_min, wage_max, openings, min_level, min_experience_years, event_id;
  std::optional<bool> live_in, requires_certificate, requires_health_check;
};

struct Candidate {
  Scored scored;
  bool revealed = false;  // full listing (name, phone mask, id) rather than the public profile
  Store::Profile profile;
  std::string contact_status;
};

struct MatchList {
  std::vector<Candidate> items;
  QueryStats stats;
  double took_ms = 0;
};

struct JobMatch {
  Job job;
  Scored scored;
};

struct PlanInput {
  std::string name;
  std::optional<int64_t> base_id;
  std::string prefecture, county, flag;  // a filter cohort when base_id is absent
  std::vector<int64_t> job_ids;
  int candidates_per_opening = 0;  // 0: max(50, 5 × head-count)
};

struct ServiceRequestInput {
  std::string occupation, county_code, schedule;
  int64_t budget = 0;
  bool live_in = false;
};

class Service final {
 public:
  Service(db::Database& db, Engine& engine, credit::Service& credit, const reference::DivisionCatalog& catalog)
      : db_(db), engine_(engine), credit_(credit), catalog_(catalog) {}

  // ── Postings. ──
  Result<Job> create_job(const security::Principal& p, const JobInput& in, const security::AuditActor& actor);
  Result<Job> update_job(const security::Principal& p, int64_t id, const JobInput& in,
                         const security::AuditActor& actor);
  Result<void> delete_job(const security::Principal& p, int64_t id, const security::AuditActor& actor);
  // Open jobs are public; closed or expired ones only for their owner and officials.
  Result<Job> get_job(const security::Principal* p, int64_t id);
  Result<Page> list_jobs(const security::Principal* p, JobFilter f);

  Result<RecruitmentEvent> create_event(const security::Principal& p, RecruitmentEvent e,
                                        const security::AuditActor& actor);
  std::vector<RecruitmentEvent> list_events(const std::string& prefecture);
  Result<RecruitmentEvent> get_event(int64_t id);

  Result<ServiceRequest> create_request(const security::Principal& p, const ServiceRequestInput& in,
                                        const security::AuditActor& actor);
  std::vector<ServiceRequest> list_requests(const security::Principal& p);
  Result<MatchList> request_matches(const security::Principal& p, int64_t id, size_t k);

  // ── Matching. ──
  Result<MatchList> job_matches(const security::Principal& p, int64_t job_id, size_t k);
  Result<MatchList> adhoc_match(const security::Principal& p, const JobInput& demand, size_t k);
  Result<std::vector<JobMatch>> worker_jobs(const security::Principal& p, int64_t worker_id, size_t k);
  // The demand a job stands for (also used by the benchmark).
  Result<Demand> demand_of(const Job& j) const;

  // ── Contact. ──
  Result<Store::Contact> request_contact(const security::Principal& p, int64_t job_id, const std::string& public_id,
                                         const security::AuditActor& actor);
  // By worker id, from a candidate handle of the job's match list (routes.cpp).
  Result<Store::Contact> request_contact(const security::Principal& p, int64_t job_id, int64_t worker_id,
                                         const security::AuditActor& actor);
  Result<std::vector<Store::Contact>> my_contacts(const security::Principal& p);
  Result<Store::Contact> answer_contact(const security::Principal& p, int64_t id, bool accept,
                                        const security::AuditActor& actor);

  // ── Labour transfer. ──
  Result<TransferPlan> create_plan(const security::Principal& p, const PlanInput& in,
                                   const security::AuditActor& actor);
  Result<TransferPlan> get_plan(const security::Principal& p, int64_t id);
  std::vector<TransferPlan> list_plans(const security::Principal& p);
  Result<TransferPlan> approve_plan(const security::Principal& p, int64_t id, const security::AuditActor& actor);

  // Builds a plan without storing it (the benchmark's entry point): cohort ids and jobs given.
  TransferPlan solve_plan(const std::vector<int64_t>& cohort, const std::vector<Job>& jobs,
                          int candidates_per_opening) const;

  Engine& engine() { return engine_; }

 private:
  Result<Job> validate_job(const security::Principal& p, Store& store, Job j, const JobInput& in, bool create);
  bool may_manage_job(const security::Principal& p, const Job& j) const;
  MatchList present(const security::Principal& p, Store& store, std::vector<Scored> scored, QueryStats stats,
                    std::optional<int64_t> job_id);

  // A job's ranking is exact until the index changes (Engine::generation), the posting changes
  // (updated_at) or the day turns (health checks lapse): such results are kept, up to kCacheSize of them.
  using CacheKey = std::tuple<int64_t, std::string, size_t, uint64_t, std::string>;
  struct CachedRanking {
    std::vector<Scored> scored;
    QueryStats stats;
  };
  static constexpr size_t kCacheSize = 4096;
  std::mutex cache_mu_;
  std::map<CacheKey, CachedRanking> cache_;  // GUARDED_BY(cache_mu_)

  db::Database& db_;
  Engine& engine_;
  credit::Service& credit_;
  const reference::DivisionCatalog& catalog_;
};

}  // namespace jz::matching
