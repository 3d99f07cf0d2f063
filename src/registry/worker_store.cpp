#include "registry/worker_store.hpp"

#include "db/query.hpp"

#include <fmt/format.h>

#include <map>

namespace jz::registry::worker_store {
namespace {

template <class T>
db::Value opt_value(const std::optional<T>& v) { return db::opt(v); }

using db::like_escape;

constexpr const char* kWorkerColumns =
    "w.id, w.public_id, w.name, w.id_number_mask, w.phone_mask, w.gender, w.birth_date, w.native_division_code, "
    "w.current_division_code, w.prefecture_code, w.poverty_alleviated, w.monitored, w.relocated, w.rural_migrant, "
    "w.new_entrant, w.graduate, w.live_in, w.hours_per_week, w.expected_wage, w.work_scope, w.preferred_cities, "
    "w.labour_brand_id, w.enterprise_id, b.code, b.name, e.name, w.identity_status, w.created_at, w.updated_at, "
    "CASE WHEN EXISTS (SELECT 1 FROM worker_photos p WHERE p.worker_id = w.id) THEN 1 ELSE 0 END";
constexpr const char* kWorkerFrom =
    " FROM workers w LEFT JOIN labour_brands b ON b.id = w.labour_brand_id LEFT JOIN enterprises e ON e.id = "
    "w.enterprise_id";

WorkerRecord worker_from(const db::Row& r) {
  WorkerRecord w;
  w.id = r.get_int(0);
  w.public_id = r.get_text(1);
  w.name = r.get_text(2);
  w.id_number_mask = r.get_text(3);
  w.phone_mask = r.opt_text(4);
  w.gender = r.get_text(5);
  w.birth_date = r.get_text(6);
  w.native_division_code = r.get_text(7);
  w.current_division_code = r.get_text(8);
  w.prefecture_code = r.get_text(9);
  for (size_t i = 0; i < 6; ++i)
    if (r.get_bool(10 + i)) w.flags.emplace_back(kWorkerFlags[i]);
  w.live_in = r.get_bool(16);
  w.hours_per_week = r.get_int(17);
  w.expected_wage = r.get_int(18);
  w.work_scope = r.get_text(19);
  w.preferred_cities = r.get_text(20);
  w.labour_brand_id = r.opt_int(21);
  w.enterprise_id = r.opt_int(22);
  w.labour_brand_code = r.get_text(23);
  w.labour_brand_name = r.get_text(24);
  w.enterprise_name = r.get_text(25);
  w.identity_status = r.get_text(26);
  w.created_at = r.get_text(27);
  w.updated_at = r.get_text(28);
  w.has_photo = r.get_bool(29);
  return w;
}

}  // namespace

std::set<std::string> occupation_codes(db::Connection& conn) {
  std::set<std::string> out;
  for (const auto& r : conn.query("SELECT code FROM occupations")) out.insert(r.get_text(0));
  return out;
}

std::vector<BrandKey> brand_keys(db::Connection& conn) {
  std::vector<BrandKey> out;
  for (const auto& r : conn.query("SELECT id, code, name FROM labour_brands ORDER BY id"))
    out.push_back({r.get_int(0), r.get_text(1), r.get_text(2)});
  return out;
}

bool enterprise_exists(db::Connection& conn, int64_t id) {
  return !conn.query("SELECT id FROM enterprises WHERE id = ?", {id}).empty();
}

std::optional<int64_t> find_by_id_index(db::Connection& conn, const db::Blob& bidx) {
  auto rows = conn.query("SELECT id FROM workers WHERE id_number_bidx = ?", {bidx});
  if (rows.empty()) return std::nullopt;
  return rows[0].get_int(0);
}

bool public_id_taken(db::Connection& conn, const std::string& public_id) {
  return !conn.query("SELECT id FROM workers WHERE public_id = ?", {public_id}).empty();
}

int64_t insert_worker(db::Connection& conn, const NewWorkerRow& row) {
  const ValidatedWorker& w = *row.w;
  // No sequence catch-up here: a catch-up racing another insert could move the sequence back under it and
  // hand out an id twice (409 on workers_pkey). The bulk loaders that insert explicit ids (demo data, the
  // import's batch writer) move the sequence forward themselves, under a table lock, and never back.
  int64_t id = conn.insert(
      "INSERT INTO workers (public_id, name, id_number_enc, id_number_bidx, id_number_mask, phone_enc, phone_bidx, "
      "phone_mask, gender, birth_date, native_division_code, current_division_code, prefecture_code, "
      "poverty_alleviated, monitored, relocated, rural_migrant, new_entrant, graduate, live_in, hours_per_week, "
      "expected_wage, work_scope, preferred_cities, labour_brand_id, enterprise_id, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {row.public_id, w.name, row.id_number_enc, row.id_number_bidx, row.id_number_mask, opt_value(row.phone_enc),
       opt_value(row.phone_bidx), opt_value(row.phone_mask), std::string(1, w.gender), w.birth_date,
       w.native_division_code, w.current_division_code, w.prefecture_code, int64_t{w.poverty_alleviated},
       int64_t{w.monitored}, int64_t{w.relocated}, int64_t{w.rural_migrant}, int64_t{w.new_entrant},
       int64_t{w.graduate}, int64_t{w.live_in}, int64_t{w.hours_per_week}, int64_t{w.expected_wage}, w.work_scope,
       w.preferred_cities, opt_value(w.labour_brand_id), opt_value(w.enterprise_id), row.now, row.now});
  for (const auto& [code, level] : w.occupations)
    conn.exec("INSERT INTO worker_occupations (worker_id, occupation_code, level) VALUES (?, ?, ?)",
              {id, code, int64_t{level}});
  return id;
}

