#pragma once
// `jiazheng keys rotate`: adds a new field-encryption key and re-encrypts every encrypted column with it,
// in batches, each batch one transaction. Old keys stay in the key file (rows of an interrupted run remain
// readable and a re-run continues), until --drop-old removes them after a complete pass.
#include <cstdint>
#include <filesystem>

#include "db/database.hpp"

namespace jz::app {

struct RotationReport {
  uint32_t new_version = 0;
  int64_t reencrypted = 0;
  bool dropped_old = false;
};

RotationReport rotate_keys(db::Database& db, const std::filesystem::path& key_dir, bool drop_old);

}  // namespace jz::app
