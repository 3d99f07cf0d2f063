// The matching engine's benchmark (bench/matching_bench.sh drives it): on a demo database,
//   * RSS before and after loading the worker index, and the index's own byte count;
//   * top-20 latency in the engine, one query at a time on one core (pin with taskset), p50/p99;
//   * the same filter-and-score query in SQL on the same database (SQLite or PostgreSQL), p50/p99, with
//     an index on worker_occupations (occupation_code, level, worker_id) created for it, and the overlap of its
//     top-20 with the engine's;
//   * a transfer plan of N cohort workers × M openings (head-count H each) through Service::solve_plan.
// Prints key=value lines. MATCHING_BROAD_QUERIES (200): how often the broad demand is ranked both ways.
#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "common/time.hpp"
#include "credit/dates.hpp"
#include "credit/service.hpp"
#include "db/database.hpp"
#include "matching/engine.hpp"
#include "matching/score.hpp"
#include "matching/service.hpp"
#include "reference/divisions.hpp"
#include "security/field_crypto.hpp"
#include "security/keyring.hpp"

using namespace jz;
using namespace jz::matching;
using Steady = std::chrono::steady_clock;

namespace {

long rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

double pct(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5));
  return v[i];
}

const char* kCities[] = {"天津", "北京", "厦门", "上海", "青岛"};

Demand random_demand(std::mt19937_64& rng, int32_t today) {
  const auto& counties = Geo::instance().county_codes();
  Demand d;
  d.occupation = static_cast<int>(rng() % kOccupations.size());
  d.min_level = 1 + static_cast<int>(rng() % 2);
  if (rng() % 5 == 0) {
    d.place.city = kCities[rng() % 5];
    d.place.province_code = Geo::instance().city_province(d.place.city);
  } else {
    d.place.province_code = "62";
    d.place.division_code = counties[rng() % counties.size()];
  }
  d.live_in = rng() % 4 == 0;
  d.wage_min = 3000;
  d.wage_max = 4000 + 500 * static_cast<int64_t>(rng() % 9);
  d.on_day = today;
  return d;
}

// CPU time of this thread in ms: on a shared machine, wall time includes being descheduled.
double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

std::string num(double v) { return fmt::format("{:.6f}", v); }

