#include "app/demo_data.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <random>
#include <unordered_set>

#include "accounts/model.hpp"
#include "accounts/store.hpp"
#include "common/id_number.hpp"
#include "common/time.hpp"
#include "common/uscc.hpp"
#include "db/bulk.hpp"
#include "reference/divisions.hpp"
#include "security/masking.hpp"
#include "security/password.hpp"
#include "supervision/tasks.hpp"

namespace jz::app {
namespace {

// Common surnames of Gansu (roughly by frequency) and given-name characters typical for rural women and men.
constexpr std::array kSurnames{"王", "张", "李", "刘", "陈", "杨", "赵", "马", "何", "周", "魏", "郭", "宋", "孙",
                               "牛", "朱", "徐", "胡", "高", "罗", "包", "苏", "田", "冯", "蒲", "雷", "安", "曹",
                               "韩", "邓", "石", "潘", "景", "贾", "汪", "谢", "裴", "吕", "姚", "鲁"};
constexpr std::array kFemaleChars{"芳", "娟", "霞", "花", "梅", "兰", "英", "秀", "丽", "燕", "琴", "红", "玲",
                                  "萍", "艳", "凤", "莲", "桂", "珍", "慧", "静", "敏", "春", "彩", "金", "玉",
                                  "翠", "巧", "小", "晓", "亚", "月", "雪", "丹", "娥", "香"};
constexpr std::array kMaleChars{"军", "强", "伟", "刚", "明", "平", "东", "海", "福", "林", "杰", "斌", "鹏",
                                "成", "国", "建", "文", "世", "永", "兴", "宏", "小", "志", "峰"};
// Occupation codes with weights that follow demand: cleaning and care dominate, new trades are rare.
struct Weighted {
  const char* code;
  int weight;
};
constexpr std::array kOccupations{Weighted{"housekeeping", 30}, Weighted{"maternity_care", 14},
                                  Weighted{"infant_care", 12},  Weighted{"elderly_care", 16},
                                  Weighted{"patient_escort", 8}, Weighted{"home_cooking", 9},
                                  Weighted{"organizing", 4},     Weighted{"appliance_repair", 3},
                                  Weighted{"home_decor", 2}};
constexpr std::array kCrossProvinceCities{"天津", "北京", "上海", "厦门", "青岛", "西安", "银川", "深圳"};
constexpr std::array kCompanyWords{"巾帼", "陇原", "安心", "惠民", "阳光", "家和", "康馨", "福瑞", "金牌", "丝路"};
constexpr const char* kUsccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";

class Rng {
 public:
  explicit Rng(uint64_t seed) : gen_(seed) {}
  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(gen_); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(gen_) < p; }
  template <class A>
  const auto& pick(const A& a) {
    return a[static_cast<size_t>(uniform(0, static_cast<int>(std::size(a)) - 1))];
  }
  uint64_t next() { return gen_(); }
  double normal() { return std::normal_distribution<double>(0, 1)(gen_); }

