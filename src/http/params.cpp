#include "http/params.hpp"

#include <boost/json/array.hpp>
#include <charconv>

namespace jz::http {

Result<std::optional<int64_t>> query_int(const Request& req, std::string_view name, int64_t min, int64_t max) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<int64_t>{};
  int64_t n = 0;
  const char* end = v->data() + v->size();
  auto [ptr, ec] = std::from_chars(v->data(), end, n);  // overflow is an error, not a wrap
  if (ec != std::errc() || ptr != end || n < min || n > max)
    return make_error("invalid_field", std::string(name), std::to_string(min) + "–" + std::to_string(max));
  return std::optional<int64_t>(n);
}

Result<Page> parse_page(const Request& req, int64_t default_size) {
  Page p;
  p.page_size = default_size;
  auto page = query_int(req, "page", 1, Page::kMaxPage);
  if (!page) return page.error();
  auto size = query_int(req, "page_size", 1, Page::kMaxPageSize);
  if (!size) return size.error();
  if (*page) p.page = **page;
  if (*size) p.page_size = **size;
  return p;
}

boost::json::object page_json(boost::json::array items, int64_t total, const Page& page) {
  return {{"items", std::move(items)}, {"total", total}, {"page", page.page}, {"page_size", page.page_size}};
}

Result<std::optional<std::string>> query_text(const Request& req, std::string_view name, size_t max_bytes) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<std::string>{};
  if (v->size() > max_bytes) return make_error("invalid_field", std::string(name), "too long");
  return std::optional<std::string>(std::move(*v));
}

bool is_calendar_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  int y = std::stoi(std::string(s.substr(0, 4))), m = std::stoi(std::string(s.substr(5, 2))),
      d = std::stoi(std::string(s.substr(8, 2)));
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

Result<std::optional<std::string>> query_date(const Request& req, std::string_view name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<std::string>{};
  if (!is_calendar_date(*v)) return make_error("invalid_field", std::string(name), "YYYY-MM-DD");
  return std::optional<std::string>(std::move(*v));
}

Result<std::optional<bool>> query_bool(const Request& req, std::string_view name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<bool>{};
  if (*v == "true" || *v == "1") return std::optional<bool>(true);
  if (*v == "false" || *v == "0") return std::optional<bool>(false);
  return make_error("invalid_field", std::string(name), "true/false");
}

}  // namespace jz::http
