#pragma once
// `jiazheng import workers FILE [--mode …] [--dry-run] [--enterprise-id N] [--report FILE]` and
// `jiazheng import enterprises FILE [--mode …] [--dry-run] [--report FILE]`: the same imports as the API, for
// files too big to upload, with a progress bar on stderr. Run as the command-line actor (audited as "cli"),
// with the province admin's scope.
#include <cstdint>
#include <optional>
#include <string>

#include "db/database.hpp"
#include "reference/divisions.hpp"
#include "security/field_crypto.hpp"

namespace jz::registry {

struct ImportCommand {
  enum class Kind { workers, enterprises } kind = Kind::workers;
  std::string file;
  std::string mode = "all_or_nothing";
  bool dry_run = false;
  std::optional<int64_t> enterprise_id;
  std::string report_file;  // the full JSON report, when given
  int threads = 2;
};

// Exit status: 0 imported (or a clean dry run), 1 nothing imported because of bad rows (or unreadable file),
// 2 bad arguments.
int run_import_command(db::Database& db, const security::FieldCipher& cipher, const reference::DivisionCatalog& catalog,
                       const ImportCommand& cmd);

}  // namespace jz::registry