 private:
  std::mt19937_64 gen_;
};

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

std::string random_birth_date(Rng& rng, int this_year) {
  // Ages 20-58, most between 32 and 50, as in the programme's workforce.
  int age = std::clamp(static_cast<int>(std::round(41 + 8 * rng.normal())), 20, 58);
  int year = this_year - age;
  int month = rng.uniform(1, 12);
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int days = kDays[month - 1] + (month == 2 && is_leap(year) ? 1 : 0);
  return fmt::format("{:04}{:02}{:02}", year, month, rng.uniform(1, days));
}

const char* pick_occupation(Rng& rng) {
  int total = 0;
  for (const auto& o : kOccupations) total += o.weight;
  int r = rng.uniform(1, total);
  for (const auto& o : kOccupations) {
    if ((r -= o.weight) <= 0) return o.code;
  }
  return kOccupations[0].code;
}

int pick_level(Rng& rng) {
  int r = rng.uniform(1, 100);
  return r <= 50 ? 1 : r <= 80 ? 2 : r <= 95 ? 3 : 4;
}

std::string make_uscc(Rng& rng, const std::string& county6) {
  std::string s = "92";  // 92: individual businesses; enterprises get 91 below
  s[1] = rng.chance(0.8) ? '1' : '2';
  s += county6;
  for (int i = 0; i < 9; ++i) s += kUsccChars[rng.uniform(0, 30)];
  s += uscc_check_char(s);
  return s;
}

std::string make_public_id(Rng& rng) {
  static constexpr char kAlphabet[] = "23456789abcdefghjkmnpqrstuvwxyz";  // no 0/1/i/l/o: read aloud safely
  std::string s;
  uint64_t v = rng.next();
  for (int i = 0; i < 12; ++i) {
    s += kAlphabet[v % 31];
    v /= 31;
  }
  return s;
}

// From this many workers, a load into PostgreSQL drops the secondary indexes and builds them after.
constexpr int64_t kDeferIndexesFrom = 100000;

struct Account {
  const char* username;
  security::Role role;
  const char* display_name;
  const char* division;
  const char* note;
};

// The demo accounts, one per role (and the task board's department officials). hardening.cpp's demo-data guard
// knows them by demo_usernames().
constexpr Account kAccounts[] = {
    {"admin", security::Role::province_admin, "省级管理员", "62", "省商务厅 province admin"},
    {"dept", security::Role::department, "省人社厅 工作人员", "62", "department official (省人社厅)"},
    // Department officials of the plan's other departments (supervision/measures.hpp): the task board's owners.
    {"commerce", security::Role::department, "省商务厅 工作人员", "62", "department official (省商务厅)"},
    {"agri", security::Role::department, "省农业农村厅 工作人员", "62", "department official (省农业农村厅)"},
    {"lanzhou", security::Role::city_officer, "兰州市 工作人员", "6201", "city officer of 兰州市 (6201)"},
    {"enterprise", security::Role::enterprise, "兰州巾帼家政", "6201", "enterprise (the first demo enterprise)"},
    {"institution", security::Role::institution, "甘肃省家政培训学校", "6201", "training institution"},
    {"worker", security::Role::worker, "家政服务员", "", "worker (the first demo worker)"},
    {"consumer", security::Role::consumer, "消费者", "", "consumer"},
    // Issuers (src/issuers): their health checks and policies count as independent facts.
    {"clinic", security::Role::health_provider, "兰州市第一人民医院体检中心", "6201", "health-check provider (体检机构)"},
    {"insurer", security::Role::insurer, "中国人保财险甘肃分公司", "6201", "insurer (保险机构)"},
};

}  // namespace

std::vector<std::string> demo_usernames() {
  std::vector<std::string> out;
  for (const auto& a : kAccounts) out.emplace_back(a.username);
  return out;
}

std::string make_id_number(const std::string& county6, const std::string& yyyymmdd, int seq) {
  std::string first17 = county6 + yyyymmdd + fmt::format("{:03}", seq);
  return first17 + id_number_check_char(first17);
}

namespace {

// The places and the clock one run draws from.
struct Setting {
  const reference::DivisionCatalog& catalog;
  std::vector<const reference::Division*> counties;
  int this_year;
  std::string now;
};

using Enterprises = std::vector<std::pair<int64_t, std::string>>;  // id, prefecture

// Enterprises: one per 200 workers, at least 6; the first is the demo enterprise account's, in 兰州市.
Enterprises insert_enterprises(db::Connection& conn, const Setting& s, Rng& rng, int64_t workers,
                               DemoReport& report) {
  Enterprises enterprises;
  int64_t n_ent = std::max<int64_t>(6, workers / 200);
  for (int64_t i = 0; i < n_ent; ++i) {
    const reference::Division* county = i == 0 ? s.catalog.find("620102") : rng.pick(s.counties);
    if (!county) county = s.counties.front();
    std::string pref = s.catalog.prefecture_of(county->code);
    const reference::Division* p = s.catalog.find(pref);
    std::string name = fmt::format("{}{}{}家政服务有限公司", p ? p->name.substr(0, p->name.size() - 3) : "",
                                   rng.pick(kCompanyWords), i + 1);
    std::string model = rng.chance(0.5) ? "employee_based" : rng.chance(0.6) ? "intermediary" : "mixed";
    int64_t id = conn.insert(
        "INSERT INTO enterprises (uscc, name, division_code, prefecture_code, model, is_leading, "
        "listing_status, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {make_uscc(rng, county->code), name, county->code, pref, model, int64_t{rng.chance(0.1) ? 1 : 0},
         std::string(rng.chance(0.7) ? "approved" : "applied"), s.now, s.now});
    enterprises.emplace_back(id, pref);
    ++report.enterprises_created;
  }
  return enterprises;
}

