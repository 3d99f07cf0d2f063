// JSON request bodies: the decoder every route starts from (parse_json_object and the field accessors),
// and the browser's spreadsheet rows ({"rows":[[…]]}).
#include <cstddef>
#include <cstdint>
#include <string>

#include "http/request.hpp"
#include "registry/spreadsheet.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  jz::http::Request req;
  req.headers.emplace("Content-Type", "application/json");
  req.body.assign(reinterpret_cast<const char*>(data), size);
  if (auto o = jz::http::parse_json_object(req)) {
    for (const char* key : {"username", "password", "name", "id_number", "rows"}) {
      (void)jz::http::required_string(*o, key, 64);
      (void)jz::http::optional_string(*o, key);
      (void)jz::http::required_bool(*o, key);
    }
  }
  (void)jz::http::parse_id(req.body);
  (void)jz::registry::read_json_rows(req.body);
  return 0;
}
