#include "registry/import_store.hpp"

#include "db/bulk.hpp"
#include "db/query.hpp"
#include "credit/provenance.hpp"

#include "security/masking.hpp"

namespace jz::registry {
namespace {

constexpr char kPublicIdAlphabet[] = "23456789abcdefghjkmnpqrstuvwxyz";  // as new_public_id(): no 0/1/i/l/o

template <class T>
db::Value opt_value(const std::optional<T>& v) { return db::opt(v); }

// SQLite's page cache for the duration of a bulk write: the unique index on the ID number's blind index is
// written in random order, and with the default 32 MB cache a million rows spill to the WAL again and again.
constexpr const char* kBulkCache = "PRAGMA cache_size=-524288";  // 512 MB
constexpr const char* kNormalCache = "PRAGMA cache_size=-32000";  // the connection's default (sqlite_database.cpp)

}  // namespace

std::vector<OccupationName> occupation_names(db::Connection& conn) {
  std::vector<OccupationName> out;
  for (const auto& r : conn.query("SELECT code, name_zh, name_en FROM occupations ORDER BY code"))
    out.push_back({r.get_text(0), r.get_text(1), r.get_text(2)});
  return out;
}

std::optional<std::string> enterprise_prefecture(db::Connection& conn, int64_t id) {
  auto rows = conn.query("SELECT prefecture_code FROM enterprises WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return rows[0].get_text(0);
}

std::string public_id_from_bits(uint64_t bits) {
  // 12 characters of a 31-letter alphabet from 64 random bits (31^12 < 2^64; the bias is far below what
  // matters for an identifier that is not a secret).
  std::string s(12, '2');
  for (char& c : s) {
    c = kPublicIdAlphabet[bits % 31];
    bits /= 31;
  }
  return s;
}

EncryptedWorker encrypt_worker(const security::FieldCipher& cipher, const ValidatedWorker& w, db::Blob id_number_bidx,
                               std::string public_id) {
  EncryptedWorker e;
  e.public_id = std::move(public_id);
  e.id_number_enc = cipher.encrypt(w.id_number, "workers.id_number");
  e.id_number_bidx = std::move(id_number_bidx);
  e.id_number_mask = security::mask_id_number(w.id_number);
  if (!w.phone.empty()) {
    e.phone_enc = cipher.encrypt(w.phone, "workers.phone");
    e.phone_bidx = cipher.blind_index(w.phone, "workers.phone");
    e.phone_mask = security::mask_phone(w.phone);
  }
  return e;
}

std::vector<bool> WorkerBatchWriter::existing(db::Connection& conn, std::span<const db::Blob> bidx) {
  std::vector<bool> out(bidx.size(), false);
  constexpr size_t kBatch = 500;
  // Positions by blind index, to map the found ones back.
  for (size_t start = 0; start < bidx.size(); start += kBatch) {
    size_t n = std::min(kBatch, bidx.size() - start);
    std::string sql = "SELECT id_number_bidx FROM workers WHERE id_number_bidx IN (";
    db::Params params;
    params.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      sql += i ? ", ?" : "?";
      params.emplace_back(bidx[start + i]);
    }
    sql += ")";
    auto rows = conn.query(sql, params);
    if (rows.empty()) continue;
    for (const auto& r : rows) {
      db::Blob found = r.get_blob(0);
      for (size_t i = 0; i < n; ++i)
        if (bidx[start + i] == found) out[start + i] = true;
    }
  }
  return out;
}

WorkerBatchWriter::WorkerBatchWriter(db::Connection& conn) : conn_(conn), row_(31) {
  if (conn_.dialect() == db::Dialect::postgres) {
    // Other writers wait until this import commits; readers are not blocked (EXCLUSIVE allows ACCESS SHARE).
    conn_.exec("LOCK TABLE workers IN EXCLUSIVE MODE");
  } else {
    conn_.exec_script(kBulkCache);
  }
  next_id_ = conn_.query("SELECT COALESCE(MAX(id), 0) FROM workers")[0].get_int(0) + 1;
  // COPY on PostgreSQL, a prepared INSERT on SQLite (db::BulkLoad); parents first.
  load_ = std::make_unique<db::BulkLoad>(conn_);
  workers_ = load_->add_table(
      "workers", {"id", "public_id", "name", "id_number_enc", "id_number_bidx", "id_number_mask", "phone_enc",
                  "phone_bidx", "phone_mask", "gender", "birth_date", "native_division_code", "current_division_code",
                  "prefecture_code", "poverty_alleviated", "monitored", "relocated", "rural_migrant", "new_entrant",
                  "graduate", "live_in", "hours_per_week", "expected_wage", "work_scope", "preferred_cities",
                  "labour_brand_id", "enterprise_id", "created_at", "updated_at", "poverty_alleviated_verified",
                  "monitored_verified"});
  occupations_ = load_->add_table("worker_occupations", {"worker_id", "occupation_code", "level"});
  assertions_ = load_->add_table("worker_flag_assertions",
                                 {"worker_id", "flag", "value", "independent", "asserted_by", "asserted_role",
                                  "asserted_organisation", "via", "evidence", "at"});
}

WorkerBatchWriter::~WorkerBatchWriter() {
  if (conn_.dialect() == db::Dialect::sqlite) {
    try {
      conn_.exec_script(kNormalCache);
    } catch (...) {
    }
  }
}

void WorkerBatchWriter::begin_bulk() {
  if (conn_.dialect() != db::Dialect::sqlite || !dropped_indexes_.empty()) return;
  // Indexes with SQL are the migrations' CREATE INDEX statements; UNIQUE constraints (sql IS NULL) stay.
  // Only indexes whose keys arrive in random order are dropped and rebuilt once at the end (names, phone
  // blind indexes). Those on a few repeated values (市州, enterprise, brand, occupation, the import's own
  // timestamp) stay live: each new row lands at the end of its value's run, pages the cache already holds,
  // which costs less than sorting the whole table again.
  auto rows = conn_.query(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('workers', 'worker_occupations') "
      "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' AND (sql LIKE '%(name%' OR sql LIKE '%phone%') "
      "ORDER BY name");
  for (const auto& r : rows) {
    dropped_indexes_.push_back(r.get_text(1));
    conn_.exec("DROP INDEX \"" + r.get_text(0) + "\"");  // names come from sqlite_master, not from a request
  }
}

int64_t WorkerBatchWriter::insert(const ValidatedWorker& w, const EncryptedWorker& e, const std::string& now) {
  int64_t id = next_id_++;
  used_ = true;
  row_[0] = id;
  row_[1] = e.public_id;
  row_[2] = w.name;
  row_[3] = e.id_number_enc;
  row_[4] = e.id_number_bidx;
  row_[5] = e.id_number_mask;
  row_[6] = opt_value(e.phone_enc);
  row_[7] = opt_value(e.phone_bidx);
  row_[8] = opt_value(e.phone_mask);
  row_[9] = std::string(1, w.gender);
  row_[10] = w.birth_date;
  row_[11] = w.native_division_code;
  row_[12] = w.current_division_code;
  row_[13] = w.prefecture_code;
  row_[14] = int64_t{w.poverty_alleviated};
  row_[15] = int64_t{w.monitored};
  row_[16] = int64_t{w.relocated};
  row_[17] = int64_t{w.rural_migrant};
  row_[18] = int64_t{w.new_entrant};
  row_[19] = int64_t{w.graduate};
  row_[20] = int64_t{w.live_in};
  row_[21] = int64_t{w.hours_per_week};
  row_[22] = int64_t{w.expected_wage};
  row_[23] = w.work_scope;
  row_[24] = w.preferred_cities;
  row_[25] = opt_value(w.labour_brand_id);
  row_[26] = opt_value(w.enterprise_id);
  row_[27] = now;
  row_[28] = now;
  // Who asserted her 脱贫/监测 flags (registry/flag_provenance.hpp): independent only from an official.
  const bool independent =
      asserter_ && credit::flag_assertion_independent(asserter_->role, asserter_->division_code, w.prefecture_code);
  row_[29] = int64_t{w.poverty_alleviated && independent};
  row_[30] = int64_t{w.monitored && independent};
  load_->add(workers_, row_);
  for (const auto& [code, level] : w.occupations) load_->add(occupations_, {id, code, int64_t{level}});
  if (asserter_)
    for (auto [flag, set] : {std::pair{"poverty_alleviated", w.poverty_alleviated}, std::pair{"monitored", w.monitored}})
      if (set)
        load_->add(assertions_, {id, std::string(flag), int64_t{1}, int64_t{independent},
                                 asserter_->user_id ? db::Value(*asserter_->user_id) : db::Value(nullptr),
                                 std::string(security::role_name(asserter_->role)), asserter_->organisation,
                                 std::string("import"), std::string(), now});
  return id;
}

void WorkerBatchWriter::finish() {
  load_->flush();
  for (const auto& sql : dropped_indexes_) conn_.exec(sql);
  dropped_indexes_.clear();
  if (used_ && conn_.dialect() == db::Dialect::postgres)
    conn_.query(
        "SELECT setval(pg_get_serial_sequence('workers', 'id'), GREATEST((SELECT COALESCE(MAX(id), 1) FROM workers), "
        "(SELECT last_value FROM workers_id_seq)))");  // forward only, never back
}

}  // namespace jz::registry
