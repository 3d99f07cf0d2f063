#pragma once
// Checks a JSON value against the subset of JSON Schema the OpenAPI generator writes (type, nullable,
// properties, required, items and $ref into components). Shared by the server's response check
// (response_check.hpp) and the OpenAPI integration test, so both judge a body the same way.
#include <boost/json.hpp>
#include <string>
#include <vector>

namespace jz::http {

// Appends one line per problem, each starting with its JSON path ("$.items[0].name: missing"). Arrays are
// checked up to their first 50 elements.
void check_schema(const boost::json::value& v, const boost::json::object& schema,
                  const boost::json::object& components, const std::string& path,
                  std::vector<std::string>& problems);

}  // namespace jz::http
