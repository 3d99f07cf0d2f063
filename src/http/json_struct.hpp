#pragma once
// Request and response types as plain structs described with BOOST_DESCRIBE_STRUCT, converted to and from
// JSON here and described as JSON Schema for the OpenAPI document, so the type a route reads, the body it
// writes and the document can never disagree.
//
// Written by hand instead of boost::json::value_to because Boost 1.81's value_to rejects missing optional
// keys and extra keys, and clients omit the one and add the other. Rules: a std::optional member may be
// omitted or null; any other member is required (an empty required string counts as missing); unknown keys
// are ignored; a wrong type is `invalid_field` naming the member, a missing one `missing_field`. A member
// named like a C++ keyword takes a trailing underscore: `case_` reads and writes the key "case".
// Strings are at most kMaxStringBytes unless the struct is validated further by its service.
#include <boost/describe.hpp>
#include <boost/json.hpp>
#include <boost/mp11/algorithm.hpp>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "common/result.hpp"

namespace jz::http {

inline constexpr size_t kMaxStringBytes = 4000;

namespace detail {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};
template <class T>
struct is_text_map : std::false_type {};
template <class T>
struct is_text_map<std::map<std::string, T>> : std::true_type {};

template <class T>
constexpr bool is_described = boost::describe::has_describe_members<T>::value;

// The JSON key of a member: its name, less a trailing underscore (`case_` for the key "case", a C++ keyword).
inline std::string json_name(const char* member) {
  std::string name(member);
  if (name.size() > 1 && name.back() == '_') name.pop_back();
  return name;
}

// Reads `v` into `out`; on a wrong type returns the error naming `field`.
template <class T>
Result<void> read_value(const boost::json::value& v, T& out, const std::string& field);

template <class T>
Result<void> read_struct(const boost::json::object& o, T& out, const std::string& prefix) {
  Result<void> result;
  boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>([&](auto D) {
    if (!result) return;
    using M = std::remove_cvref_t<decltype(out.*D.pointer)>;
    std::string key = json_name(D.name);
    std::string field = prefix + key;
    auto it = o.find(key);
    bool absent = it == o.end() || it->value().is_null();
    if constexpr (is_optional<M>::value) {
      if (absent) {
        out.*D.pointer = std::nullopt;
        return;
      }
      typename M::value_type inner{};
      result = read_value(it->value(), inner, field);
      if (result) out.*D.pointer = std::move(inner);
    } else {
      if (absent) {
        result = make_error("missing_field", field);
        return;
      }
      result = read_value(it->value(), out.*D.pointer, field);
      if constexpr (std::is_same_v<M, std::string>)
        if (result && (out.*D.pointer).empty()) result = make_error("missing_field", field);
    }
  });
  return result;
}

template <class T>
Result<void> read_value(const boost::json::value& v, T& out, const std::string& field) {
  if constexpr (std::is_same_v<T, std::string>) {
    if (!v.is_string()) return make_error("invalid_field", field, "text");
    if (v.as_string().size() > kMaxStringBytes) return make_error("invalid_field", field, "too long");
    out = std::string(v.as_string());
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!v.is_bool()) return make_error("invalid_field", field, "true/false");
    out = v.as_bool();
  } else if constexpr (std::is_integral_v<T>) {
    // Whole numbers only; 3.0 is accepted as 3 since some clients write every number as a double.
    int64_t n = 0;
    if (v.is_int64()) n = v.as_int64();
    else if (v.is_uint64() && v.as_uint64() <= static_cast<uint64_t>(INT64_MAX)) n = static_cast<int64_t>(v.as_uint64());
    else if (v.is_double() && v.as_double() == static_cast<double>(static_cast<int64_t>(v.as_double())) &&
             v.as_double() > -9e15 && v.as_double() < 9e15)
      n = static_cast<int64_t>(v.as_double());
    else
      return make_error("invalid_field", field, "integer");
    if (n < static_cast<int64_t>(std::numeric_limits<T>::min()) || n > static_cast<int64_t>(std::numeric_limits<T>::max()))
      return make_error("invalid_field", field, "out of range");
    out = static_cast<T>(n);
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!v.is_number()) return make_error("invalid_field", field, "number");
    out = static_cast<T>(v.to_number<double>());
  } else if constexpr (std::is_same_v<T, boost::json::value>) {
    out = v;
  } else if constexpr (is_vector<T>::value) {
    if (!v.is_array()) return make_error("invalid_field", field, "list");
    out.clear();
    const auto& a = v.as_array();
    for (size_t i = 0; i < a.size(); ++i) {
      typename T::value_type item{};
      auto r = read_value(a[i], item, field + "[" + std::to_string(i) + "]");
      if (!r) return r;
      out.push_back(std::move(item));
    }
  } else if constexpr (is_text_map<T>::value) {
    if (!v.is_object()) return make_error("invalid_field", field, "object");
    out.clear();
    for (const auto& [key, item] : v.as_object()) {
      typename T::mapped_type x{};
      auto r = read_value(item, x, field + "." + std::string(key));
      if (!r) return r;
      out.emplace(std::string(key), std::move(x));
    }
  } else if constexpr (is_described<T>) {
    if (!v.is_object()) return make_error("invalid_field", field, "object");
    return read_struct(v.as_object(), out, field + ".");
  } else {
    static_assert(sizeof(T) == 0, "no JSON conversion for this member type");
  }
  return {};
}