std::optional<WorkerRecord> find_worker(db::Connection& conn, int64_t id) {
  auto rows = conn.query(std::string("SELECT ") + kWorkerColumns + kWorkerFrom + " WHERE w.id = ?", {id});
  if (rows.empty()) return std::nullopt;
  WorkerRecord w = worker_from(rows[0]);
  for (const auto& r : conn.query(
           "SELECT occupation_code, level FROM worker_occupations WHERE worker_id = ? ORDER BY occupation_code", {id}))
    w.occupations.emplace_back(r.get_text(0), static_cast<int>(r.get_int(1)));
  for (const auto& r : conn.query("SELECT t.id, t.name FROM transfer_base_workers m JOIN transfer_bases t ON t.id = "
                                  "m.base_id WHERE m.worker_id = ? ORDER BY t.id",
                                  {id}))
    w.transfer_bases.emplace_back(r.get_int(0), r.get_text(1));
  for (const auto& r : conn.query("SELECT s.id, s.name FROM service_point_workers m JOIN service_points s ON s.id = "
                                  "m.point_id WHERE m.worker_id = ? ORDER BY s.id",
                                  {id}))
    w.service_points.emplace_back(r.get_int(0), r.get_text(1));
  return w;
}

std::optional<int64_t> worker_id_by_public_id(db::Connection& conn, const std::string& public_id) {
  auto rows = conn.query("SELECT id FROM workers WHERE public_id = ?", {public_id});
  if (rows.empty()) return std::nullopt;
  return rows[0].get_int(0);
}

