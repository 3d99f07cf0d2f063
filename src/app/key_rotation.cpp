#include "app/key_rotation.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "security/encrypted_columns.hpp"
#include "security/field_crypto.hpp"
#include "security/keyring.hpp"

namespace jz::app {

RotationReport rotate_keys(db::Database& db, const std::filesystem::path& key_dir, bool drop_old,
                           security::CryptoSuite suite) {
  RotationReport report;
  auto keyring = security::Keyring::load_or_create(key_dir);
  report.new_version = keyring.add_new_key();
  security::FieldCipher cipher(keyring, suite);
  const unsigned char format =
      suite == security::CryptoSuite::sm ? security::FieldCipher::kFormatSm : security::FieldCipher::kFormatV1;
  constexpr int64_t kBatch = 2000;
  for (const auto& col : security::kEncryptedColumns) {
    int64_t last_id = 0;
    for (;;) {
      auto conn = db.acquire();
      db::Transaction tx(*conn, true);
      auto rows = conn->query(fmt::format("SELECT id, {} FROM {} WHERE id > ? AND {} IS NOT NULL ORDER BY id LIMIT ?",
                                          col.column, col.table, col.column),
                              {last_id, kBatch});
      if (rows.empty()) break;
      for (const auto& r : rows) {
        last_id = r.get_int(0);
        db::Blob blob = r.get_blob(1);
        if (!cipher.needs_reencrypt(blob)) continue;
        auto plain = cipher.decrypt(blob, col.context);
        if (!plain) throw std::runtime_error(fmt::format("{}.{} row {}: cannot decrypt ({})", col.table, col.column,
                                                         last_id, plain.error().detail));
        if (!col.blind_index.empty() && (blob.empty() || blob[0] != format)) {
          // The suite changed: the blind index is keyed with the other hash now (the stored value is normalised).
          conn->exec(fmt::format("UPDATE {} SET {} = ?, {} = ? WHERE id = ?", col.table, col.column, col.blind_index),
                     {cipher.encrypt(*plain, col.context), cipher.blind_index(*plain, col.context), last_id});
          ++report.reindexed;
        } else {
          conn->exec(fmt::format("UPDATE {} SET {} = ? WHERE id = ?", col.table, col.column),
                     {cipher.encrypt(*plain, col.context), last_id});
        }
        ++report.reencrypted;
      }
      tx.commit();
    }
    spdlog::info("re-encrypted {}.{}", col.table, col.column);
  }
  if (drop_old) {
    keyring.drop_keys_older_than(report.new_version);
    report.dropped_old = true;
  }
  return report;
}

}  // namespace jz::app
