#pragma once
// Files compiled into the binary at build time (src/db/migrations/*.sql, data/*): one binary runs
// anywhere without a data directory beside it. Keys are paths relative to the repository root.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace jz {

const std::map<std::string, std::string_view, std::less<>>& embedded_files();

// The embedded file at `path`, or nullopt when no such file was compiled in.
inline std::optional<std::string_view> embedded_file(std::string_view path) {
  const auto& files = embedded_files();
  auto it = files.find(path);
  if (it == files.end()) return std::nullopt;
  return it->second;
}

}  // namespace jz
