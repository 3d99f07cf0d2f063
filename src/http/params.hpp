#pragma once
// Query parameters read one way everywhere: numbers within a range, dates that exist, bounded text, and the
// one paging rule of docs/api.md (page from 1, page_size 1–200, default 20). An absent or empty parameter
// is nullopt; a present one that breaks its rule is a 400 `invalid_field` naming it, never a silent clamp.
// The OpenAPI document describes the same rules through QueryParam.
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "http/request.hpp"

namespace jz::http {

struct Page {
  static constexpr int64_t kMaxPage = 1'000'000;  // with kMaxPageSize, an offset far below INT64_MAX
  static constexpr int64_t kMaxPageSize = 200;
  static constexpr int64_t kDefaultPageSize = 20;
  int64_t page = 1;
  int64_t page_size = kDefaultPageSize;
  int64_t offset() const { return (page - 1) * page_size; }
};

// ?page=&page_size=; `default_size` when page_size is absent.
Result<Page> parse_page(const Request& req, int64_t default_size = Page::kDefaultPageSize);
// {"items", "total", "page", "page_size"}: the body of every list.
boost::json::object page_json(boost::json::array items, int64_t total, const Page& page);

// An integer in [min, max].
Result<std::optional<int64_t>> query_int(const Request& req, std::string_view name, int64_t min, int64_t max);
// Text of at most max_bytes bytes.
Result<std::optional<std::string>> query_text(const Request& req, std::string_view name, size_t max_bytes = 200);
// A calendar date YYYY-MM-DD that exists (2024-02-30 does not).
Result<std::optional<std::string>> query_date(const Request& req, std::string_view name);
// true/false (also 1/0).
Result<std::optional<bool>> query_bool(const Request& req, std::string_view name);

// True for a YYYY-MM-DD date of the proleptic Gregorian calendar between years 1900 and 9999.
bool is_calendar_date(std::string_view s);

// A query parameter as the OpenAPI document lists it.
struct QueryParam {
  std::string name{};
  std::string type = "string";  // string | integer | boolean | date
  std::string description{};
  bool required = false;
  std::optional<int64_t> min{}, max{};
};

}  // namespace jz::http
