#include "db/query.hpp"

#include <stdexcept>

namespace jz::db {

std::string like_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

// The name a column expression is read by: its alias ("x AS name") or the identifier after the last dot.
std::string column_name(std::string_view expr) {
  expr = trim(expr);
  for (std::string_view as : {" AS ", " as "})
    if (auto p = expr.rfind(as); p != std::string_view::npos) return std::string(trim(expr.substr(p + as.size())));
  if (auto p = expr.rfind('.'); p != std::string_view::npos) expr.remove_prefix(p + 1);
  return std::string(expr);
}

}  // namespace

Columns::Columns(std::string_view list) : list_(list) {
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i <= list.size(); ++i) {
    char c = i < list.size() ? list[i] : ',';
    if (c == '(') ++depth;
    else if (c == ')') --depth;
    else if (c == ',' && depth == 0) {
      names_.push_back(column_name(list.substr(start, i - start)));
      start = i + 1;
    }
  }
}

size_t Columns::index(std::string_view name) const {
  for (size_t i = 0; i < names_.size(); ++i)
    if (names_[i] == name) return i;
  throw std::logic_error("no column named " + std::string(name) + " in " + list_);
}

std::vector<std::string> split_list(std::string_view list, char sep) {
  std::vector<std::string> out;
  for (size_t pos = 0; pos < list.size();) {
    size_t end = list.find(sep, pos);
    if (end == std::string_view::npos) end = list.size();
    if (end > pos) out.emplace_back(list.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

std::string join_list(const std::vector<std::string>& items, char sep) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

}  // namespace jz::db