// The engine's filter and score as one SQL query (the peer the engine is compared with).
std::pair<std::string, db::Params> sql_of(const Demand& d, const Weights& w, db::Dialect dialect,
                                          const std::string& today) {
  db::Params p{std::string(kOccupations[static_cast<size_t>(d.occupation)]), int64_t{d.min_level}};
  std::string region;
  std::string where = " WHERE w.hours_per_week > 0 AND w.identity_status <> 'failed'";
  if (d.place.in_gansu()) {
    region = "CASE w.current_division_code";
    for (const auto& c : Geo::instance().county_codes()) {
      Components comp;
      region_fit(c, std::string_view(c).substr(0, 4), false, d.place, Geo::instance(), comp);
      region += " WHEN '" + c + "' THEN " + num(w.region * comp.region);
    }
    region += " ELSE " + num(w.region * 0.6 * 0.5) + " END";
    where += " AND (w.work_scope <> 'home_county' OR w.current_division_code = ?)";
    p.push_back(d.place.division_code);
  } else {
    region = "CASE WHEN ';' || w.preferred_cities || ';' LIKE ? THEN " + num(w.region) + " ELSE " +
             num(w.region * 0.6) + " END";
    p.insert(p.begin(), std::string("%;" + d.place.city + ";%"));
    where += " AND w.work_scope = 'cross_province' AND (w.preferred_cities = '' OR ';' || w.preferred_cities || ';' LIKE ?)";
    p.push_back("%;" + d.place.city + ";%");
  }
  if (d.live_in) where += " AND w.live_in = 1";
  std::string months =
      dialect == db::Dialect::sqlite
          ? "(SELECT COALESCE(SUM(CAST((julianday(COALESCE(e.end_date, '" + today +
                "')) - julianday(e.start_date)) / 30.4375 AS INTEGER)), 0) FROM employments e WHERE e.worker_id = w.id "
                "AND e.status <> 'withdrawn')"
          : "(SELECT COALESCE(SUM(FLOOR((CAST(COALESCE(e.end_date, '" + today +
                "') AS DATE) - CAST(e.start_date AS DATE)) / 30.4375)), 0) FROM employments e WHERE e.worker_id = w.id "
                "AND e.status <> 'withdrawn')";
  std::string rating =
      "(SELECT AVG((r.skill + r.attitude + r.punctuality + r.hygiene) / 4.0) FROM reviews r WHERE r.worker_id = w.id)";
  std::string wmax = std::to_string(d.wage_max);
  std::string score =
      num(w.skill) + " * o.level / 4.0 + " + num(w.credit) + " * COALESCE(s.score, 0) / 100.0 + " + region +
      " + " + num(w.wage) + " * (CASE WHEN w.expected_wage <= 0 OR " + wmax + " <= 0 THEN 0.5 WHEN w.expected_wage <= " +
      wmax + " THEN 1.0 WHEN 1.0 - 2.0 * (w.expected_wage - " + wmax + ") / " + wmax + " < 0 THEN 0 ELSE 1.0 - 2.0 * (w.expected_wage - " +
      wmax + ") / " + wmax + " END) + " + num(w.experience) + " * (CASE WHEN m.months > 60 THEN 60 ELSE m.months END) / 60.0 + " +
      num(w.rating) + " * COALESCE((m.rating - 1.0) / 4.0, 0.5) + " + num(w.priority) +
      " * (CASE WHEN w.poverty_alleviated = 1 OR w.monitored = 1 THEN 1 ELSE 0 END)";
  // The per-candidate subqueries run only for rows that pass the filter (the derived table m).
  for (auto [from, to] : {std::pair<std::string, std::string>{"w.", "m."}, {"o.level", "m.level"}}) {
    for (size_t pos = score.find(from); pos != std::string::npos; pos = score.find(from, pos + to.size()))
      score.replace(pos, from.size(), to);
  }
  std::string sql = "SELECT m.id, " + score + " AS score FROM (SELECT w.id, w.current_division_code, w.preferred_cities, "
                    "w.expected_wage, w.poverty_alleviated, w.monitored, o.level, " + months + " AS months, " + rating +
                    " AS rating FROM workers w JOIN worker_occupations o ON o.worker_id = w.id AND o.occupation_code = ? "
                    "AND o.level >= ?" + where + ") m LEFT JOIN credit_scores s ON s.worker_id = m.id ORDER BY score DESC, "
                    "m.id LIMIT 20";
  // Parameters in text order: [city LIKE of the region CASE], occupation, level, [county | city LIKE].
  db::Params out;
  size_t i = 0;
  if (!d.place.in_gansu()) out.push_back(p[i++]);
  for (size_t k = i; k < p.size(); ++k) out.push_back(p[k]);
  return {sql, out};
}

}  // namespace