// Labour brands and where they recruit.
struct Brand {
  int64_t id;
  std::string home;
};

std::vector<Brand> labour_brands(db::Connection& conn) {
  std::vector<Brand> brands;
  for (const auto& r : conn.query("SELECT id, home_division_code FROM labour_brands ORDER BY id"))
    brands.push_back({r.get_int(0), r.get_text(1)});
  return brands;
}

// The columns of the workers table the generator fills, in the order of draw_worker's row.
const std::vector<std::string> kWorkerColumns = {
    "id", "public_id", "name", "id_number_enc", "id_number_bidx", "id_number_mask", "phone_enc", "phone_bidx",
    "phone_mask", "gender", "birth_date", "native_division_code", "current_division_code", "prefecture_code",
    "poverty_alleviated", "monitored", "relocated", "rural_migrant", "new_entrant", "graduate", "live_in",
    "hours_per_week", "expected_wage", "work_scope", "preferred_cities", "labour_brand_id", "enterprise_id",
    "identity_status", "created_at", "updated_at",
    // The population's 脱贫/监测 flags came from the monitoring list, imported by the officials of
    // each 市州: verified, with an independent assertion per flag (written below).
    "poverty_alleviated_verified", "monitored_verified"};

// Draws one worker into `row` (kWorkerColumns). The draws keep their order: the same seed gives the same
// people.
void draw_worker(Rng& rng, const Setting& s, const std::vector<Brand>& brands, const Enterprises& enterprises,
                 const security::FieldCipher& cipher, std::unordered_set<std::string>& used_ids, int64_t id,
                 db::Params& row) {
  const reference::Division* native = rng.pick(s.counties);
  bool female = rng.chance(0.86);
  std::string birth = random_birth_date(rng, s.this_year);
  std::string id_number;
  do {
    int seq = rng.uniform(0, 499) * 2 + (female ? 0 : 1);  // odd 17th digit = male
    id_number = make_id_number(native->code, birth, seq);
  } while (!used_ids.insert(id_number).second);
  std::string name = rng.pick(kSurnames);
  int given = rng.chance(0.7) ? 2 : 1;
  for (int g = 0; g < given; ++g) name += female ? rng.pick(kFemaleChars) : rng.pick(kMaleChars);
  std::string phone = fmt::format("1{}{}{:08}", rng.pick(std::array{"3", "5", "7", "8", "9"}),
                                  rng.uniform(0, 9), rng.uniform(0, 99999999));
  // Most work where they live; a quarter have moved to another county, often the provincial capital.
  const reference::Division* current = native;
  if (rng.chance(0.25)) current = rng.chance(0.5) ? s.catalog.find("620102") : rng.pick(s.counties);
  std::string pref = s.catalog.prefecture_of(current->code);
  bool poverty = rng.chance(0.38);
  bool monitored = !poverty && rng.chance(0.06);
  int scope_r = rng.uniform(1, 100);
  std::string scope = scope_r <= 30 ? "home_county" : scope_r <= 72 ? "in_province" : "cross_province";
  std::string cities;
  if (scope == "cross_province") {
    cities = rng.pick(kCrossProvinceCities);
    if (rng.chance(0.4)) cities += std::string(";") + rng.pick(kCrossProvinceCities);
  }
  db::Value brand = nullptr;
  for (const auto& b : brands) {
    bool home = b.home.size() > 2 && native->code.rfind(b.home, 0) == 0;
    if ((home && rng.chance(0.45)) || (b.home == "62" && rng.chance(0.08))) {
      brand = b.id;
      break;
    }
  }
  db::Value enterprise = nullptr;
  if (!enterprises.empty() && rng.chance(0.55)) {
    const auto& e =
        enterprises[static_cast<size_t>(rng.uniform(0, static_cast<int>(enterprises.size()) - 1))];
    enterprise = e.first;
  }
  row[0] = id;
  row[1] = make_public_id(rng);
  row[2] = name;
  row[3] = cipher.encrypt(id_number, "workers.id_number");
  row[4] = cipher.blind_index(id_number, "workers.id_number");
  row[5] = security::mask_id_number(id_number);
  row[6] = cipher.encrypt(phone, "workers.phone");
  row[7] = cipher.blind_index(phone, "workers.phone");
  row[8] = security::mask_phone(phone);
  row[9] = std::string(female ? "F" : "M");
  row[10] = fmt::format("{}-{}-{}", birth.substr(0, 4), birth.substr(4, 2), birth.substr(6, 2));
  row[11] = native->code;
  row[12] = current->code;
  row[13] = pref;
  row[14] = int64_t{poverty};
  row[15] = int64_t{monitored};
  row[16] = int64_t{rng.chance(0.08)};
  row[17] = int64_t{rng.chance(0.6)};
  row[18] = int64_t{rng.chance(0.08)};
  row[19] = int64_t{rng.chance(0.05)};
  row[20] = int64_t{rng.chance(0.3)};
  row[21] = int64_t{rng.chance(0.7) ? 40 : rng.uniform(12, 36)};
  row[22] = int64_t{rng.uniform(25, 80) * 100};
  row[23] = scope;
  row[24] = cities;
  row[25] = brand;
  row[26] = enterprise;
  row[27] = std::string(rng.chance(0.72) ? "verified" : "unverified");
  row[28] = s.now;
  row[29] = s.now;
  row[30] = int64_t{poverty};
  row[31] = int64_t{monitored};
}

