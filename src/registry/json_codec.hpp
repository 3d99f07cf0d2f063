#pragma once
// JSON in and out of the registry's routes, written by hand because clients omit and add fields (Boost 1.81's
// value_to rejects both). Output never carries plaintext personal data: ID numbers and phones appear only as
// their stored masks, and the public forms leave contact phones out altogether.
#include <boost/json/object.hpp>
#include <vector>

#include "http/request.hpp"
#include "reference/divisions.hpp"
#include "registry/model.hpp"
#include "registry/service.hpp"
#include "registry/worker_input.hpp"

namespace jz::registry::codec {

namespace json = boost::json;

// ?page=&page_size= by the platform's one rule (http::parse_page: page from 1, page_size 1–200).
Result<Page> parse_page(const http::Request& req);
// A numeric path parameter; anything else is `not_found` (no such record).
Result<int64_t> path_id(const http::Request& req, const std::string& name);
// An optional numeric query parameter (`invalid_field` when present but not a positive integer).
Result<std::optional<int64_t>> query_id(const http::Request& req, const std::string& name);

// A validation failure listing every problem: {"error": {code, message, field, problems: [{field, code,
// message}]}}; code, field and the HTTP status are those of the first problem.
http::Response problems_response(const std::vector<FieldProblem>& problems, Lang lang);

// Request bodies. Wrong JSON types become problems (worker) or an `invalid_field` error.
void worker_input_from_json(const json::object& o, WorkerInput& in, std::vector<FieldProblem>& problems);
WorkerPatch worker_patch_from_json(const json::object& o);
Result<EnterpriseInput> enterprise_input_from_json(const json::object& o);
Result<UnitInput> unit_input_from_json(const json::object& o);
Result<BrandInput> brand_input_from_json(const json::object& o);

// Responses.
json::object enterprise_json(const Enterprise& e, const reference::DivisionCatalog& catalog, bool full);
json::object public_enterprise_json(const Enterprise& e, const reference::DivisionCatalog& catalog);
json::object listing_event_json(const ListingEvent& ev);
json::object brand_json(const LabourBrand& b, const reference::DivisionCatalog& catalog);
json::object unit_json(const Unit& u, const reference::DivisionCatalog& catalog, bool public_view);
// The year of a YYYY-MM-DD birth date (null when it is not one): what masked responses show instead of the date.
json::value birth_year(std::string_view birth_date);
json::object worker_json(const WorkerRecord& w, const reference::DivisionCatalog& catalog, bool full);
template <class T, class F>
json::object page_json(const PageOf<T>& page, const Page& p, F&& item) {
  json::array items;
  for (const auto& x : page.items) items.push_back(item(x));
  return json::object{{"items", std::move(items)}, {"total", page.total}, {"page", p.page}, {"page_size", p.page_size}};
}

}  // namespace jz::registry::codec
