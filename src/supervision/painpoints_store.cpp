#include "supervision/painpoints_store.hpp"

#include "db/query.hpp"

namespace jz::supervision::painpoints_store {

std::vector<Text> texts(db::Connection& conn, const std::string& from, const std::string& to, const std::string& prefix) {
  // One query per source, the same shape: id, text, when, the worker's division and first occupation.
  struct Source {
    const char* name;
    const char* table;
    const char* text;
    const char* at;
  };
  const Source sources[] = {{"review", "reviews", "text", "created_at"},
                            {"complaint", "complaints", "text", "created_at"},
                            {"dispute", "disputes", "reason", "created_at"},
                            {"survey", "willingness_surveys", "note", "surveyed_at"}};
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