PageOf<WorkerRecord> list_workers(db::Connection& conn, const WorkerFilter& f, const ScopeFilter& scope,
                                  const Page& page) {
  PageOf<WorkerRecord> out;
  if (scope.none) return out;
  std::string where = " WHERE 1 = 1";
  db::Params params;
  auto add = [&](const std::string& condition, db::Value v) {
    where += " AND " + condition;
    params.push_back(std::move(v));
  };
  if (!f.prefecture.empty()) add("w.prefecture_code = ?", f.prefecture);
  if (!f.county.empty()) add("w.current_division_code = ?", f.county);
  if (!f.occupation.empty())
    add("EXISTS (SELECT 1 FROM worker_occupations o WHERE o.worker_id = w.id AND o.occupation_code = ?)", f.occupation);
  if (!f.flag.empty()) {
    // The column name comes from the fixed list of flags, never from the request.
    for (const char* flag : kWorkerFlags)
      if (f.flag == flag) where += fmt::format(" AND w.{} = 1", flag);
  }
  if (!f.gender.empty()) add("w.gender = ?", f.gender);
  if (!f.q.empty() && !f.id_number_bidx) add("w.name LIKE ? ESCAPE '\\'", like_escape(f.q) + "%");
  if (f.id_number_bidx) add("w.id_number_bidx = ?", db::Blob(f.id_number_bidx->begin(), f.id_number_bidx->end()));
  if (f.enterprise_id) add("w.enterprise_id = ?", *f.enterprise_id);
  if (f.labour_brand_id) add("w.labour_brand_id = ?", *f.labour_brand_id);
  if (f.member_of) {
    if (f.member_of->first == UnitKind::transfer_base)
      add("EXISTS (SELECT 1 FROM transfer_base_workers m WHERE m.worker_id = w.id AND m.base_id = ?)",
          f.member_of->second);
    else
      add("EXISTS (SELECT 1 FROM service_point_workers m WHERE m.worker_id = w.id AND m.point_id = ?)",
          f.member_of->second);
  }
  where += scope.sql;
  for (const auto& p : scope.params) params.push_back(p);

  out.total = conn.query("SELECT COUNT(*) FROM workers w" + where, params)[0].get_int(0);
  params.emplace_back(int64_t{page.page_size});
  params.emplace_back(page.offset());
  for (const auto& r :
       conn.query(std::string("SELECT ") + kWorkerColumns + kWorkerFrom + where + " ORDER BY w.id LIMIT ? OFFSET ?",
                  params))
    out.items.push_back(worker_from(r));
  if (out.items.empty()) return out;

  std::string marks;
  db::Params ids;
  for (const auto& w : out.items) {
    marks += marks.empty() ? "?" : ", ?";
    ids.emplace_back(w.id);
  }
  std::map<int64_t, WorkerRecord*> by_id;
  for (auto& w : out.items) by_id[w.id] = &w;
  for (const auto& r : conn.query("SELECT worker_id, occupation_code, level FROM worker_occupations WHERE worker_id "
                                  "IN (" + marks + ") ORDER BY worker_id, occupation_code",
                                  ids))
    by_id[r.get_int(0)]->occupations.emplace_back(r.get_text(1), static_cast<int>(r.get_int(2)));
  return out;
}