template <class T>
boost::json::value write_value(const T& v) {
  if constexpr (is_optional<T>::value) {
    return v ? write_value(*v) : boost::json::value(nullptr);
  } else if constexpr (is_vector<T>::value) {
    boost::json::array a;
    for (const auto& item : v) a.push_back(write_value(item));
    return a;
  } else if constexpr (is_text_map<T>::value) {
    boost::json::object o;
    for (const auto& [key, item] : v) o[key] = write_value(item);
    return o;
  } else if constexpr (is_described<T>) {
    boost::json::object o;
    boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>(
        [&](auto D) { o[json_name(D.name)] = write_value(v.*D.pointer); });
    return o;
  } else if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::string> || std::is_same_v<T, boost::json::value>) {
    return boost::json::value(v);
  } else if constexpr (std::is_integral_v<T>) {
    return boost::json::value(static_cast<int64_t>(v));
  } else {
    return boost::json::value(static_cast<double>(v));
  }
}

}  // namespace detail

// The JSON Schema of a member type (OpenAPI 3.0 flavour: optional members are `nullable`; a map from text is an
// object whose keys are data).
template <class T>
boost::json::object schema_of() {
  using namespace detail;
  if constexpr (is_optional<T>::value) {
    auto s = schema_of<typename T::value_type>();
    s["nullable"] = true;
    return s;
  } else if constexpr (std::is_same_v<T, std::string>) {
    return {{"type", "string"}};
  } else if constexpr (std::is_same_v<T, bool>) {
    return {{"type", "boolean"}};
  } else if constexpr (std::is_integral_v<T>) {
    return {{"type", "integer"}};
  } else if constexpr (std::is_floating_point_v<T>) {
    return {{"type", "number"}};
  } else if constexpr (std::is_same_v<T, boost::json::value>) {
    return {};
  } else if constexpr (is_vector<T>::value) {
    return {{"type", "array"}, {"items", schema_of<typename T::value_type>()}};
  } else if constexpr (is_text_map<T>::value) {  // {"6201": 20000, …}: keys are data
    return {{"type", "object"}, {"additionalProperties", schema_of<typename T::mapped_type>()}};
  } else {
    static_assert(is_described<T>, "describe the struct with BOOST_DESCRIBE_STRUCT");
    boost::json::object props;
    boost::json::array required;
    boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>([&](auto D) {
      using M = std::remove_cvref_t<decltype(std::declval<T&>().*D.pointer)>;
      props[json_name(D.name)] = schema_of<M>();
      if (!is_optional<M>::value) required.emplace_back(json_name(D.name));
    });
    boost::json::object s{{"type", "object"}, {"properties", std::move(props)}};
    if (!required.empty()) s["required"] = std::move(required);
    return s;
  }
}

// The schema of a page of T: {"items": [T], "total", "page", "page_size"}.
template <class T>
boost::json::object paged_schema_of() {
  return {{"type", "object"},
          {"properties", boost::json::object{{"items", boost::json::object{{"type", "array"}, {"items", schema_of<T>()}}},
                                             {"total", boost::json::object{{"type", "integer"}}},
                                             {"page", boost::json::object{{"type", "integer"}}},
                                             {"page_size", boost::json::object{{"type", "integer"}}}}},
          {"required", boost::json::array{"items", "total", "page", "page_size"}}};
}

// The schema of {"items": [T]}: an unpaged list.
template <class T>
boost::json::object items_schema_of() {
  return {{"type", "object"},
          {"properties", boost::json::object{{"items", boost::json::object{{"type", "array"}, {"items", schema_of<T>()}}}}},
          {"required", boost::json::array{"items"}}};
}

// A described struct from a JSON object (see the rules above).
template <class T>
Result<T> from_json(const boost::json::object& o) {
  T out{};
  auto r = detail::read_struct(o, out, "");
  if (!r) return r.error();
  return out;
}

// A described struct (or a vector of them) as JSON.
template <class T>
boost::json::value to_json(const T& v) {
  return detail::write_value(v);
}

// {"items": [...]} of described structs.
template <class T>
boost::json::object items_json(const std::vector<T>& items) {
  return {{"items", to_json(items)}};
}

}  // namespace jz::http
