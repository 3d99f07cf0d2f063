#include "http/openapi.hpp"

#include <cctype>

namespace jz::http {
namespace {

namespace json = boost::json;

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

json::object query_schema(const QueryParam& q) {
  json::object s;
  if (q.type == "date") {
    s = json::object{{"type", "string"}, {"format", "date"}, {"example", "2026-11-30"}};
  } else {
    s["type"] = q.type;
  }
  if (q.min) s["minimum"] = *q.min;
  if (q.max) s["maximum"] = *q.max;
  return s;
}

json::object parameter(std::string_view name, std::string_view in, bool required, json::object schema,
                       std::string_view description = {}) {
  json::object p{{"name", name}, {"in", in}, {"required", required}, {"schema", std::move(schema)}};
  if (!description.empty()) p["description"] = description;
  return p;
}

json::array parameters(const Route& r) {
  json::array params;
  for (const auto& seg : split_path(r.path))
    if (seg.size() > 2 && seg.front() == '{')
      params.push_back(parameter(seg.substr(1, seg.size() - 2), "path", true, {{"type", "string"}}));
  for (const auto& q : r.query) params.push_back(parameter(q.name, "query", q.required, query_schema(q), q.description));
  if (r.paged) {
    params.push_back(parameter("page", "query", false,
                               {{"type", "integer"}, {"minimum", 1}, {"maximum", Page::kMaxPage}, {"default", 1}},
                               "page number, from 1"));
    params.push_back(parameter("page_size", "query", false,
                               {{"type", "integer"},
                                {"minimum", 1},
                                {"maximum", Page::kMaxPageSize},
                                {"default", Page::kDefaultPageSize}},
                               "rows per page"));
  }
  return params;
}

json::object success_response(const Route& r) {
  json::object resp{{"description", r.summary.empty() ? "success" : r.summary}};
  if (r.status == 204) return resp;
  if (!r.produces.empty() && r.response && r.produces.find("json") != std::string::npos) {
    // A JSON flavour of its own (application/feed+json): the declared schema under that type.
    resp["content"] = json::object{{r.produces, json::object{{"schema", *r.response}}}};
  } else if (!r.produces.empty()) {
    bool text = r.produces.starts_with("text/") || r.produces.find("xml") != std::string::npos;
    json::object schema{{"type", "string"}};
    if (!text) schema["format"] = "binary";
    resp["content"] = json::object{{r.produces, json::object{{"schema", std::move(schema)}}}};
  } else {
    json::object schema = r.response ? *r.response : json::object{{"type", "object"}};
    resp["content"] = json::object{{"application/json", json::object{{"schema", std::move(schema)}}}};
  }
  return resp;
}

}  // namespace

json::object error_body_schema() {
  json::object err{{"type", "object"},
                   {"properties", json::object{{"code", json::object{{"type", "string"}}},
                                               {"message", json::object{{"type", "string"}}},
                                               {"field", json::object{{"type", "string"}, {"nullable", true}}}}},
                   {"required", json::array{"code", "message", "field"}}};
  return {{"type", "object"},
          {"properties", json::object{{"error", std::move(err)}}},
          {"required", json::array{"error"}},
          {"example", json::object{{"error", json::object{{"code", "invalid_field"},
                                                          {"message", "字段无效：page（1–1000000）"},
                                                          {"field", "page"}}}}}};
}

std::string operation_id(const Route& r) {
  std::string id = lower(method_name(r.method));
  for (const auto& seg : split_path(r.path)) {
    if (seg == "api" || seg == "v1") continue;
    id += '_';
    std::string part = seg;
    if (seg.size() > 2 && seg.front() == '{') part = "by_" + seg.substr(1, seg.size() - 2);
    for (char c : part) id += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  }
  return id;
}

// The group an operation shows under in Swagger UI: the first segment after /api/v1/ ("workers", "subsidy"),
// or "platform" for /healthz, /metrics and the like.
std::string operation_tag(std::string_view path) {
  constexpr std::string_view kPrefix = "/api/v1/";
  if (path.substr(0, kPrefix.size()) != kPrefix) return "platform";
  path.remove_prefix(kPrefix.size());
  std::string tag(path.substr(0, path.find('/')));
  if (tag == "openapi.json" || tag == "meta") return "platform";
  return tag;
}

json::object openapi_document(const Router& router) {
  json::object paths;
  for (const auto& r : router.routes()) {
    json::object error_ref;
    error_ref["$ref"] = "#/components/schemas/Error";
    json::object error_content;
    error_content["application/json"] = json::object{{"schema", std::move(error_ref)}};
    json::object errors;
    errors["description"] = "refused: the error names the code and the field";
    errors["content"] = std::move(error_content);
    json::object responses;
    responses[std::to_string(r.status)] = success_response(r);
    for (int also : r.also_status) responses[std::to_string(also)] = success_response(r);
    responses["4XX"] = std::move(errors);
    json::object op;
    op["operationId"] = operation_id(r);
    op["summary"] = r.summary;
    op["tags"] = json::array{json::string(operation_tag(r.path))};
    op["x-access"] = r.access->describe();
    op["x-sensitive"] = r.sensitive;
    op["responses"] = std::move(responses);
    if (auto params = parameters(r); !params.empty()) op["parameters"] = std::move(params);
    if (r.request) {
      json::object body;
      body["schema"] = json::value(*r.request);
      json::object content;
      content["application/json"] = std::move(body);
      op["requestBody"] = json::object{{"required", true}, {"content", std::move(content)}};
    }
    if (!r.access->is_public)
      op["security"] = json::array{json::object{{"bearer", json::array{}}}, json::object{{"cookie", json::array{}}}};
    json::value& entry = paths[r.path];
    if (!entry.is_object()) entry.emplace_object();
    entry.as_object()[lower(method_name(r.method))] = std::move(op);
  }
  return json::object{
      {"openapi", "3.0.3"},
      {"info", json::object{{"title", "陇原家政 API"}, {"version", "1"}}},
      {"paths", std::move(paths)},
      {"components",
       json::object{{"schemas", json::object{{"Error", error_body_schema()}}},
                    {"securitySchemes",
                     json::object{{"bearer", json::object{{"type", "http"}, {"scheme", "bearer"}}},
                                  {"cookie", json::object{{"type", "apiKey"}, {"in", "cookie"}, {"name", "jz_session"}}}}}}}};
}

}  // namespace jz::http
