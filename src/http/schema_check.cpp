#include "http/schema_check.hpp"

namespace jz::http {

namespace json = boost::json;

void check_schema(const json::value& v, const json::object& schema, const json::object& components,
                  const std::string& path, std::vector<std::string>& problems) {
  if (auto ref = schema.if_contains("$ref")) {
    std::string name(ref->as_string());
    name = name.substr(name.rfind('/') + 1);
    auto target = components.if_contains(name);
    if (!target) {
      problems.push_back(path + ": unknown schema " + name);
      return;
    }
    check_schema(v, target->as_object(), components, path, problems);
    return;
  }
  if (v.is_null()) {
    if (!schema.contains("nullable") && schema.contains("type")) problems.push_back(path + ": null");
    return;
  }
  auto type = schema.if_contains("type");
  if (!type) return;
  std::string t(type->as_string());
  bool ok = (t == "object" && v.is_object()) || (t == "array" && v.is_array()) ||
            (t == "string" && v.is_string()) || (t == "integer" && (v.is_int64() || v.is_uint64())) ||
            (t == "number" && v.is_number()) || (t == "boolean" && v.is_bool());
  if (!ok) {
    problems.push_back(path + ": expected " + t + ", got " + json::serialize(v).substr(0, 60));
    return;
  }
  if (t == "object") {
    if (auto req = schema.if_contains("required"))
      for (const auto& k : req->as_array())
        if (!v.as_object().contains(k.as_string()))
          problems.push_back(path + "." + std::string(k.as_string()) + ": missing");
    if (auto props = schema.if_contains("properties"))
      for (const auto& [k, s] : props->as_object())
        if (auto x = v.as_object().if_contains(k))
          check_schema(*x, s.as_object(), components, path + "." + std::string(k), problems);
  } else if (t == "array") {
    if (auto items = schema.if_contains("items"))
      for (size_t i = 0; i < v.as_array().size() && i < 50; ++i)
        check_schema(v.as_array()[i], items->as_object(), components, path + "[" + std::to_string(i) + "]",
                     problems);
  }
}

}  // namespace jz::http
