#pragma once
// The keys for field encryption, kept in a directory of their own (e.g. var/keys/, mode 0700):
//   field.keys       one line per key, `v<N> <base64 of 32 bytes>`; the highest N encrypts, older keys stay
//                    only to decrypt until rotation has re-encrypted every row, then drop_keys_older_than().
//   blind_index.key  one line, base64 of 32 bytes; keys the deterministic lookup hashes. It is never rotated
//                    with the field keys, because every stored blind index was computed with it.
// Both files are mode 0600. A missing directory with no files is a first start: both keys are generated.
// Anything else that is not exactly right (one file missing, unreadable, malformed, group/other permissions)
// throws std::runtime_error at start-up: running on with a wrong key would write data nobody can read.
//
// Not thread-safe for mutation: add_new_key() and drop_keys_older_than() are for the single-process key
// rotation command. Servers build a FieldCipher (an immutable snapshot) from a loaded Keyring instead.
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>

namespace jz::security {

// 32 secret bytes, wiped from memory when the object goes away.
class SecretKey final {
 public:
  static constexpr size_t kSize = 32;
  SecretKey() = default;
  SecretKey(const SecretKey&) = default;
  SecretKey& operator=(const SecretKey&) = default;
  ~SecretKey();
  const unsigned char* data() const { return bytes_.data(); }
  unsigned char* data() { return bytes_.data(); }
  static constexpr size_t size() { return kSize; }

 private:
  std::array<unsigned char, kSize> bytes_{};
};

class Keyring final {
 public:
  inline static constexpr const char* kFieldKeysFile = "field.keys";
  inline static constexpr const char* kBlindIndexKeyFile = "blind_index.key";

  // Loads the keys in `dir`, or creates the directory (0700) and both key files (0600) when neither file
  // exists. Throws std::runtime_error, naming the file and the fix, for every other irregularity.
  static Keyring load_or_create(const std::filesystem::path& dir);

  // Version of the key that encrypts new data (the highest held).
  uint32_t current_version() const { return field_keys_.rbegin()->first; }
  const SecretKey& current_key() const { return field_keys_.rbegin()->second; }
  // Every field key held, by version; never empty.
  const std::map<uint32_t, SecretKey>& field_keys() const { return field_keys_; }
  const SecretKey& blind_index_key() const { return blind_key_; }
  const std::filesystem::path& dir() const { return dir_; }

  // Generates key v<current+1>, rewrites field.keys atomically (temp file 0600 + fsync + rename) and only
  // then makes it current here. Returns the new version. Throws std::runtime_error if the file cannot be
  // written, leaving both the file and this object unchanged.
  uint32_t add_new_key();

  // Forgets every field key older than `version` and rewrites field.keys atomically. Call only after rotation
  // has re-encrypted every row, or those rows become unreadable. Throws std::invalid_argument if `version` is
  // above current_version() (that would drop the key in use), std::runtime_error if the file cannot be
  // written.
  void drop_keys_older_than(uint32_t version);

 private:
  Keyring() = default;

  std::filesystem::path dir_;
  std::map<uint32_t, SecretKey> field_keys_;  // never empty once loaded
  SecretKey blind_key_;
};

}  // namespace jz::security
