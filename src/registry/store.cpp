#include "registry/store.hpp"

#include "db/query.hpp"

#include <fmt/format.h>

namespace jz::registry::store {
namespace {

template <class T>
db::Value opt_value(const std::optional<T>& v) { return db::opt(v); }

using db::like_escape;

std::vector<std::string> split_semicolons(const std::string& list) { return db::split_list(list); }
std::string join_semicolons(const std::vector<std::string>& items) { return db::join_list(items); }

// A WHERE clause under construction: conditions joined with AND, parameters in order.
struct Where {
  std::string sql = " WHERE 1 = 1";
  db::Params params;
  void add(const std::string& condition, db::Value v) {
    sql += " AND " + condition;
    params.push_back(std::move(v));
  }
};

constexpr const char* kEnterpriseColumns =
    "e.id, e.uscc, e.uscc_check_ok, e.held_for_review, e.name, e.division_code, e.prefecture_code, e.model, "
    "e.is_leading, e.listing_status, e.address, e.created_at, e.updated_at";

Enterprise enterprise_from(const db::Row& r) {
  Enterprise e;
  e.id = r.get_int(0);
  e.uscc = r.get_text(1);
  e.uscc_check_ok = r.get_bool(2);
  e.held_for_review = r.get_bool(3);
  e.name = r.get_text(4);
  e.division_code = r.get_text(5);
  e.prefecture_code = r.get_text(6);
  e.model = r.get_text(7);
  e.is_leading = r.get_bool(8);
  e.listing_status = r.get_text(9);
  e.address = r.get_text(10);
  e.created_at = r.get_text(11);
  e.updated_at = r.get_text(12);
  return e;
}

void set_enterprise_occupations(db::Connection& conn, int64_t id, const std::vector<std::string>& codes) {
  conn.exec("DELETE FROM enterprise_occupations WHERE enterprise_id = ?", {id});
  for (const auto& code : codes)
    conn.exec("INSERT INTO enterprise_occupations (enterprise_id, occupation_code) VALUES (?, ?)", {id, code});
}

PageOf<Enterprise> page_of_enterprises(db::Connection& conn, Where& w, const Page& page) {
  PageOf<Enterprise> out;
  out.total = conn.query("SELECT COUNT(*) FROM enterprises e" + w.sql, w.params)[0].get_int(0);
  db::Params params = w.params;
  params.emplace_back(int64_t{page.page_size});
  params.emplace_back(page.offset());
  for (const auto& r : conn.query(std::string("SELECT ") + kEnterpriseColumns + " FROM enterprises e" + w.sql +
                                      " ORDER BY e.id LIMIT ? OFFSET ?",
                                  params))
    out.items.push_back(enterprise_from(r));
  return out;
}

void enterprise_filter_where(const EnterpriseFilter& f, Where& w) {
  if (!f.prefecture.empty()) w.add("e.prefecture_code = ?", f.prefecture);
  if (!f.county.empty()) w.add("e.division_code = ?", f.county);
  if (!f.model.empty()) w.add("e.model = ?", f.model);
  if (!f.listing_status.empty()) w.add("e.listing_status = ?", f.listing_status);
  if (!f.q.empty()) w.add("e.name LIKE ? ESCAPE '\\'", "%" + like_escape(f.q) + "%");
  if (f.only_id) w.add("e.id = ?", *f.only_id);
}

}  // namespace

// ---- Enterprises ----

std::optional<Enterprise> find_enterprise(db::Connection& conn, int64_t id) {
  auto rows = conn.query(std::string("SELECT ") + kEnterpriseColumns + " FROM enterprises e WHERE e.id = ?", {id});
  if (rows.empty()) return std::nullopt;
  Enterprise e = enterprise_from(rows[0]);
  for (const auto& r : conn.query(
           "SELECT occupation_code FROM enterprise_occupations WHERE enterprise_id = ? ORDER BY occupation_code", {id}))
    e.occupations.push_back(r.get_text(0));
  for (const auto& r : conn.query("SELECT b.id, b.code, b.name FROM enterprise_brands m JOIN labour_brands b ON "
                                  "b.id = m.labour_brand_id WHERE m.enterprise_id = ? ORDER BY b.id",
                                  {id}))
    e.brands.push_back({r.get_int(0), r.get_text(1), r.get_text(2)});
  e.worker_count = conn.query("SELECT COUNT(*) FROM workers WHERE enterprise_id = ?", {id})[0].get_int(0);
  return e;
}

bool uscc_taken(db::Connection& conn, const std::string& uscc) {
  return !conn.query("SELECT id FROM enterprises WHERE uscc = ?", {uscc}).empty();
}

int64_t insert_enterprise(db::Connection& conn, const Enterprise& e) {
  int64_t id = conn.insert(
      "INSERT INTO enterprises (uscc, uscc_check_ok, held_for_review, name, division_code, prefecture_code, model, "
      "is_leading, listing_status, address, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {e.uscc, int64_t{e.uscc_check_ok}, int64_t{e.held_for_review}, e.name, e.division_code, e.prefecture_code,
       e.model, int64_t{e.is_leading}, e.listing_status, e.address, e.created_at, e.updated_at});
  set_enterprise_occupations(conn, id, e.occupations);
  return id;
}

