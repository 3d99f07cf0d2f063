#pragma once
// `jiazheng keys rotate`: adds a new field-encryption key and re-encrypts every encrypted column with it,
// in batches, each batch one transaction. Old keys stay in the key file (rows of an interrupted run remain
// readable and a re-run continues), until --drop-old removes them after a complete pass.
#include <cstdint>
#include <filesystem>

#include "db/database.hpp"
#include "security/field_crypto.hpp"

namespace jz::app {

struct RotationReport {
  uint32_t new_version = 0;
  int64_t reencrypted = 0;
  int64_t reindexed = 0;  // blind indexes recomputed because the value moved to the other suite
  bool dropped_old = false;
};

// Re-encrypts under the new key in `suite`'s format; a value that moves between suites (standard ↔ sm) gets its
// blind index recomputed in the same transaction. Stop the servers while changing suites: a server of the
// old suite would not find rows by the new blind indexes (docs/crypto-sm.md).
RotationReport rotate_keys(db::Database& db, const std::filesystem::path& key_dir, bool drop_old,
                           security::CryptoSuite suite = security::CryptoSuite::standard);

}  // namespace jz::app
