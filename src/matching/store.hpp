#pragma once
// SQL of supply and demand: the worker facts the engine loads and follows, jobs, recruitment events,
// service requests, contact requests and transfer plans. Only this file and store.cpp know these tables'
// SQL. A Store works on a connection the caller holds (writes inside the caller's transaction).
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "matching/model.hpp"

namespace jz::matching {

// A change the follower saw: a worker row, a credit score or an employment stamped at `stamp`.
struct Change {
  int64_t worker_id = 0;
  std::string key;  // "w:<id>:<stamp>" — what was already applied is not reloaded
  std::string stamp;
};

struct Page {
  std::vector<Job> items;
  int64_t total = 0;
};

class Store final {
 public:
  explicit Store(db::Connection& conn) : conn_(conn) {}

  // ── Worker facts (the engine's input). ──
  int64_t max_worker_id();
  // Workers with ids in [lo, hi], complete with occupations, credit score, health check, ratings,
  // certificates and experience as of `today` (day number).
  std::vector<WorkerFacts> load_facts(int64_t lo, int64_t hi, int32_t today);
  // The same for a set of ids (missing ids are absent from the result).
  std::vector<WorkerFacts> load_facts(const std::vector<int64_t>& ids, int32_t today);
  // Workers, credit scores and employments stamped at or after `since` (ISO text).
  std::vector<Change> changes_since(const std::string& since);
  // Members of a transfer base.
  std::vector<int64_t> base_workers(int64_t base_id);
  std::optional<std::pair<std::string, std::string>> base_info(int64_t base_id);  // name, prefecture
  // Ids of workers matching a cohort filter (prefecture, county, flag poverty_alleviated|monitored).
  std::vector<int64_t> filter_workers(const std::string& prefecture, const std::string& county,
                                      const std::string& flag, int64_t limit);

  // ── Jobs. ──
  int64_t insert_job(const Job& j);
  std::optional<Job> find_job(int64_t id);
  Page list_jobs(const JobFilter& f, const std::string& today);
  std::vector<Job> open_jobs(const std::string& today, int64_t limit);
  void update_job(const Job& j);
  void delete_job(int64_t id);
  // Whether a transfer plan pairs someone with job `id` (such a job is not deleted).
  bool job_in_plan(int64_t id);
  // The worker whose public id (the one on her certificate and QR page) is `public_id`.
  std::optional<int64_t> worker_id_by_public_id(const std::string& public_id);
  std::optional<std::string> enterprise_name(int64_t id);

  // ── Events, service requests, contacts. ──
  int64_t insert_event(const RecruitmentEvent& e);
  std::optional<RecruitmentEvent> find_event(int64_t id);
  std::vector<RecruitmentEvent> list_events(const std::string& prefecture);
  int64_t insert_request(const ServiceRequest& r);
  std::optional<ServiceRequest> find_request(int64_t id);
  std::vector<ServiceRequest> list_requests(std::optional<int64_t> consumer, const std::string& prefecture);
  // status of the contact request of (job, worker), or "" when none.
  std::string contact_status(int64_t job_id, int64_t worker_id);
  std::vector<std::pair<int64_t, std::string>> contact_statuses(int64_t job_id);  // worker id → status
  int64_t insert_contact(int64_t job_id, int64_t worker_id, std::optional<int64_t> enterprise_id,
                         const std::string& now);
  struct Contact {
    int64_t id = 0, job_id = 0, worker_id = 0;
    std::string status, job_title, employer, created_at;
  };
  std::optional<Contact> find_contact(int64_t id);
  std::vector<Contact> worker_contacts(int64_t worker_id);
  void set_contact_status(int64_t id, const std::string& status, const std::string& now);

  // ── Public profile bits shown with a match. ──
  struct Profile {
    int64_t id = 0;
    std::string public_id, name, phone_mask, gender, county, prefecture, birth_date, band;
    std::optional<int64_t> enterprise_id;
  };
  std::vector<Profile> profiles(const std::vector<int64_t>& ids);

  // ── Transfer plans. ──
  int64_t insert_plan(const TransferPlan& p, const std::string& openings_json);
  void insert_pair(int64_t plan_id, const PlanPair& p);
  std::optional<TransferPlan> find_plan(int64_t id, std::string* openings_json);
  std::vector<TransferPlan> list_plans(const std::string& prefecture);
  // Conditional (status = draft): false when another approval came first.
  [[nodiscard]] bool approve_plan(int64_t id, int64_t user_id, const std::string& now);
  void set_pair_entry(int64_t plan_id, int64_t worker_id, int64_t entry_id);

  // ── Demo data (demo.cpp). ──
  bool demo_jobs_present();
  struct DemoIds {
    std::optional<int64_t> enterprise;
    std::string enterprise_name;
    int64_t enterprise_user = 0, admin = 0;
  };
  DemoIds demo_ids();
  // A transfer base in `county` with up to `members` workers of its 市州 who will leave their county.
  void insert_demo_base(const std::string& name, const std::string& county, const std::string& prefecture,
                        const std::string& now, int64_t members);

 private:
  std::vector<WorkerFacts> load_where(const std::string& worker_clause, const std::string& ref_clause,
                                      const db::Params& params, int32_t today);
  db::Connection& conn_;
};

}  // namespace jz::matching