std::optional<WorkerSecrets> load_secrets(db::Connection& conn, int64_t id) {
  auto rows = conn.query("SELECT id_number_enc, phone_enc FROM workers WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  WorkerSecrets s;
  s.id_number_enc = rows[0].get_blob(0);
  if (!rows[0].is_null(1)) s.phone_enc = rows[0].get_blob(1);
  return s;
}

void update_worker(db::Connection& conn, int64_t id, const ValidatedWorker& w, const std::optional<PhoneColumns>& phone,
                   const std::string& now) {
  std::string sets =
      "name = ?, current_division_code = ?, prefecture_code = ?, poverty_alleviated = ?, monitored = ?, relocated = ?, "
      "rural_migrant = ?, new_entrant = ?, graduate = ?, live_in = ?, hours_per_week = ?, expected_wage = ?, "
      "work_scope = ?, preferred_cities = ?, labour_brand_id = ?, enterprise_id = ?, updated_at = ?";
  db::Params params{w.name,
                    w.current_division_code,
                    w.prefecture_code,
                    int64_t{w.poverty_alleviated},
                    int64_t{w.monitored},
                    int64_t{w.relocated},
                    int64_t{w.rural_migrant},
                    int64_t{w.new_entrant},
                    int64_t{w.graduate},
                    int64_t{w.live_in},
                    int64_t{w.hours_per_week},
                    int64_t{w.expected_wage},
                    w.work_scope,
                    w.preferred_cities,
                    opt_value(w.labour_brand_id),
                    opt_value(w.enterprise_id),
                    now};
  if (phone) {
    sets += ", phone_enc = ?, phone_bidx = ?, phone_mask = ?";
    params.push_back(opt_value(phone->enc));
    params.push_back(opt_value(phone->bidx));
    params.push_back(opt_value(phone->mask));
  }
  params.emplace_back(id);
  conn.exec("UPDATE workers SET " + sets + " WHERE id = ?", params);
  conn.exec("DELETE FROM worker_occupations WHERE worker_id = ?", {id});
  for (const auto& [code, level] : w.occupations)
    conn.exec("INSERT INTO worker_occupations (worker_id, occupation_code, level) VALUES (?, ?, ?)",
              {id, code, int64_t{level}});
}

void put_photo(db::Connection& conn, int64_t worker_id, const std::string& content_type, const std::string& data,
               const std::string& sha256, const std::string& now) {
  conn.exec("DELETE FROM worker_photos WHERE worker_id = ?", {worker_id});
  conn.exec("INSERT INTO worker_photos (worker_id, content_type, data, sha256, updated_at) VALUES (?, ?, ?, ?, ?)",
            {worker_id, content_type, db::Blob(data.begin(), data.end()), sha256, now});
}

bool reset_verified_identity(db::Connection& conn, int64_t worker_id, const std::string& now) {
  return conn.exec("UPDATE workers SET identity_status = 'pending', updated_at = ? WHERE id = ? AND "
                   "identity_status = 'verified'",
                   {now, worker_id}) > 0;
}

std::optional<Photo> get_photo(db::Connection& conn, int64_t worker_id) {
  auto rows = conn.query("SELECT content_type, data, updated_at FROM worker_photos WHERE worker_id = ?", {worker_id});
  if (rows.empty()) return std::nullopt;
  db::Blob data = rows[0].get_blob(1);
  return Photo{rows[0].get_text(0), std::string(data.begin(), data.end()), rows[0].get_text(2)};
}

namespace {
// The column of a flag: one of a fixed pair, never a name from a request.
std::string flag_column(const std::string& flag) {
  return flag == "monitored" ? "monitored" : "poverty_alleviated";
}
}  // namespace

void insert_flag_assertion(db::Connection& conn, const FlagAssertionRow& row) {
  const FlagAsserter& a = *row.by;
  conn.exec(
      "INSERT INTO worker_flag_assertions (worker_id, flag, value, independent, asserted_by, asserted_role, "
      "asserted_organisation, via, evidence, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {row.worker_id, flag_column(row.flag), int64_t{row.value ? 1 : 0}, int64_t{row.independent ? 1 : 0},
       a.user_id ? db::Value(*a.user_id) : db::Value(nullptr), std::string(security::role_name(a.role)),
       a.organisation, row.via, row.evidence, row.at});
}

void set_flag(db::Connection& conn, int64_t worker_id, const std::string& flag, bool value, bool verified,
              const std::string& now) {
  const std::string column = flag_column(flag);
  conn.exec("UPDATE workers SET " + column + " = ?, " + column + "_verified = ?, updated_at = ? WHERE id = ?",
            {int64_t{value ? 1 : 0}, int64_t{verified ? 1 : 0}, now, worker_id});
}

void set_flag_verified(db::Connection& conn, int64_t worker_id, const std::string& flag, bool verified) {
  conn.exec("UPDATE workers SET " + flag_column(flag) + "_verified = ? WHERE id = ?",
            {int64_t{verified ? 1 : 0}, worker_id});
}

std::vector<FlagAssertion> flag_assertions(db::Connection& conn, int64_t worker_id) {
  std::vector<FlagAssertion> out;
  for (const auto& r : conn.query(
           "SELECT id, flag, value, independent, asserted_role, asserted_organisation, via, evidence, at "
           "FROM worker_flag_assertions WHERE worker_id = ? ORDER BY id DESC LIMIT 100",
           {worker_id}))
    out.push_back({r.get_int(0), r.get_text(1), r.get_bool(2), r.get_bool(3), r.get_text(4), r.get_text(5),
                   r.get_text(6), r.get_text(7), r.get_text(8)});
  return out;
}

FlagValues flags_verified(db::Connection& conn, int64_t worker_id) {
  auto rows = conn.query("SELECT poverty_alleviated_verified, monitored_verified FROM workers WHERE id = ?",
                         {worker_id});
  if (rows.empty()) return {};
  return {rows[0].get_bool(0), rows[0].get_bool(1)};
}

}  // namespace jz::registry::worker_store
