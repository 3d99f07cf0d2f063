#pragma once
// The bodies the matching routes read and write, as described structs: routes.cpp declares them in the
// OpenAPI document (`.request`, `.response`). Optional members are fields a client may omit (requests) or
// that may be null or only some answers carry (responses). Scores, weights and distances are numbers
// (rounded to two places), counts and ids integers.
#include <boost/describe.hpp>
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jz::matching::api {

// ---- Requests ----

// A posting (POST; PATCH sends only what changes) or an ad-hoc demand (POST /match). Numbers may also come
// as digit strings from form clients.
struct JobInput {
  std::optional<std::string> title;
  std::optional<std::string> occupation;
  std::optional<std::string> division_code;  // a Gansu county, or
  std::optional<std::string> province_code;  // a province and
  std::optional<std::string> city;           // a city outside Gansu
  std::optional<bool> live_in;
  std::optional<int64_t> wage_min;
  std::optional<int64_t> wage_max;
  std::optional<int64_t> openings;
  std::optional<int64_t> min_level;
  std::optional<bool> requires_certificate;
  std::optional<bool> requires_health_check;
  std::optional<int64_t> min_experience_years;
  std::optional<std::string> valid_from;
  std::optional<std::string> valid_until;
  std::optional<std::string> description;
  std::optional<std::string> employer;  // officials only
  std::optional<int64_t> event_id;      // officials only
  std::optional<std::string> status;    // PATCH: open | closed
};
BOOST_DESCRIBE_STRUCT(JobInput, (),
                      (title, occupation, division_code, province_code, city, live_in, wage_min, wage_max, openings,
                       min_level, requires_certificate, requires_health_check, min_experience_years, valid_from,
                       valid_until, description, employer, event_id, status))

// The `candidate` handle from the job's match list, or a public id.
struct ContactRequestInput {
  std::optional<std::string> candidate;
  std::optional<std::string> public_id;
};
BOOST_DESCRIBE_STRUCT(ContactRequestInput, (), (candidate, public_id))

struct ContactAnswer {
  bool accept = false;
};
BOOST_DESCRIBE_STRUCT(ContactAnswer, (), (accept))

struct NewEvent {
  std::string name;
  std::string kind;  // job_fair | campus
  std::string division_code;
  std::string starts_on;
  std::optional<std::string> ends_on;  // default starts_on
  std::optional<std::string> description;
};
BOOST_DESCRIBE_STRUCT(NewEvent, (), (name, kind, division_code, starts_on, ends_on, description))

struct ServiceRequestInput {
  std::string occupation;
  std::string county_code;
  std::optional<std::string> schedule;
  std::optional<int64_t> budget;
  std::optional<bool> live_in;
};
BOOST_DESCRIBE_STRUCT(ServiceRequestInput, (), (occupation, county_code, schedule, budget, live_in))

// The cohort: a labour-transfer base, or a prefecture/county/flag filter.
struct PlanInput {
  std::optional<std::string> name;
  std::optional<int64_t> base_id;
  std::optional<std::string> prefecture;
  std::optional<std::string> county;
  std::optional<std::string> flag;
  std::optional<int64_t> candidates_per_opening;
  std::vector<int64_t> job_ids;
};
BOOST_DESCRIBE_STRUCT(PlanInput, (), (name, base_id, prefecture, county, flag, candidates_per_opening, job_ids))

// ---- Responses ----

struct PlaceView {
  std::string division_code;
  std::string province_code;
  std::string city;
  std::string prefecture_code;
  std::string name;
  bool in_gansu = false;
};
BOOST_DESCRIBE_STRUCT(PlaceView, (), (division_code, province_code, city, prefecture_code, name, in_gansu))

struct JobView {
  int64_t id = 0;
  std::string title;
  std::string occupation;
  std::string employer;
  std::optional<int64_t> enterprise_id;
  std::optional<int64_t> event_id;
  PlaceView place;
  bool live_in = false;
  int64_t wage_min = 0;
  int64_t wage_max = 0;
  int64_t openings = 0;
  int min_level = 0;
  bool requires_certificate = false;
  bool requires_health_check = false;
  int min_experience_years = 0;
  std::string valid_from;
  std::string valid_until;
  std::string status;
  std::string description;
  std::string created_at;
  std::string updated_at;
  std::optional<std::string> occupation_name;  // in the feed only
};
BOOST_DESCRIBE_STRUCT(JobView, (),
                      (id, title, occupation, employer, enterprise_id, event_id, place, live_in, wage_min, wage_max,
                       openings, min_level, requires_certificate, requires_health_check, min_experience_years,
                       valid_from, valid_until, status, description, created_at, updated_at, occupation_name))

// JSON Feed 1.1 (https://jsonfeed.org/version/1.1) with the posting under `_jiazheng`.
struct FeedItem {
  std::string id;
  std::string url;
  std::string title;
  std::string content_text;
  std::string summary;
  std::string date_published;
  std::optional<std::string> date_modified;
  std::vector<std::string> tags;
  JobView _jiazheng;
};
BOOST_DESCRIBE_STRUCT(FeedItem, (),
                      (id, url, title, content_text, summary, date_published, date_modified, tags, _jiazheng))

struct FeedPage {
  int64_t total = 0;
  int64_t page = 0;
  int64_t page_size = 0;
};
BOOST_DESCRIBE_STRUCT(FeedPage, (), (total, page, page_size))

struct JobFeed {
  std::string version;
  std::string title;
  std::string home_page_url;
  std::string feed_url;
  std::optional<std::string> next_url;  // while more pages follow
  std::string description;
  std::string language;
  std::vector<FeedItem> items;
  FeedPage _jiazheng;
};
BOOST_DESCRIBE_STRUCT(JobFeed, (),
                      (version, title, home_page_url, feed_url, next_url, description, language, items, _jiazheng))

// One component of a score: its fit in [0, 1], its weight and the points it gives.
struct ComponentView {
  double fit = 0;
  double weight = 0;
  double points = 0;
};
BOOST_DESCRIBE_STRUCT(ComponentView, (), (fit, weight, points))

struct ComponentsView {
  ComponentView skill;
  ComponentView credit;
  ComponentView region;
  ComponentView wage;
  ComponentView experience;
  ComponentView rating;
  ComponentView priority;
};
BOOST_DESCRIBE_STRUCT(ComponentsView, (), (skill, credit, region, wage, experience, rating, priority))

struct WeightsView {
  double skill = 0;
  double credit = 0;
  double region = 0;
  double wage = 0;
  double experience = 0;
  double rating = 0;
  double priority = 0;
};
BOOST_DESCRIBE_STRUCT(WeightsView, (), (skill, credit, region, wage, experience, rating, priority))

// A candidate: revealed (in the caller's scope or contact accepted) with her name and county; otherwise no
// name, an age band and the distance to the nearest 10 km. `candidate`: the handle for a contact request.
struct CandidateView {
  bool revealed = false;
  std::string gender;
  std::string prefecture;
  std::string credit_band;
  std::optional<std::string> name;
  std::optional<std::string> public_id;
  std::optional<int64_t> worker_id;
  std::optional<std::string> phone_mask;
  std::optional<std::string> county_code;
  std::optional<std::string> county;
  std::optional<std::string> birth_year;
  std::optional<std::string> age_band;
  std::optional<std::string> candidate;
};
BOOST_DESCRIBE_STRUCT(CandidateView, (),
                      (revealed, gender, prefecture, credit_band, name, public_id, worker_id, phone_mask, county_code,
                       county, birth_year, age_band, candidate))

struct MatchView {
  int rank = 0;
  double score = 0;
  ComponentsView components;
  std::string region_reason;
  double distance_km = 0;
  CandidateView worker;
  std::string contact_status;
};
BOOST_DESCRIBE_STRUCT(MatchView, (), (rank, score, components, region_reason, distance_km, worker, contact_status))

struct MatchListView {
  std::vector<MatchView> items;
  int64_t bitmap_candidates = 0;
  int64_t eligible = 0;
  double took_ms = 0;
  WeightsView weights;
  std::optional<int64_t> job_id;  // a job's matches
};
BOOST_DESCRIBE_STRUCT(MatchListView, (), (items, bitmap_candidates, eligible, took_ms, weights, job_id))

struct JobMatchView {
  int rank = 0;
  double score = 0;
  ComponentsView components;
  std::string region_reason;
  double distance_km = 0;
  JobView job;
};
BOOST_DESCRIBE_STRUCT(JobMatchView, (), (rank, score, components, region_reason, distance_km, job))

struct WorkerJobsView {
  int64_t worker_id = 0;
  std::vector<JobMatchView> items;
  WeightsView weights;
};
BOOST_DESCRIBE_STRUCT(WorkerJobsView, (), (worker_id, items, weights))

struct EngineStatusView {
  int64_t workers = 0;
  int64_t memory_bytes = 0;
  double load_seconds = 0;
  int64_t reloaded = 0;
  WeightsView weights;
};
BOOST_DESCRIBE_STRUCT(EngineStatusView, (), (workers, memory_bytes, load_seconds, reloaded, weights))

struct ContactView {
  int64_t id = 0;
  int64_t job_id = 0;
  std::string job_title;
  std::string employer;
  std::string status;
  std::string created_at;
};
BOOST_DESCRIBE_STRUCT(ContactView, (), (id, job_id, job_title, employer, status, created_at))

struct EventView {
  int64_t id = 0;
  std::string name;
  std::string kind;
  std::string division_code;
  std::string prefecture_code;
  std::string starts_on;
  std::string ends_on;
  std::string description;
  int64_t job_count = 0;
  std::string created_at;
  std::optional<std::vector<JobView>> jobs;  // one event only
};
BOOST_DESCRIBE_STRUCT(EventView, (),
                      (id, name, kind, division_code, prefecture_code, starts_on, ends_on, description, job_count,
                       created_at, jobs))

struct ServiceRequestView {
  int64_t id = 0;
  std::string occupation;
  std::string county_code;
  std::string prefecture_code;
  std::string schedule;
  int64_t budget = 0;
  bool live_in = false;
  std::string status;
  std::string created_at;
};
BOOST_DESCRIBE_STRUCT(ServiceRequestView, (),
                      (id, occupation, county_code, prefecture_code, schedule, budget, live_in, status, created_at))

struct PlanPairView {
  int64_t worker_id = 0;
  int64_t job_id = 0;
  double score = 0;
  std::optional<int64_t> entry_id;        // the employment entry once approved
  std::optional<std::string> worker_name;  // masked outside the viewer's scope
};
BOOST_DESCRIBE_STRUCT(PlanPairView, (), (worker_id, job_id, score, entry_id, worker_name))

struct PlanOpeningView {
  int64_t job_id = 0;
  int64_t headcount = 0;
  int64_t assigned = 0;
  int64_t eligible = 0;
  std::string reason;
};
BOOST_DESCRIBE_STRUCT(PlanOpeningView, (), (job_id, headcount, assigned, eligible, reason))

struct PlanView {
  int64_t id = 0;
  std::string name;
  std::string status;
  std::optional<int64_t> base_id;
  std::string prefecture_code;
  boost::json::value cohort;  // how the cohort was chosen, as given
  int64_t cohort_size = 0;
  double total_score = 0;
  double greedy_score = 0;
  double gain_over_greedy = 0;
  int64_t greedy_pairs = 0;
  double solve_ms = 0;
  std::string created_at;
  std::optional<std::string> approved_at;
  std::optional<std::vector<PlanPairView>> pairs;        // one plan only
  std::optional<std::vector<PlanOpeningView>> openings;  // one plan only
  int64_t pair_count = 0;
};
BOOST_DESCRIBE_STRUCT(PlanView, (),
                      (id, name, status, base_id, prefecture_code, cohort, cohort_size, total_score, greedy_score,
                       gain_over_greedy, greedy_pairs, solve_ms, created_at, approved_at, pairs, openings, pair_count))

}  // namespace jz::matching::api
