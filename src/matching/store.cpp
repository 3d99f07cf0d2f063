#include "matching/store.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "credit/dates.hpp"
#include "matching/geo.hpp"
#include "matching/score.hpp"

namespace jz::matching {
namespace {

namespace json = boost::json;

const char* kJobColumns =
    "j.id, j.enterprise_id, j.employer, j.event_id, j.title, j.occupation_code, j.place_division_code, "
    "j.place_province_code, j.place_city, j.prefecture_code, j.live_in, j.wage_min, j.wage_max, j.openings, "
    "j.min_level, j.requires_certificate, j.requires_health_check, j.min_experience_years, j.valid_from, "
    "j.valid_until, j.status, j.description, j.created_by, j.created_by_role, j.created_at, j.updated_at, "
    "COALESCE(d.name, '')";

Job job_from(const db::Row& r) {
  Job j;
  j.id = r.get_int(0);
  j.enterprise_id = r.opt_int(1);
  j.employer = r.get_text(2);
  j.event_id = r.opt_int(3);
  j.title = r.get_text(4);
  j.occupation = r.get_text(5);
  j.place.division_code = r.get_text(6);
  j.place.province_code = r.get_text(7);
  j.place.city = r.get_text(8);
  j.prefecture_code = r.get_text(9);
  j.live_in = r.get_bool(10);
  j.wage_min = r.get_int(11);
  j.wage_max = r.get_int(12);
  j.openings = r.get_int(13);
  j.min_level = static_cast<int>(r.get_int(14));
  j.requires_certificate = r.get_bool(15);
  j.requires_health_check = r.get_bool(16);
  j.min_experience_years = static_cast<int>(r.get_int(17));
  j.valid_from = r.get_text(18);
  j.valid_until = r.get_text(19);
  j.status = r.get_text(20);
  j.description = r.get_text(21);
  j.created_by = r.get_int(22);
  j.created_by_role = r.get_text(23);
  j.created_at = r.get_text(24);
  j.updated_at = r.get_text(25);
  j.place_name = j.place.in_gansu() ? r.get_text(26) : j.place.city;
  return j;
}

std::string placeholders(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += i ? ", ?" : "?";
  return s;
}

std::vector<std::string> split_cities(const std::string& s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t end = s.find_first_of(";,", pos);  // worker_input stores ";"-separated names
    std::string item = normalize_city(s.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
    if (!item.empty() && std::find(out.begin(), out.end(), item) == out.end()) out.push_back(item);
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return out;
}

}  // namespace

int64_t Store::max_worker_id() { return conn_.query("SELECT COALESCE(MAX(id), 0) FROM workers")[0].get_int(0); }

std::vector<WorkerFacts> Store::load_facts(int64_t lo, int64_t hi, int32_t today) {
  return load_where("w.id BETWEEN ? AND ?", "worker_id BETWEEN ? AND ?", {lo, hi}, today);
}

std::vector<WorkerFacts> Store::load_facts(const std::vector<int64_t>& ids, int32_t today) {
  std::vector<WorkerFacts> out;
  for (size_t i = 0; i < ids.size(); i += 500) {
    size_t n = std::min<size_t>(500, ids.size() - i);
    db::Params p(ids.begin() + static_cast<long>(i), ids.begin() + static_cast<long>(i + n));
    std::string in = placeholders(n);
    auto part = load_where("w.id IN (" + in + ")", "worker_id IN (" + in + ")", p, today);
    out.insert(out.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
  }
  return out;
}

std::vector<WorkerFacts> Store::load_where(const std::string& worker_clause, const std::string& ref_clause,
                                           const db::Params& params, int32_t today) {
  std::vector<WorkerFacts> out;
  std::unordered_map<int64_t, size_t> at;
  for (const auto& r : conn_.query(
           "SELECT w.id, w.current_division_code, w.prefecture_code, w.work_scope, w.preferred_cities, w.live_in, "
           "w.hours_per_week, w.identity_status, w.poverty_alleviated, w.monitored, w.expected_wage "
           "FROM workers w WHERE " + worker_clause + " ORDER BY w.id",
           params)) {
    WorkerFacts f;
    f.id = r.get_int(0);
    f.county = r.get_text(1);
    f.prefecture = r.get_text(2);
    f.scope = parse_scope(r.get_text(3)).value_or(WorkScope::in_province);
    if (f.scope == WorkScope::cross_province) f.preferred_cities = split_cities(r.get_text(4));
    f.live_in = r.get_bool(5);
    f.available = r.get_int(6) > 0 && r.get_text(7) != "failed";
    f.poverty_alleviated = r.get_bool(8);
    f.monitored = r.get_bool(9);
    f.expected_wage = r.get_int(10);
    at.emplace(f.id, out.size());
    out.push_back(std::move(f));
  }
  if (out.empty()) return out;
  auto each = [&](const std::string& sql, auto&& fn) {
    for (const auto& r : conn_.query(sql, params)) {
      auto it = at.find(r.get_int(0));
      if (it != at.end()) fn(out[it->second], r);
    }
  };
  each("SELECT worker_id, occupation_code, level FROM worker_occupations WHERE " + ref_clause,
       [](WorkerFacts& f, const db::Row& r) {
         int o = occupation_index(r.get_text(1));
         if (o >= 0) f.levels[static_cast<size_t>(o)] = static_cast<uint8_t>(std::clamp<int64_t>(r.get_int(2), 1, 4));
       });
  each("SELECT worker_id, score FROM credit_scores WHERE " + ref_clause,
       [](WorkerFacts& f, const db::Row& r) { f.credit_score = static_cast<int>(r.get_int(1)); });
  // A fit health check carries valid_until (an unfit one has it cleared): the latest one that still counts.
  each("SELECT worker_id, MAX(valid_until) FROM credit_entries WHERE kind = 'health_check' AND status <> "
       "'withdrawn' AND valid_until IS NOT NULL AND " + ref_clause + " GROUP BY worker_id",
       [](WorkerFacts& f, const db::Row& r) {
         auto d = credit::day_number(r.get_text(1));
         f.health_valid_until = d ? static_cast<int32_t>(*d) : 0;
       });
  each("SELECT worker_id, AVG((skill + attitude + punctuality + hygiene) / 4.0) FROM reviews WHERE " + ref_clause +
           " GROUP BY worker_id",
       [](WorkerFacts& f, const db::Row& r) { f.rating = quantize_rating(r.get_double(1)); });
  each("SELECT worker_id, details FROM credit_entries WHERE kind = 'training' AND status <> 'withdrawn' AND " +
           ref_clause,
       [](WorkerFacts& f, const db::Row& r) {
         boost::system::error_code ec;
         auto v = json::parse(r.get_text(1), ec);
         if (ec || !v.is_object()) return;
         const auto& o = v.as_object();
         auto cert = o.if_contains("certificate_no");
         auto occ = o.if_contains("occupation");
         auto assess = o.if_contains("assessment");
         if (!cert || !cert->is_string() || cert->as_string().empty() || !occ || !occ->is_string()) return;
         if (assess && assess->is_string() && assess->as_string() == "failed") return;
         int i = occupation_index(std::string(occ->as_string()));
         if (i >= 0) f.certificates |= static_cast<uint16_t>(1u << i);
       });
  // Years of experience: the employment records (007_employments.sql) that still count, to today.
  each("SELECT worker_id, start_date, end_date FROM employments WHERE status <> 'withdrawn' AND " + ref_clause,
       [today](WorkerFacts& f, const db::Row& r) {
         auto start = credit::day_number(r.get_text(1));
         auto end = r.is_null(2) ? std::optional<int64_t>(today) : credit::day_number(r.get_text(2));
         if (!start || !end || *end <= *start) return;
         int64_t days = std::min<int64_t>(*end, today) - *start;
         if (days > 0) f.experience_months = static_cast<int>(std::min<int64_t>(
                           600, f.experience_months + static_cast<int64_t>(days / 30.4375)));
       });
  return out;
}

std::vector<Change> Store::changes_since(const std::string& since) {
  std::vector<Change> out;
  auto add = [&](const char* tag, const std::string& sql) {
    for (const auto& r : conn_.query(sql, {since})) {
      Change c;
      c.worker_id = r.get_int(0);
      c.stamp = r.get_text(1);
      c.key = fmt::format("{}:{}:{}", tag, c.worker_id, c.stamp);
      out.push_back(std::move(c));
    }
  };
  add("w", "SELECT id, updated_at FROM workers WHERE updated_at >= ?");
  add("s", "SELECT worker_id, computed_at FROM credit_scores WHERE computed_at >= ?");
  add("e", "SELECT worker_id, updated_at FROM employments WHERE updated_at >= ?");
  return out;
}

std::vector<int64_t> Store::base_workers(int64_t base_id) {
  std::vector<int64_t> out;
  for (const auto& r :
       conn_.query("SELECT worker_id FROM transfer_base_workers WHERE base_id = ? ORDER BY worker_id", {base_id}))
    out.push_back(r.get_int(0));
  return out;
}

std::optional<std::pair<std::string, std::string>> Store::base_info(int64_t base_id) {
  auto rows = conn_.query("SELECT name, prefecture_code FROM transfer_bases WHERE id = ?", {base_id});
  if (rows.empty()) return std::nullopt;
  return std::make_pair(rows[0].get_text(0), rows[0].get_text(1));
}

std::vector<int64_t> Store::filter_workers(const std::string& prefecture, const std::string& county,
                                           const std::string& flag, int64_t limit) {
  std::string sql = "SELECT id FROM workers WHERE 1 = 1";
  db::Params p;
  if (!prefecture.empty()) {
    sql += " AND prefecture_code = ?";
    p.push_back(prefecture);
  }
  if (!county.empty()) {
    sql += " AND current_division_code = ?";
    p.push_back(county);
  }
  if (flag == "poverty_alleviated") sql += " AND poverty_alleviated = 1";
  if (flag == "monitored") sql += " AND monitored = 1";
  if (flag == "priority") sql += " AND (poverty_alleviated = 1 OR monitored = 1)";
  sql += " ORDER BY id LIMIT ?";
  p.push_back(limit);
  std::vector<int64_t> out;
  for (const auto& r : conn_.query(sql, p)) out.push_back(r.get_int(0));
  return out;
}

// ── Jobs ──────────────────────────────────────────────────────────────────────────────────────────────────

int64_t Store::insert_job(const Job& j) {
  return conn_.insert(
      "INSERT INTO jobs (enterprise_id, employer, event_id, title, occupation_code, place_division_code, "
      "place_province_code, place_city, prefecture_code, live_in, wage_min, wage_max, openings, min_level, "
      "requires_certificate, requires_health_check, min_experience_years, valid_from, valid_until, status, "
      "description, created_by, created_by_role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {j.enterprise_id ? db::Value(*j.enterprise_id) : db::Value(nullptr), j.employer,
       j.event_id ? db::Value(*j.event_id) : db::Value(nullptr), j.title, j.occupation,
       j.place.division_code.empty() ? db::Value(nullptr) : db::Value(j.place.division_code), j.place.province_code,
       j.place.city, j.prefecture_code, int64_t{j.live_in}, j.wage_min, j.wage_max, j.openings,
       int64_t{j.min_level}, int64_t{j.requires_certificate}, int64_t{j.requires_health_check},
       int64_t{j.min_experience_years}, j.valid_from, j.valid_until, j.status, j.description,
       j.created_by ? db::Value(j.created_by) : db::Value(nullptr), j.created_by_role, j.created_at, j.updated_at});
}

std::optional<Job> Store::find_job(int64_t id) {
  auto rows = conn_.query(std::string("SELECT ") + kJobColumns +
                              " FROM jobs j LEFT JOIN divisions d ON d.code = j.place_division_code WHERE j.id = ?",
                          {id});
  if (rows.empty()) return std::nullopt;
  return job_from(rows[0]);
}

Page Store::list_jobs(const JobFilter& f, const std::string& today) {
  std::string where = " WHERE 1 = 1";
  db::Params p;
  if (!f.status.empty()) {
    where += " AND j.status = ?";
    p.push_back(f.status);
  }
  if (f.only_current) {
    where += " AND j.valid_until >= ? AND j.valid_from <= ?";
    p.push_back(today);
    p.push_back(today);
  }
  if (!f.prefecture.empty()) {
    where += " AND j.prefecture_code = ?";
    p.push_back(f.prefecture);
  }
  if (!f.occupation.empty()) {
    where += " AND j.occupation_code = ?";
    p.push_back(f.occupation);
  }
  if (f.enterprise_id) {
    where += " AND j.enterprise_id = ?";
    p.push_back(*f.enterprise_id);
  }
  if (f.event_id) {
    where += " AND j.event_id = ?";
    p.push_back(*f.event_id);
  }
  Page page;
  page.total = conn_.query("SELECT COUNT(*) FROM jobs j" + where, p)[0].get_int(0);
  db::Params q = p;
  q.push_back(f.page_size);
  q.push_back((f.page - 1) * f.page_size);
  for (const auto& r : conn_.query(std::string("SELECT ") + kJobColumns +
                                       " FROM jobs j LEFT JOIN divisions d ON d.code = j.place_division_code" + where +
                                       " ORDER BY j.created_at DESC, j.id DESC LIMIT ? OFFSET ?",
                                   q))
    page.items.push_back(job_from(r));
  return page;
}

std::vector<Job> Store::open_jobs(const std::string& today, int64_t limit) {
  std::vector<Job> out;
  for (const auto& r : conn_.query(std::string("SELECT ") + kJobColumns +
                                       " FROM jobs j LEFT JOIN divisions d ON d.code = j.place_division_code WHERE "
                                       "j.status = 'open' AND j.valid_until >= ? AND j.valid_from <= ? ORDER BY j.id "
                                       "LIMIT ?",
                                   {today, today, limit}))
    out.push_back(job_from(r));
  return out;
}

void Store::update_job(const Job& j) {
  conn_.exec(
      "UPDATE jobs SET title = ?, wage_min = ?, wage_max = ?, openings = ?, min_level = ?, requires_certificate = ?, "
      "requires_health_check = ?, min_experience_years = ?, valid_until = ?, status = ?, description = ?, live_in = ?, "
      "updated_at = ? WHERE id = ?",
      {j.title, j.wage_min, j.wage_max, j.openings, int64_t{j.min_level}, int64_t{j.requires_certificate},
       int64_t{j.requires_health_check}, int64_t{j.min_experience_years}, j.valid_until, j.status, j.description,
       int64_t{j.live_in}, j.updated_at, j.id});
}

void Store::delete_job(int64_t id) {
  conn_.exec("DELETE FROM contact_requests WHERE job_id = ?", {id});
  conn_.exec("DELETE FROM jobs WHERE id = ?", {id});
}

bool Store::job_in_plan(int64_t id) {
  return !conn_.query("SELECT 1 FROM transfer_plan_pairs WHERE job_id = ?", {id}).empty();
}

std::optional<int64_t> Store::worker_id_by_public_id(const std::string& public_id) {
  auto rows = conn_.query("SELECT id FROM workers WHERE public_id = ?", {public_id});
  if (rows.empty()) return std::nullopt;
  return rows[0].get_int(0);
}

std::optional<std::string> Store::enterprise_name(int64_t id) {
  auto rows = conn_.query("SELECT name FROM enterprises WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return rows[0].get_text(0);
}

// ── Events, requests, contacts ───────────────────────────────────────────────────────────────────────────

int64_t Store::insert_event(const RecruitmentEvent& e) {
  return conn_.insert(
      "INSERT INTO recruitment_events (name, kind, division_code, prefecture_code, starts_on, ends_on, description, "
      "organiser_user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {e.name, e.kind, e.division_code, e.prefecture_code, e.starts_on, e.ends_on, e.description,
       e.organiser_user_id ? db::Value(e.organiser_user_id) : db::Value(nullptr), e.created_at, e.created_at});
}

static RecruitmentEvent event_from(const db::Row& r) {
  RecruitmentEvent e;
  e.id = r.get_int(0);
  e.name = r.get_text(1);
  e.kind = r.get_text(2);
  e.division_code = r.get_text(3);
  e.prefecture_code = r.get_text(4);
  e.starts_on = r.get_text(5);
  e.ends_on = r.get_text(6);
  e.description = r.get_text(7);
  e.organiser_user_id = r.get_int(8);
  e.created_at = r.get_text(9);
  e.job_count = r.get_int(10);
  return e;
}

static const char* kEventSelect =
    "SELECT e.id, e.name, e.kind, e.division_code, e.prefecture_code, e.starts_on, e.ends_on, e.description, "
    "e.organiser_user_id, e.created_at, (SELECT COUNT(*) FROM jobs j WHERE j.event_id = e.id) FROM "
    "recruitment_events e";

std::optional<RecruitmentEvent> Store::find_event(int64_t id) {
  auto rows = conn_.query(std::string(kEventSelect) + " WHERE e.id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return event_from(rows[0]);
}

std::vector<RecruitmentEvent> Store::list_events(const std::string& prefecture) {
  std::vector<RecruitmentEvent> out;
  std::string sql = kEventSelect;
  db::Params p;
  if (!prefecture.empty()) {
    sql += " WHERE e.prefecture_code = ?";
    p.push_back(prefecture);
  }
  sql += " ORDER BY e.starts_on DESC, e.id DESC LIMIT 200";
  for (const auto& r : conn_.query(sql, p)) out.push_back(event_from(r));
  return out;
}

int64_t Store::insert_request(const ServiceRequest& r) {
  return conn_.insert(
      "INSERT INTO service_requests (consumer_user_id, occupation_code, county_code, prefecture_code, schedule, "
      "budget, live_in, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {r.consumer_user_id, r.occupation, r.county_code, r.prefecture_code, r.schedule, r.budget, int64_t{r.live_in},
       r.status, r.created_at, r.created_at});
}

static ServiceRequest request_from(const db::Row& r) {
  ServiceRequest s;
  s.id = r.get_int(0);
  s.consumer_user_id = r.get_int(1);
  s.occupation = r.get_text(2);
  s.county_code = r.get_text(3);
  s.prefecture_code = r.get_text(4);
  s.schedule = r.get_text(5);
  s.budget = r.get_int(6);
  s.live_in = r.get_bool(7);
  s.status = r.get_text(8);
  s.created_at = r.get_text(9);
  return s;
}

static const char* kRequestSelect =
    "SELECT id, consumer_user_id, occupation_code, county_code, prefecture_code, schedule, budget, live_in, status, "
    "created_at FROM service_requests";

std::optional<ServiceRequest> Store::find_request(int64_t id) {
  auto rows = conn_.query(std::string(kRequestSelect) + " WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return request_from(rows[0]);
}

std::vector<ServiceRequest> Store::list_requests(std::optional<int64_t> consumer, const std::string& prefecture) {
  std::string sql = std::string(kRequestSelect) + " WHERE 1 = 1";
  db::Params p;
  if (consumer) {
    sql += " AND consumer_user_id = ?";
    p.push_back(*consumer);
  }
  if (!prefecture.empty()) {
    sql += " AND prefecture_code = ?";
    p.push_back(prefecture);
  }
  sql += " ORDER BY created_at DESC, id DESC LIMIT 200";
  std::vector<ServiceRequest> out;
  for (const auto& r : conn_.query(sql, p)) out.push_back(request_from(r));
  return out;
}

std::string Store::contact_status(int64_t job_id, int64_t worker_id) {
  auto rows =
      conn_.query("SELECT status FROM contact_requests WHERE job_id = ? AND worker_id = ?", {job_id, worker_id});
  return rows.empty() ? std::string() : rows[0].get_text(0);
}

std::vector<std::pair<int64_t, std::string>> Store::contact_statuses(int64_t job_id) {
  std::vector<std::pair<int64_t, std::string>> out;
  for (const auto& r : conn_.query("SELECT worker_id, status FROM contact_requests WHERE job_id = ?", {job_id}))
    out.emplace_back(r.get_int(0), r.get_text(1));
  return out;
}

int64_t Store::insert_contact(int64_t job_id, int64_t worker_id, std::optional<int64_t> enterprise_id,
                              const std::string& now) {
  return conn_.insert(
      "INSERT INTO contact_requests (job_id, worker_id, enterprise_id, status, created_at, updated_at) VALUES (?, ?, "
      "?, 'requested', ?, ?)",
      {job_id, worker_id, enterprise_id ? db::Value(*enterprise_id) : db::Value(nullptr), now, now});
}

static const char* kContactSelect =
    "SELECT c.id, c.job_id, c.worker_id, c.status, j.title, j.employer, c.created_at FROM contact_requests c JOIN "
    "jobs j ON j.id = c.job_id";

static Store::Contact contact_from(const db::Row& r) {
  return Store::Contact{r.get_int(0), r.get_int(1), r.get_int(2), r.get_text(3),
                        r.get_text(4), r.get_text(5), r.get_text(6)};
}

std::optional<Store::Contact> Store::find_contact(int64_t id) {
  auto rows = conn_.query(std::string(kContactSelect) + " WHERE c.id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return contact_from(rows[0]);
}

std::vector<Store::Contact> Store::worker_contacts(int64_t worker_id) {
  std::vector<Contact> out;
  for (const auto& r :
       conn_.query(std::string(kContactSelect) + " WHERE c.worker_id = ? ORDER BY c.created_at DESC", {worker_id}))
    out.push_back(contact_from(r));
  return out;
}

void Store::set_contact_status(int64_t id, const std::string& status, const std::string& now) {
  conn_.exec("UPDATE contact_requests SET status = ?, updated_at = ? WHERE id = ?", {status, now, id});
}

std::vector<Store::Profile> Store::profiles(const std::vector<int64_t>& ids) {
  std::vector<Profile> out;
  if (ids.empty()) return out;
  db::Params p(ids.begin(), ids.end());
  for (const auto& r : conn_.query(
           "SELECT w.id, w.public_id, w.name, COALESCE(w.phone_mask, ''), w.gender, w.current_division_code, "
           "w.prefecture_code, w.birth_date, COALESCE(s.band, ''), w.enterprise_id FROM workers w LEFT JOIN "
           "credit_scores s ON s.worker_id = w.id WHERE w.id IN (" + placeholders(ids.size()) + ")",
           p))
    out.push_back(Profile{r.get_int(0), r.get_text(1), r.get_text(2), r.get_text(3), r.get_text(4), r.get_text(5),
                          r.get_text(6), r.get_text(7), r.get_text(8), r.opt_int(9)});
  return out;
}

// ── Transfer plans ───────────────────────────────────────────────────────────────────────────────────────

int64_t Store::insert_plan(const TransferPlan& p, const std::string& openings_json) {
  return conn_.insert(
      "INSERT INTO transfer_plans (name, status, base_id, prefecture_code, cohort, cohort_size, total_score, "
      "greedy_score, greedy_pairs, solve_ms, openings, created_by, created_at) VALUES (?, 'draft', ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?)",
      {p.name, p.base_id ? db::Value(*p.base_id) : db::Value(nullptr), p.prefecture_code, p.cohort_json,
       p.cohort_size, p.total_score, p.greedy_score, p.greedy_pairs, p.solve_ms, openings_json,
       p.created_by ? db::Value(p.created_by) : db::Value(nullptr), p.created_at});
}

void Store::insert_pair(int64_t plan_id, const PlanPair& p) {
  conn_.exec("INSERT INTO transfer_plan_pairs (plan_id, worker_id, job_id, score) VALUES (?, ?, ?, ?)",
             {plan_id, p.worker_id, p.job_id, p.score});
}

static const char* kPlanSelect =
    "SELECT id, name, status, base_id, prefecture_code, cohort, cohort_size, total_score, greedy_score, "
    "greedy_pairs, solve_ms, openings, COALESCE(created_by, 0), COALESCE(approved_by, 0), created_at, "
    "COALESCE(approved_at, '') FROM transfer_plans";

static TransferPlan plan_from(const db::Row& r) {
  TransferPlan p;
  p.id = r.get_int(0);
  p.name = r.get_text(1);
  p.status = r.get_text(2);
  p.base_id = r.opt_int(3);
  p.prefecture_code = r.get_text(4);
  p.cohort_json = r.get_text(5);
  p.cohort_size = r.get_int(6);
  p.total_score = r.get_double(7);
  p.greedy_score = r.get_double(8);
  p.greedy_pairs = r.get_int(9);
  p.solve_ms = r.get_double(10);
  p.created_by = r.get_int(12);
  p.approved_by = r.get_int(13);
  p.created_at = r.get_text(14);
  p.approved_at = r.get_text(15);
  return p;
}

std::optional<TransferPlan> Store::find_plan(int64_t id, std::string* openings_json) {
  auto rows = conn_.query(std::string(kPlanSelect) + " WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  TransferPlan p = plan_from(rows[0]);
  if (openings_json) *openings_json = rows[0].get_text(11);
  for (const auto& r : conn_.query(
           "SELECT worker_id, job_id, score, entry_id FROM transfer_plan_pairs WHERE plan_id = ? ORDER BY job_id, "
           "score DESC, worker_id",
           {id}))
    p.pairs.push_back(PlanPair{r.get_int(0), r.get_int(1), r.get_double(2), r.opt_int(3)});
  return p;
}

std::vector<TransferPlan> Store::list_plans(const std::string& prefecture) {
  std::string sql = kPlanSelect;
  db::Params p;
  if (!prefecture.empty()) {
    sql += " WHERE prefecture_code = ?";
    p.push_back(prefecture);
  }
  sql += " ORDER BY created_at DESC, id DESC LIMIT 200";
  std::vector<TransferPlan> out;
  for (const auto& r : conn_.query(sql, p)) out.push_back(plan_from(r));
  return out;
}

bool Store::approve_plan(int64_t id, int64_t user_id, const std::string& now) {
  return conn_.exec("UPDATE transfer_plans SET status = 'approved', approved_by = ?, approved_at = ? WHERE id = ? "
                    "AND status = 'draft'",
                    {user_id, now, id}) == 1;
}

void Store::set_pair_entry(int64_t plan_id, int64_t worker_id, int64_t entry_id) {
  conn_.exec("UPDATE transfer_plan_pairs SET entry_id = ? WHERE plan_id = ? AND worker_id = ?",
             {entry_id, plan_id, worker_id});
}

// ── Demo data ─────────────────────────────────────────────────────────────────────────────────────────────

bool Store::demo_jobs_present() { return !conn_.query("SELECT 1 FROM jobs LIMIT 1").empty(); }

Store::DemoIds Store::demo_ids() {
  DemoIds ids;
  if (auto r = conn_.query("SELECT id, name FROM enterprises ORDER BY id LIMIT 1"); !r.empty()) {
    ids.enterprise = r[0].get_int(0);
    ids.enterprise_name = r[0].get_text(1);
  }
  for (const auto& r : conn_.query("SELECT id, username FROM users WHERE username IN ('admin', 'enterprise')"))
    (r.get_text(1) == "admin" ? ids.admin : ids.enterprise_user) = r.get_int(0);
  return ids;
}

void Store::insert_demo_base(const std::string& name, const std::string& county, const std::string& prefecture,
                             const std::string& now, int64_t members) {
  int64_t id = conn_.insert(
      "INSERT INTO transfer_bases (name, division_code, prefecture_code, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
      {name, county, prefecture, now, now});
  conn_.exec(
      "INSERT INTO transfer_base_workers (base_id, worker_id, joined_at) SELECT CAST(? AS BIGINT), id, CAST(? AS TEXT) "
      "FROM workers WHERE "
      "prefecture_code = ? AND work_scope <> 'home_county' AND id IN (SELECT id FROM workers WHERE prefecture_code = ? "
      "ORDER BY id LIMIT ?)",
      {id, now, prefecture, prefecture, members});
}

}  // namespace jz::matching
