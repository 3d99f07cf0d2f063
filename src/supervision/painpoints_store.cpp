#include "supervision/painpoints_store.hpp"

#include <stdexcept>

#include "db/query.hpp"
#include "supervision/store.hpp"

namespace jz::supervision::painpoints_store {

namespace {

// The four sources, the same shape: id, text, when.
struct Source {
  const char* name;
  const char* table;
  const char* text;
  const char* at;
};
constexpr Source kSources[] = {{"review", "reviews", "text", "created_at"},
                               {"complaint", "complaints", "text", "created_at"},
                               {"dispute", "disputes", "reason", "created_at"},
                               {"survey", "willingness_surveys", "note", "surveyed_at"}};

const Source& source_named(const std::string& name) {
  for (const auto& s : kSources)
    if (name == s.name) return s;
  throw std::invalid_argument("painpoints_store: no source " + name);
}

TextRow text_row(const db::Row& r) {
  return TextRow{r.get_int(0), r.get_int(1), r.get_text(2), r.get_text(3)};
}

std::string text_select(const Source& s) {
  return std::string("SELECT x.id, x.worker_id, x.") + s.text + ", SUBSTR(x." + s.at + ", 1, 10) FROM " + s.table +
         " x WHERE 1 = 1";
}

}  // namespace

void load_texts(db::Connection& conn, const std::string& source, int64_t after_id,
                const std::function<void(const TextRow&)>& fn, const Stop& stop) {
  const Source& s = source_named(source);
  store::each_page(conn, text_select(s) + " AND x." + s.text + " <> ''", "x.id", after_id,
        [&](const db::Row& r) { fn(text_row(r)); }, stop);
}

void load_survey_texts(db::Connection& conn, const std::string& since, const std::function<void(const TextRow&)>& fn,
                       const Stop& stop) {
  const Source& s = source_named("survey");
  if (since.empty())
    return store::each_page(conn, text_select(s) + " AND x.note <> ''", "x.id", 0, [&](const db::Row& r) { fn(text_row(r)); },
                 stop);
  for (const auto& r : conn.query(text_select(s) + " AND x.surveyed_at >= ?", {since})) fn(text_row(r));
}

void load_text_workers(db::Connection& conn, const std::string& since,
                       const std::function<void(int64_t, const std::string&, const std::string&)>& fn,
                       const Stop& stop) {
  const std::string select =
      "SELECT w.id, w.current_division_code, (SELECT MIN(o.occupation_code) FROM worker_occupations o WHERE "
      "o.worker_id = w.id) FROM workers w WHERE 1 = 1";
  auto row = [&](const db::Row& r) { fn(r.get_int(0), r.get_text(1), r.is_null(2) ? std::string() : r.get_text(2)); };
  if (since.empty()) return store::each_page(conn, select, "w.id", 0, row, stop);
  for (const auto& r : conn.query(select + " AND w.updated_at >= ?", {since})) row(r);
}

std::optional<std::string> text_of(db::Connection& conn, const std::string& source, int64_t id) {
  const Source& s = source_named(source);
  auto rows = conn.query(std::string("SELECT ") + s.text + " FROM " + s.table + " WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return rows[0].get_text(0);
}

std::vector<Text> texts(db::Connection& conn, const std::string& from, const std::string& to, const std::string& prefix) {
  const auto& sources = kSources;
  std::vector<Text> out;
  const std::string pattern = db::like_prefix(prefix);
  for (const auto& s : sources) {
    std::string sql = std::string("SELECT x.id, x.") + s.text + ", SUBSTR(x." + s.at + ", 1, 10), w.current_division_code, " +
                      "(SELECT MIN(o.occupation_code) FROM worker_occupations o WHERE o.worker_id = w.id) FROM " +
                      s.table + " x JOIN workers w ON w.id = x.worker_id WHERE x." + s.text + " <> '' AND SUBSTR(x." +
                      s.at + ", 1, 10) BETWEEN ? AND ? AND w.current_division_code LIKE ? ESCAPE '\\' ORDER BY x.id";
    for (const auto& r : conn.query(sql, {from, to, pattern})) {
      Text t;
      t.source = s.name;
      t.id = r.get_int(0);
      t.text = r.get_text(1);
      t.day = r.get_text(2);
      t.division = r.get_text(3);
      t.occupation = r.is_null(4) ? std::string() : r.get_text(4);
      out.push_back(std::move(t));
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> occupation_names(db::Connection& conn) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : conn.query("SELECT code, name_zh FROM occupations ORDER BY code")) out.emplace_back(r.get_text(0), r.get_text(1));
  return out;
}

}  // namespace jz::supervision::painpoints_store