int main(int argc, char** argv) {
  std::string url, key_dir = "/tmp/jz-matching-bench-keys";
  int queries = 2000, sql_queries = 10, plan_workers = 10000, plan_openings = 2000, plan_headcount = 10;
  bool engine_only = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() { return std::string(argv[++i]); };
    if (a == "--database") url = next();
    else if (a == "--queries") queries = std::stoi(next());
    else if (a == "--sql-queries") sql_queries = std::stoi(next());
    else if (a == "--plan-workers") plan_workers = std::stoi(next());
    else if (a == "--plan-openings") plan_openings = std::stoi(next());
    else if (a == "--plan-headcount") plan_headcount = std::stoi(next());
    else if (a == "--key-dir") key_dir = next();
    else if (a == "--engine-only") engine_only = true;
  }
  if (url.empty()) {
    std::cerr << "usage: matching_bench --database URL [--queries N] [--sql-queries N] [--plan-workers N] "
                 "[--plan-openings N] [--plan-headcount N] [--engine-only]\n";
    return 2;
  }
  auto db = db::open_database(url, 2);
  Weights weights;
  std::string today = today_utc();
  int32_t today_day = static_cast<int32_t>(credit::day_number(today).value());

  (void)Geo::instance();
  long rss0 = rss_kib();
  Engine engine(*db, weights);
  auto t0 = Steady::now();
  engine.load();
  double load_s = std::chrono::duration<double>(Steady::now() - t0).count();
  long rss1 = rss_kib();
  auto st = engine.stats();
  std::cout << fmt::format("workers={}\nload_s={:.2f}\nrss_before_kib={}\nrss_after_kib={}\nindex_bytes={}\n", st.workers,
                           load_s, rss0, rss1, st.memory_bytes);
  std::cout << fmt::format("bytes_per_worker_rss={:.1f}\nbytes_per_worker_index={:.1f}\n",
                           st.workers ? (rss1 - rss0) * 1024.0 / st.workers : 0.0,
                           st.workers ? static_cast<double>(st.memory_bytes) / st.workers : 0.0);

  std::mt19937_64 rng(2024);
  std::vector<Demand> demands;
  for (int i = 0; i < queries + 100; ++i) demands.push_back(random_demand(rng, today_day));
  std::vector<double> ms, cpu;
  uint64_t eligible = 0;
  for (int i = 0; i < queries + 100; ++i) {
    QueryStats qs;
    auto a = Steady::now();
    double c0 = thread_cpu_ms();
    auto top = engine.top_k(demands[static_cast<size_t>(i)], 20, nullptr, &qs);
    double c = thread_cpu_ms() - c0;
    double d = std::chrono::duration<double, std::milli>(Steady::now() - a).count();
    if (i >= 100) {
      ms.push_back(d);
      cpu.push_back(c);
      eligible += qs.eligible;
    }
  }
  double e50 = pct(ms, 0.5), e99 = pct(ms, 0.99);
  std::cout << fmt::format("engine_queries={}\nengine_p50_ms={:.3f}\nengine_p99_ms={:.3f}\nengine_cpu_p50_ms={:.3f}\n"
                           "engine_cpu_p99_ms={:.3f}\nengine_mean_eligible={:.0f}\n",
                           queries, e50, e99, pct(cpu, 0.5), pct(cpu, 0.99),
                           queries ? static_cast<double>(eligible) / queries : 0.0);

  // The pruned ranking against the exhaustive one (its oracle) on the same index, the same demands and the
  // same core, interleaved so that both see the same share of the machine: the random demands above, then the
  // broad demand of the HTTP benchmark (housekeeping in 城关区, wage up to 5,000) repeated. Results are compared.
  auto compare = [&](const char* tag, auto demand_of, int n) {
    std::vector<double> pc, xc;
    uint64_t scored = 0, elig = 0, differ = 0, cells = 0;
    for (int i = 0; i < n; ++i) {
      const Demand d = demand_of(i);
      QueryStats a, b;
      std::vector<Scored> p, x;
      // Alternate which runs first: the second finds the bitmaps and slots the first brought into the cache.
      auto run_pruned = [&] {
        double c0 = thread_cpu_ms();
        p = engine.top_k(d, 20, nullptr, &a);
        pc.push_back(thread_cpu_ms() - c0);
      };
      auto run_exhaustive = [&] {
        double c0 = thread_cpu_ms();
        x = engine.top_k_exhaustive(d, 20, &b);
        xc.push_back(thread_cpu_ms() - c0);
      };
      if (i % 2 == 0) run_pruned(), run_exhaustive();
      else run_exhaustive(), run_pruned();
      scored += a.scored;
      cells += a.cells;
      elig += a.eligible;
      bool same = p.size() == x.size();
      for (size_t j = 0; same && j < p.size(); ++j) same = p[j].worker_id == x[j].worker_id && p[j].score == x[j].score;
      differ += same ? 0 : 1;
    }
    double p50 = pct(pc, 0.5), x50 = pct(xc, 0.5);
    std::cout << fmt::format("{0}_queries={1}\n{0}_pruned_cpu_p50_ms={2:.3f}\n{0}_pruned_cpu_p99_ms={3:.3f}\n"
                             "{0}_exhaustive_cpu_p50_ms={4:.3f}\n{0}_exhaustive_cpu_p99_ms={5:.3f}\n"
                             "{0}_speedup_p50={6:.1f}\n{0}_mean_eligible={7:.0f}\n{0}_mean_scored={8:.0f}\n"
                             "{0}_results_differ={9}\n{0}_mean_cells={10:.1f}\n",
                             tag, n, p50, pct(pc, 0.99), x50, pct(xc, 0.99), p50 > 0 ? x50 / p50 : 0.0,
                             n ? static_cast<double>(elig) / n : 0.0, n ? static_cast<double>(scored) / n : 0.0, differ,
                             n ? static_cast<double>(cells) / n : 0.0);
  };
  compare("random", [&](int i) { return demands[100 + static_cast<size_t>(i)]; }, std::min(queries, 500));
  Demand broad;
  broad.occupation = occupation_index("housekeeping");
  broad.place.province_code = "62";
  broad.place.division_code = "620102";
  broad.wage_min = 3000;
  broad.wage_max = 5000;
  broad.on_day = today_day;
  compare("broad", [&](int) { return broad; }, std::getenv("MATCHING_BROAD_QUERIES") ? std::atoi(std::getenv("MATCHING_BROAD_QUERIES")) : 200);
  if (engine_only) return 0;

  // The SQL peer on the same database.
  {
    auto conn = db->acquire();
    conn->exec("CREATE INDEX IF NOT EXISTS bench_worker_occupations_occ ON worker_occupations (occupation_code, level, worker_id)");
    if (conn->dialect() == db::Dialect::postgres) conn->exec("ANALYZE");
    else conn->exec("ANALYZE");
    std::vector<double> sms;
    double overlap = 0;
    for (int i = 0; i < sql_queries; ++i) {
      const Demand& d = demands[100 + static_cast<size_t>(i)];
      auto [sql, params] = sql_of(d, weights, conn->dialect(), today);
      auto a = Steady::now();
      auto rows = conn->query(sql, params);
      sms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - a).count());
      std::set<int64_t> s;
      for (const auto& r : rows) s.insert(r.get_int(0));
      auto top = engine.top_k(d, 20);
      size_t same = 0;
      for (const auto& x : top) same += s.count(x.worker_id);
      overlap += top.empty() ? 1.0 : static_cast<double>(same) / static_cast<double>(top.size());
    }
    double s50 = pct(sms, 0.5), s99 = pct(sms, 0.99);
    std::cout << fmt::format("sql_dialect={}\nsql_queries={}\nsql_p50_ms={:.1f}\nsql_p99_ms={:.1f}\nsql_top20_overlap={:.3f}\n"
                             "speedup_p50={:.0f}\n",
                             conn->dialect() == db::Dialect::postgres ? "postgres" : "sqlite", sql_queries, s50, s99,
                             sql_queries ? overlap / sql_queries : 0.0, e50 > 0 ? s50 / e50 : 0.0);
  }

  // A transfer plan: the first `plan_workers` workers × `plan_openings` openings of `plan_headcount` each.
  if (plan_workers > 0 && plan_openings > 0) {
    auto keyring = security::Keyring::load_or_create(key_dir);
    security::FieldCipher cipher(keyring);
    reference::DivisionCatalog catalog;
    std::vector<int64_t> cohort;
    {
      auto conn = db->acquire();
      catalog = reference::DivisionCatalog::load(*conn);
      for (const auto& r : conn->query("SELECT id FROM workers ORDER BY id LIMIT ?", {int64_t{plan_workers}}))
        cohort.push_back(r.get_int(0));
    }
    credit::Service credit(*db, cipher, catalog);
    Service service(*db, engine, credit, catalog);
    std::mt19937_64 r2(7);
    const auto& counties = Geo::instance().county_codes();
    std::vector<Job> jobs;
    for (int i = 0; i < plan_openings; ++i) {
      Job j;
      j.id = i + 1;
      j.occupation = kOccupations[static_cast<size_t>(i) % kOccupations.size()];
      if (r2() % 5 == 0) {
        j.place.city = kCities[r2() % 5];
        j.place.province_code = Geo::instance().city_province(j.place.city);
      } else {
        j.place.province_code = "62";
        j.place.division_code = counties[r2() % counties.size()];
      }
      j.openings = plan_headcount;
      j.wage_min = 3000;
      j.wage_max = 4000 + 500 * static_cast<int64_t>(r2() % 9);
      j.valid_from = today;
      jobs.push_back(std::move(j));
    }
    auto a = Steady::now();
    auto plan = service.solve_plan(cohort, jobs, 0);
    double secs = std::chrono::duration<double>(Steady::now() - a).count();
    int64_t unfilled = 0;
    for (const auto& o : plan.openings) unfilled += o.headcount - o.assigned;
    std::cout << fmt::format(
        "plan_workers={}\nplan_openings={}\nplan_headcount={}\nplan_seconds={:.3f}\nplan_pairs={}\nplan_total={:.2f}\n"
        "plan_greedy={:.2f}\nplan_greedy_pairs={}\nplan_gain={:.2f}\nplan_gain_pct={:.3f}\nplan_unfilled={}\n",
        cohort.size(), jobs.size(), static_cast<int64_t>(plan_openings) * plan_headcount, secs, plan.pairs.size(),
        plan.total_score, plan.greedy_score, plan.greedy_pairs, plan.total_score - plan.greedy_score,
        plan.greedy_score > 0 ? 100.0 * (plan.total_score - plan.greedy_score) / plan.greedy_score : 0.0, unfilled);
  }
  return 0;
}
