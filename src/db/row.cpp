#include <charconv>
#include <cstdlib>

#include "db/database.hpp"

namespace jz::db {

int64_t Row::get_int(size_t i) const {
  const Value& v = cells_.at(i);
  if (auto p = std::get_if<int64_t>(&v)) return *p;
  if (auto p = std::get_if<double>(&v)) return static_cast<int64_t>(*p);
  if (auto p = std::get_if<std::string>(&v)) {
    if (*p == "t" || *p == "true") return 1;
    if (*p == "f" || *p == "false") return 0;
    int64_t out = 0;
    std::from_chars(p->data(), p->data() + p->size(), out);
    return out;
  }
  return 0;
}

double Row::get_double(size_t i) const {
  const Value& v = cells_.at(i);
  if (auto p = std::get_if<double>(&v)) return *p;
  if (auto p = std::get_if<int64_t>(&v)) return static_cast<double>(*p);
  if (auto p = std::get_if<std::string>(&v)) return std::strtod(p->c_str(), nullptr);
  return 0;
}

std::string Row::get_text(size_t i) const {
  const Value& v = cells_.at(i);
  if (auto p = std::get_if<std::string>(&v)) return *p;
  if (auto p = std::get_if<int64_t>(&v)) return std::to_string(*p);
  if (auto p = std::get_if<double>(&v)) return std::to_string(*p);
  if (auto p = std::get_if<Blob>(&v)) return std::string(p->begin(), p->end());
  return {};
}

Blob Row::get_blob(size_t i) const {
  const Value& v = cells_.at(i);
  if (auto p = std::get_if<Blob>(&v)) return *p;
  if (auto p = std::get_if<std::string>(&v)) return Blob(p->begin(), p->end());
  return {};
}

}  // namespace jz::db
