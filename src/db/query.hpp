#pragma once
// The small toolkit every store shares: optional values as parameters, LIKE patterns that match text
// literally, a WHERE clause built from optional filters, a page of rows with the total count, and rows
// read by column name. Stores keep their SQL; this only removes the lines each of them used to repeat.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "db/database.hpp"

namespace jz::db {

// NULL for an empty optional, the value otherwise (integers widened to int64).
template <class T>
Value opt(const std::optional<T>& v) {
  if (!v) return nullptr;
  if constexpr (std::is_integral_v<T>) return Value(static_cast<int64_t>(*v));
  else return Value(*v);
}
// NULL for empty text (columns where "" means "not given").
inline Value opt_text(const std::string& v) { return v.empty() ? Value(nullptr) : Value(v); }

// `text` with LIKE's wildcards escaped; use with ESCAPE '\'.
std::string like_escape(std::string_view text);
// Patterns for "contains text" and "starts with text" (ESCAPE '\').
inline std::string like_contains(std::string_view text) { return "%" + like_escape(text) + "%"; }
inline std::string like_prefix(std::string_view text) { return like_escape(text) + "%"; }

// A WHERE clause under construction: conditions joined with AND, parameters in order.
class Where final {
 public:
  // Adds `condition` (with one `?`) bound to `v`.
  Where& add(std::string_view condition, Value v) {
    sql_ += " AND ";
    sql_ += condition;
    params_.push_back(std::move(v));
    return *this;
  }
  // Adds `condition` bound to `*v` only when `v` holds a value (and, for text, is not empty).
  template <class T>
  Where& add_if(std::string_view condition, const std::optional<T>& v) {
    if constexpr (std::is_same_v<T, std::string>) {
      if (v && !v->empty()) add(condition, *v);
    } else {
      if (v) add(condition, opt(v));
    }
    return *this;
  }
  Where& add_if(std::string_view condition, const std::string& v) {
    if (!v.empty()) add(condition, v);
    return *this;
  }
  // Adds a condition without parameters (or with several: `more` in order).
  Where& raw(std::string_view condition, const Params& more = {}) {
    sql_ += " AND ";
    sql_ += condition;
    params_.insert(params_.end(), more.begin(), more.end());
    return *this;
  }
  // " WHERE 1 = 1 AND …", ready to append to a FROM clause.
  const std::string& sql() const { return sql_; }
  const Params& params() const { return params_; }

 private:
  std::string sql_ = " WHERE 1 = 1";
  Params params_;
};

template <class T>
struct PageOf {
  std::vector<T> items;
  int64_t total = 0;
};

// Runs `select` (a SELECT without ORDER BY/LIMIT) for one page of rows and once more for the total count,
// mapping each row with `map`. `order_by` is appended to the page query ("ORDER BY id DESC").
template <class F>
auto query_page(Connection& conn, const std::string& select, const Params& params, std::string_view order_by,
                int64_t limit, int64_t offset, F&& map) -> PageOf<std::decay_t<decltype(map(std::declval<const Row&>()))>> {
  PageOf<std::decay_t<decltype(map(std::declval<const Row&>()))>> out;
  out.total = conn.query("SELECT COUNT(*) FROM (" + select + ") counted", params)[0].get_int(0);
  Params page_params = params;
  page_params.emplace_back(limit);
  page_params.emplace_back(offset);
  for (const auto& r : conn.query(select + " " + std::string(order_by) + " LIMIT ? OFFSET ?", page_params))
    out.items.push_back(map(r));
  return out;
}

// A SELECT list whose columns are then read by name: Columns cols("a.id, a.name, b.code AS brand");
// "SELECT " + cols.list() + …; cols.text(row, "brand"). A name is the alias or the part after the dot.
// An unknown name is a programming error (std::logic_error), found by the first test that reads it.
class Columns final {
 public:
  explicit Columns(std::string_view list);
  const std::string& list() const { return list_; }
  size_t index(std::string_view name) const;
  int64_t integer(const Row& r, std::string_view name) const { return r.get_int(index(name)); }
  std::string text(const Row& r, std::string_view name) const { return r.get_text(index(name)); }
  bool boolean(const Row& r, std::string_view name) const { return r.get_bool(index(name)); }
  double number(const Row& r, std::string_view name) const { return r.get_double(index(name)); }
  std::optional<int64_t> opt_integer(const Row& r, std::string_view name) const { return r.opt_int(index(name)); }
  std::optional<std::string> opt_text(const Row& r, std::string_view name) const { return r.opt_text(index(name)); }

 private:
  std::string list_;
  std::vector<std::string> names_;
};

// "a;b;c" ↔ {"a", "b", "c"} for list columns stored as text (empty items dropped).
std::vector<std::string> split_list(std::string_view list, char sep = ';');
std::string join_list(const std::vector<std::string>& items, char sep = ';');

}  // namespace jz::db
