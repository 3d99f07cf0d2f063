#pragma once
// The OpenAPI 3.0 document of a router, generated from the route declarations: operation ids, path and
// query parameters (paging included), request bodies and response schemas where the route declares its
// types, the content type of non-JSON responses, and the platform's error body for every 4xx.
#include <boost/json/object.hpp>

#include "http/router.hpp"

namespace jz::http {

// "get_workers_by_id" for GET /api/v1/workers/{id}: unique per method and path.
std::string operation_id(const Route& r);
boost::json::object openapi_document(const Router& router);
// The platform's error body {"error": {code, message, field}} (components/schemas/Error).
boost::json::object error_body_schema();

}  // namespace jz::http