// One to three distinct occupations of worker `id`, with their levels.
void draw_occupations(Rng& rng, db::BulkLoad& load, size_t occupations_table, int64_t id) {
  int n_occ = rng.chance(0.55) ? 1 : rng.chance(0.7) ? 2 : 3;
  std::array<const char*, 3> chosen{};
  for (int k = 0; k < n_occ; ++k) {
    const char* occ = pick_occupation(rng);
    if (std::find(chosen.begin(), chosen.begin() + k, occ) != chosen.begin() + k) continue;
    chosen[k] = occ;
    load.add(occupations_table, {id, std::string(occ), int64_t{pick_level(rng)}});
  }
}

// After the rows: the flags' assertions, PostgreSQL's sequence and, after a large load, the planner's
// statistics.
void finish_worker_load(db::Connection& conn, const std::string& now, bool analyze) {
  // The flags' independent assertions (registry/flag_provenance.hpp), one row per flag.
  for (const char* flag : {"poverty_alleviated", "monitored"}) {
    conn.exec(
        fmt::format(
            "INSERT INTO worker_flag_assertions (worker_id, flag, value, independent, asserted_by, "
            "asserted_role, "
            "asserted_organisation, via, evidence, at) SELECT w.id, '{0}', 1, 1, CAST(NULL AS BIGINT), "
            "'city_officer', "
            "COALESCE(d.name, '') || '主管部门', 'import', '防返贫监测名单（演示数据）', CAST(? AS TEXT) "
            "FROM workers w LEFT JOIN divisions d ON d.code = w.prefecture_code WHERE w.{0} = 1",
            flag),
        {now});
  }
  // Ids were given explicitly (for speed): move PostgreSQL's sequence past them so later inserts do not
  // collide.
  if (conn.dialect() == db::Dialect::postgres)
    conn.query(
        "SELECT setval(pg_get_serial_sequence('workers', 'id'), GREATEST((SELECT COALESCE(MAX(id), 1) FROM "
        "workers), "
        "(SELECT last_value FROM workers_id_seq)))");             // forward only, never back
  if (analyze) conn.exec("ANALYZE workers, worker_occupations");  // the planner's statistics after the load
}