void update_enterprise(db::Connection& conn, const Enterprise& e) {
  conn.exec(
      "UPDATE enterprises SET name = ?, division_code = ?, prefecture_code = ?, model = ?, is_leading = ?, "
      "address = ?, updated_at = ? WHERE id = ?",
      {e.name, e.division_code, e.prefecture_code, e.model, int64_t{e.is_leading}, e.address, e.updated_at, e.id});
  set_enterprise_occupations(conn, e.id, e.occupations);
}

void set_listing(db::Connection& conn, int64_t id, const std::string& status, bool held_for_review,
                 const std::string& now) {
  conn.exec("UPDATE enterprises SET listing_status = ?, held_for_review = ?, updated_at = ? WHERE id = ?",
            {status, int64_t{held_for_review}, now, id});
}

void add_listing_event(db::Connection& conn, int64_t enterprise_id, const std::optional<std::string>& from,
                       const std::string& to, const std::string& reason, const ListingActor& actor,
                       const std::string& at) {
  conn.insert(
      "INSERT INTO enterprise_listing_events (enterprise_id, from_status, status, reason, actor_user_id, "
      "actor_username, actor_role, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {enterprise_id, opt_value(from), to, reason, opt_value(actor.user_id), actor.username, actor.role, at});
}

std::vector<ListingEvent> listing_events(db::Connection& conn, int64_t enterprise_id) {
  std::vector<ListingEvent> out;
  for (const auto& r : conn.query("SELECT id, from_status, status, reason, actor_username, actor_role, at FROM "
                                  "enterprise_listing_events WHERE enterprise_id = ? ORDER BY id",
                                  {enterprise_id}))
    out.push_back({r.get_int(0), r.opt_text(1), r.get_text(2), r.get_text(3), r.get_text(4), r.get_text(5),
                   r.get_text(6)});
  return out;
}

PageOf<Enterprise> list_enterprises(db::Connection& conn, const EnterpriseFilter& f, const Page& page) {
  Where w;
  enterprise_filter_where(f, w);
  auto out = page_of_enterprises(conn, w, page);
  // The console list shows 员工数: one grouped count over the page's enterprises.
  if (!out.items.empty()) {
    std::string in;
    db::Params ids;
    for (const auto& e : out.items) {
      in += in.empty() ? "?" : ", ?";
      ids.emplace_back(e.id);
    }
    for (const auto& r : conn.query("SELECT enterprise_id, COUNT(*) FROM workers WHERE enterprise_id IN (" + in +
                                        ") GROUP BY enterprise_id",
                                    ids))
      for (auto& e : out.items)
        if (e.id == r.get_int(0)) e.worker_count = r.get_int(1);
  }
  return out;
}

PageOf<Enterprise> list_public_enterprises(db::Connection& conn, const EnterpriseFilter& f, const Page& page) {
  Where w;
  enterprise_filter_where(f, w);
  w.add("e.listing_status = ?", std::string("approved"));
  auto out = page_of_enterprises(conn, w, page);
  for (auto& e : out.items)
    for (const auto& r : conn.query(
             "SELECT occupation_code FROM enterprise_occupations WHERE enterprise_id = ? ORDER BY occupation_code",
             {e.id}))
      e.occupations.push_back(r.get_text(0));
  return out;
}

// ---- Labour brands ----

std::optional<LabourBrand> find_brand(db::Connection& conn, const std::string& id_or_code) {
  bool numeric = !id_or_code.empty() && id_or_code.size() < 18 &&
                 id_or_code.find_first_not_of("0123456789") == std::string::npos;
  auto rows = numeric ? conn.query("SELECT id, code, name, home_division_code, occupations FROM labour_brands "
                                   "WHERE id = ?",
                                   {int64_t{std::stoll(id_or_code)}})
                      : conn.query("SELECT id, code, name, home_division_code, occupations FROM labour_brands "
                                   "WHERE code = ?",
                                   {id_or_code});
  if (rows.empty()) return std::nullopt;
  LabourBrand b;
  b.id = rows[0].get_int(0);
  b.code = rows[0].get_text(1);
  b.name = rows[0].get_text(2);
  b.home_division_code = rows[0].get_text(3);
  b.occupations = split_semicolons(rows[0].get_text(4));
  b.worker_count = conn.query("SELECT COUNT(*) FROM workers WHERE labour_brand_id = ?", {b.id})[0].get_int(0);
  for (const auto& r : conn.query("SELECT e.id, e.name FROM enterprise_brands m JOIN enterprises e ON e.id = "
                                  "m.enterprise_id WHERE m.labour_brand_id = ? ORDER BY e.id",
                                  {b.id}))
    b.enterprises.emplace_back(r.get_int(0), r.get_text(1));
  b.enterprise_count = static_cast<int64_t>(b.enterprises.size());
  return b;
}

bool brand_taken(db::Connection& conn, const std::string& code, const std::string& name) {
  return !conn.query("SELECT id FROM labour_brands WHERE code = ? OR name = ?", {code, name}).empty();
}

int64_t insert_brand(db::Connection& conn, const BrandInput& b) {
  return conn.insert("INSERT INTO labour_brands (code, name, home_division_code, occupations) VALUES (?, ?, ?, ?)",
                     {b.code, b.name, b.home_division_code, join_semicolons(b.occupations)});
}

bool add_brand_enterprise(db::Connection& conn, int64_t brand_id, int64_t enterprise_id, const std::string& now) {
  if (!conn.query("SELECT 1 FROM enterprise_brands WHERE enterprise_id = ? AND labour_brand_id = ?",
                  {enterprise_id, brand_id})
           .empty())
    return false;
  conn.exec("INSERT INTO enterprise_brands (enterprise_id, labour_brand_id, joined_at) VALUES (?, ?, ?)",
            {enterprise_id, brand_id, now});
  return true;
}

bool remove_brand_enterprise(db::Connection& conn, int64_t brand_id, int64_t enterprise_id) {
  return conn.exec("DELETE FROM enterprise_brands WHERE enterprise_id = ? AND labour_brand_id = ?",
                   {enterprise_id, brand_id}) > 0;
}

// ---- Units ----

const UnitTables& unit_tables(UnitKind kind) {
  static const UnitTables kBase{"transfer_bases", "transfer_base_workers", "base_id", "transfer_bases.contact_phone"};
  static const UnitTables kInstitution{"institutions", "", "", "institutions.contact_phone"};
  static const UnitTables kPoint{"service_points", "service_point_workers", "point_id", "service_points.contact_phone"};
  switch (kind) {
    case UnitKind::transfer_base: return kBase;
    case UnitKind::institution: return kInstitution;
    case UnitKind::service_point: return kPoint;
  }
  return kBase;
}

namespace {

// Columns common to every unit table, then the kind's own.
std::string unit_columns(UnitKind kind) {
  std::string cols =
      "u.id, u.name, u.division_code, u.prefecture_code, u.address, u.contact_name, u.contact_phone_mask, "
      "u.created_at, u.updated_at";
  switch (kind) {
    case UnitKind::transfer_base: cols += ", u.enterprise_id, u.labour_brand_id"; break;
    case UnitKind::institution: cols += ", u.kind, u.uscc, u.occupations"; break;
    case UnitKind::service_point: cols += ", u.enterprise_id"; break;
  }
  return cols;
}

Unit unit_from(UnitKind kind, const db::Row& r) {
  Unit u;
  u.kind = kind;
  u.id = r.get_int(0);
  u.name = r.get_text(1);
  u.division_code = r.get_text(2);
  u.prefecture_code = r.get_text(3);
  u.address = r.get_text(4);
  u.contact_name = r.get_text(5);
  u.contact_phone_mask = r.opt_text(6);
  u.created_at = r.get_text(7);
  u.updated_at = r.get_text(8);
  switch (kind) {
    case UnitKind::transfer_base:
      u.enterprise_id = r.opt_int(9);
      u.labour_brand_id = r.opt_int(10);
      break;
    case UnitKind::institution:
      u.institution_kind = r.get_text(9);
      u.uscc = r.opt_text(10);
      u.occupations = split_semicolons(r.get_text(11));
      break;
    case UnitKind::service_point: u.enterprise_id = r.opt_int(9); break;
  }
  return u;
}

int64_t member_count(db::Connection& conn, UnitKind kind, int64_t id) {
  const auto& t = unit_tables(kind);
  if (!*t.member_table) return 0;
  return conn.query(fmt::format("SELECT COUNT(*) FROM {} WHERE {} = ?", t.member_table, t.member_key), {id})[0].get_int(0);
}

}  // namespace

std::optional<Unit> find_unit(db::Connection& conn, UnitKind kind, int64_t id) {
  const auto& t = unit_tables(kind);
  auto rows = conn.query(fmt::format("SELECT {} FROM {} u WHERE u.id = ?", unit_columns(kind), t.table), {id});
  if (rows.empty()) return std::nullopt;
  Unit u = unit_from(kind, rows[0]);
  u.member_count = member_count(conn, kind, id);
  return u;
}

int64_t insert_unit(db::Connection& conn, const Unit& u, const std::optional<db::Blob>& phone_enc) {
  const auto& t = unit_tables(u.kind);
  std::string cols =
      "name, division_code, prefecture_code, address, contact_name, contact_phone_enc, contact_phone_mask, "
      "created_at, updated_at";
  db::Params params{u.name,
                    u.division_code,
                    u.prefecture_code,
                    u.address,
                    u.contact_name,
                    phone_enc ? db::Value(*phone_enc) : db::Value(nullptr),
                    opt_value(u.contact_phone_mask),
                    u.created_at,
                    u.updated_at};
  switch (u.kind) {
    case UnitKind::transfer_base:
      cols += ", enterprise_id, labour_brand_id";
      params.push_back(opt_value(u.enterprise_id));
      params.push_back(opt_value(u.labour_brand_id));
      break;
    case UnitKind::institution:
      cols += ", kind, uscc, occupations";
      params.emplace_back(u.institution_kind);
      params.push_back(opt_value(u.uscc));
      params.emplace_back(join_semicolons(u.occupations));
      break;
    case UnitKind::service_point:
      cols += ", enterprise_id";
      params.push_back(opt_value(u.enterprise_id));
      break;
  }
  std::string marks;
  for (size_t i = 0; i < params.size(); ++i) marks += i ? ", ?" : "?";
  return conn.insert(fmt::format("INSERT INTO {} ({}) VALUES ({})", t.table, cols, marks), params);
}

void update_unit(db::Connection& conn, const Unit& u, const std::optional<std::optional<db::Blob>>& phone_enc) {
  const auto& t = unit_tables(u.kind);
  std::string sets = "name = ?, division_code = ?, prefecture_code = ?, address = ?, contact_name = ?, updated_at = ?";
  db::Params params{u.name, u.division_code, u.prefecture_code, u.address, u.contact_name, u.updated_at};
  if (phone_enc) {
    sets += ", contact_phone_enc = ?, contact_phone_mask = ?";
    params.push_back(*phone_enc ? db::Value(**phone_enc) : db::Value(nullptr));
    params.push_back(opt_value(u.contact_phone_mask));
  }
  switch (u.kind) {
    case UnitKind::transfer_base:
      sets += ", enterprise_id = ?, labour_brand_id = ?";
      params.push_back(opt_value(u.enterprise_id));
      params.push_back(opt_value(u.labour_brand_id));
      break;
    case UnitKind::institution:
      sets += ", kind = ?, uscc = ?, occupations = ?";
      params.emplace_back(u.institution_kind);
      params.push_back(opt_value(u.uscc));
      params.emplace_back(join_semicolons(u.occupations));
      break;
    case UnitKind::service_point:
      sets += ", enterprise_id = ?";
      params.push_back(opt_value(u.enterprise_id));
      break;
  }
  params.emplace_back(u.id);
  conn.exec(fmt::format("UPDATE {} SET {} WHERE id = ?", t.table, sets), params);
}

PageOf<Unit> list_units(db::Connection& conn, UnitKind kind, const UnitFilter& f, const Page& page) {
  const auto& t = unit_tables(kind);
  Where w;
  if (!f.prefecture.empty()) w.add("u.prefecture_code = ?", f.prefecture);
  if (!f.county.empty()) w.add("u.division_code = ?", f.county);
  if (!f.q.empty()) w.add("u.name LIKE ? ESCAPE '\\'", "%" + like_escape(f.q) + "%");
  if (f.enterprise_id) w.add("u.enterprise_id = ?", *f.enterprise_id);
  if (f.only_id) w.add("u.id = ?", *f.only_id);
  PageOf<Unit> out;
  out.total = conn.query(fmt::format("SELECT COUNT(*) FROM {} u{}", t.table, w.sql), w.params)[0].get_int(0);
  db::Params params = w.params;
  params.emplace_back(int64_t{page.page_size});
  params.emplace_back(page.offset());
  for (const auto& r : conn.query(
           fmt::format("SELECT {} FROM {} u{} ORDER BY u.id LIMIT ? OFFSET ?", unit_columns(kind), t.table, w.sql),
           params)) {
    out.items.push_back(unit_from(kind, r));
    out.items.back().member_count = member_count(conn, kind, out.items.back().id);
  }
  return out;
}

bool add_unit_member(db::Connection& conn, UnitKind kind, int64_t unit_id, int64_t worker_id, const std::string& now) {
  const auto& t = unit_tables(kind);
  if (!conn.query(fmt::format("SELECT 1 FROM {} WHERE {} = ? AND worker_id = ?", t.member_table, t.member_key),
                  {unit_id, worker_id})
           .empty())
    return false;
  conn.exec(fmt::format("INSERT INTO {} ({}, worker_id, joined_at) VALUES (?, ?, ?)", t.member_table, t.member_key),
            {unit_id, worker_id, now});
  return true;
}

bool remove_unit_member(db::Connection& conn, UnitKind kind, int64_t unit_id, int64_t worker_id) {
  const auto& t = unit_tables(kind);
  return conn.exec(fmt::format("DELETE FROM {} WHERE {} = ? AND worker_id = ?", t.member_table, t.member_key),
                   {unit_id, worker_id}) > 0;
}

}  // namespace jz::registry::store