// The workers and their occupations; returns the first new worker's id.
std::optional<int64_t> load_workers(db::Connection& conn, const security::FieldCipher& cipher,
                                    const Setting& s, Rng& rng, const DemoOptions& opts,
                                    const Enterprises& enterprises, DemoReport& report) {
  auto brands = labour_brands(conn);
  // Rows go through BulkLoad: COPY on PostgreSQL (a round trip per few megabytes, not per row), a prepared
  // INSERT on SQLite. A large load into PostgreSQL builds the secondary indexes once at the end.
  std::optional<db::DeferredIndexes> deferred;
  if (conn.dialect() == db::Dialect::postgres && opts.workers >= kDeferIndexesFrom)
    deferred.emplace(conn, std::vector<std::string>{"workers", "worker_occupations"});
  db::BulkLoad load(conn);
  const size_t workers_table = load.add_table("workers", kWorkerColumns);
  const size_t occupations_table =
      load.add_table("worker_occupations", {"worker_id", "occupation_code", "level"});
  int64_t next_id = conn.query("SELECT COALESCE(MAX(id), 0) FROM workers")[0].get_int(0) + 1;
  std::optional<int64_t> first_worker;
  std::unordered_set<std::string> used_ids;
  used_ids.reserve(static_cast<size_t>(opts.workers) * 2);
  db::Params row(kWorkerColumns.size());
  for (int64_t i = 0; i < opts.workers; ++i) {
    int64_t id = next_id++;
    draw_worker(rng, s, brands, enterprises, cipher, used_ids, id, row);
    load.add(workers_table, row);
    draw_occupations(rng, load, occupations_table, id);
    if (!first_worker) first_worker = id;
    ++report.workers_created;
    if (opts.progress && (i + 1) % 50000 == 0) opts.progress(i + 1, opts.workers);
  }
  load.flush();
  if (deferred) deferred->rebuild();
  if (opts.progress) opts.progress(opts.workers, opts.workers);
  finish_worker_load(conn, s.now, deferred.has_value());
  return first_worker;
}

// Demo accounts, one per role (kept if they exist).
void add_demo_accounts(db::Connection& conn, std::optional<int64_t> first_worker, DemoReport& report) {
  std::optional<int64_t> demo_enterprise;
  if (auto r = conn.query("SELECT MIN(id) FROM enterprises"); !r.empty()) demo_enterprise = r[0].opt_int(0);

  accounts::Store store(conn);
  std::string password_hash;
  for (const auto& a : kAccounts) {
    report.accounts.push_back({a.username, std::string(security::role_name(a.role)), a.note});
    if (store.find_user_by_name(a.username)) continue;
    if (password_hash.empty()) password_hash = security::hash_password(kDemoPassword);
    accounts::NewUser u;
    u.username = a.username;
    u.role = a.role;
    u.display_name = a.display_name;
    u.division_code = a.division;
    // A department official's department is the first word of her display name, as the plan names it.
    if (a.role == security::Role::department) u.department = std::string(a.display_name).substr(0, std::string(a.display_name).find(' '));
    if (a.role == security::Role::enterprise) u.enterprise_id = demo_enterprise;
    if (a.role == security::Role::worker) u.worker_id = first_worker;
    if (a.role == security::Role::health_provider || a.role == security::Role::insurer) {
      std::string type(security::role_name(a.role));
      auto found = conn.query("SELECT id FROM issuers WHERE type = ? AND name = ?",
                              {type, std::string(a.display_name)});
      u.issuer_id = !found.empty()
                        ? found[0].get_int(0)
                        : conn.insert(
                              "INSERT INTO issuers (type, name, uscc, division_code, created_at) "
                              "VALUES (?, ?, '', ?, ?)",
                              {type, std::string(a.display_name), std::string(a.division), now_utc()});
    }
    store.insert_user(u, password_hash);
  }
}

}  // namespace

DemoReport generate_demo_data(db::Database& db, const security::FieldCipher& cipher,
                              const DemoOptions& opts) {
  DemoReport report;
  Rng rng(opts.seed);
  auto conn = db.acquire();
  auto catalog = reference::DivisionCatalog::load(*conn);
  Setting s{catalog, catalog.counties(), std::stoi(today_utc().substr(0, 4)), now_utc()};
  if (s.counties.empty()) throw std::runtime_error("no counties loaded: run migrations first");

  bool present = conn->query("SELECT COUNT(*) FROM workers")[0].get_int(0) > 0;
  db::Transaction tx(*conn, true);
  Enterprises enterprises;
  if (!present || !opts.skip_if_present)
    enterprises = insert_enterprises(*conn, s, rng, opts.workers, report);
  std::optional<int64_t> first_worker;
  if (present && opts.skip_if_present) {
    report.skipped = true;
    auto r = conn->query("SELECT MIN(id) FROM workers");
    first_worker = r[0].opt_int(0);
  } else {
    first_worker = load_workers(*conn, cipher, s, rng, opts, enterprises, report);
  }
  add_demo_accounts(*conn, first_worker, report);
  supervision::seed_demo_tasks(*conn, now_utc());  // the thirteen measures' task board (kept if any exist)
  tx.commit();
  return report;
}

}  // namespace jz::app
