#include "security/keyring.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

#include "security/random.hpp"

namespace jz::security {
namespace fs = std::filesystem;

SecretKey::~SecretKey() {
  sodium_memzero(bytes_.data(), bytes_.size());
}

namespace {

constexpr int kB64 = sodium_base64_VARIANT_ORIGINAL;

[[noreturn]] void fail(const fs::path& file, const std::string& why) {
  throw std::runtime_error("key file " + file.string() + ": " + why);
}

std::string errno_text() {
  return std::strerror(errno);
}

// Holds file contents that include key material and wipes them afterwards.
class WipedString final {
 public:
  WipedString() = default;
  WipedString(const WipedString&) = delete;
  WipedString& operator=(const WipedString&) = delete;
  ~WipedString() { sodium_memzero(s_.data(), s_.size()); }
  std::string& get() { return s_; }

 private:
  std::string s_;
};

std::string to_base64(const SecretKey& key) {
  std::string out(sodium_base64_ENCODED_LEN(SecretKey::kSize, kB64), '\0');
  sodium_bin2base64(out.data(), out.size(), key.data(), key.size(), kB64);
  out.resize(out.size() - 1);  // drop the counted NUL
  return out;
}

bool from_base64(std::string_view text, SecretKey& key) {
  size_t len = 0;
  const char* end = nullptr;
  const int rc =
      sodium_base642bin(key.data(), key.size(), text.data(), text.size(), nullptr, &len, &end, kB64);
  return rc == 0 && len == SecretKey::kSize && end == text.data() + text.size();
}

// Key files must be regular files readable by the owner only: a key that others could read is already lost,
// so refusing to start is the only safe answer and the message says how to fix the mode.
void read_secret_file(const fs::path& file, std::string& out) {
  std::error_code ec;
  const fs::file_status st = fs::status(file, ec);
  if (ec) fail(file, "cannot stat: " + ec.message());
  if (st.type() != fs::file_type::regular) fail(file, "is not a regular file");
  const auto loose = st.permissions() & (fs::perms::group_all | fs::perms::others_all);
  if (loose != fs::perms::none) {
    std::ostringstream mode;
    mode << std::oct << (static_cast<unsigned>(st.permissions()) & 0777);
    fail(file, "has group/other permissions (mode 0" + mode.str() + "); run `chmod 600 " + file.string() +
                   "` after checking nobody else has read it");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) fail(file, "cannot be opened for reading: " + errno_text());
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) fail(file, "read error");
}

void fsync_dir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // best effort: the rename has happened; some filesystems refuse directory fsync
  ::fsync(fd);
  ::close(fd);
}

// Writes `content` to `file` so that a crash leaves either the old file or the new one, never half of each.
void write_secret_file(const fs::path& file, std::string_view content) {
  const fs::path tmp = file.string() + ".tmp";
  ::unlink(tmp.c_str());  // a leftover from a crash; O_EXCL below keeps a racing writer from sharing it
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) fail(tmp, "cannot be created: " + errno_text());
  bool ok = ::fchmod(fd, 0600) == 0;  // the umask can only remove bits, but say exactly what we mean
  for (size_t done = 0; ok && done < content.size();) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  const std::string why = ok ? std::string() : errno_text();
  ok = (::close(fd) == 0) && ok;
  if (!ok || ::rename(tmp.c_str(), file.c_str()) != 0) {
    const std::string reason = why.empty() ? errno_text() : why;
    ::unlink(tmp.c_str());
    fail(file, "cannot be written: " + reason);
  }
  fsync_dir(file.parent_path());
}

void parse_field_keys(const fs::path& file, std::string_view text, std::map<uint32_t, SecretKey>& keys) {
  size_t line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    // Never quote the line itself in the message: it may hold a key.
    const std::string bad = "line " + std::to_string(line_no) + " is not `v<version> <base64 32-byte key>`";
    const size_t space = line.find(' ');
    if (line[0] != 'v' || space == std::string_view::npos || space < 2) fail(file, bad);
    uint32_t version = 0;
    const char* first = line.data() + 1;
    const char* last = line.data() + space;
    const auto [ptr, ec] = std::from_chars(first, last, version);
    if (ec != std::errc() || ptr != last || version == 0) fail(file, bad);
    SecretKey key;
    if (!from_base64(line.substr(space + 1), key)) fail(file, bad);
    if (!keys.emplace(version, key).second) {
      fail(file,
           "version v" + std::to_string(version) + " appears twice (line " + std::to_string(line_no) + ")");
    }
  }
  if (keys.empty()) fail(file, "holds no keys");
}

void write_field_keys(const fs::path& file, const std::map<uint32_t, SecretKey>& keys) {
  WipedString text;
  for (const auto& [version, key] : keys) {
    text.get() += 'v' + std::to_string(version) + ' ' + to_base64(key) + '\n';
  }
  write_secret_file(file, text.get());
}

}  // namespace

Keyring Keyring::load_or_create(const fs::path& dir) {
  ensure_sodium();
  Keyring ring;
  ring.dir_ = dir;
  const fs::path field_file = dir / kFieldKeysFile;
  const fs::path blind_file = dir / kBlindIndexKeyFile;

  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) throw std::runtime_error("key directory " + dir.string() + " cannot be created: " + ec.message());
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
    if (ec)
      throw std::runtime_error("key directory " + dir.string() + " cannot be set to 0700: " + ec.message());
  } else if (!fs::is_directory(dir, ec)) {
    throw std::runtime_error("key directory " + dir.string() + " exists but is not a directory");
  }

  const bool have_field = fs::exists(fs::symlink_status(field_file, ec));
  const bool have_blind = fs::exists(fs::symlink_status(blind_file, ec));
  if (!have_field && !have_blind) {
    // First start. The blind-index key is written first: if we crash in between, the next start sees
    // field.keys missing and stops, rather than silently pairing new field keys with a lost index key.
    SecretKey field_key;
    crypto_aead_xchacha20poly1305_ietf_keygen(field_key.data());
    crypto_generichash_keygen(ring.blind_key_.data());
    write_secret_file(blind_file, to_base64(ring.blind_key_) + '\n');
    std::map<uint32_t, SecretKey> keys{{1, field_key}};
    write_field_keys(field_file, keys);
    ring.field_keys_ = std::move(keys);
    return ring;
  }
  // One file without the other means data was written with a key that is now missing: generating a fresh
  // one would make those rows unreadable (or unfindable) without anyone noticing.
  if (!have_field)
    fail(field_file, "is missing while " + blind_file.string() + " exists; restore it from backup");
  if (!have_blind)
    fail(blind_file, "is missing while " + field_file.string() + " exists; restore it from backup");

  WipedString text;
  read_secret_file(field_file, text.get());
  parse_field_keys(field_file, text.get(), ring.field_keys_);

  WipedString blind_text;
  read_secret_file(blind_file, blind_text.get());
  std::string_view b64 = blind_text.get();
  while (!b64.empty() && (b64.back() == '\n' || b64.back() == '\r')) b64.remove_suffix(1);
  if (!from_base64(b64, ring.blind_key_)) fail(blind_file, "is not the base64 of a 32-byte key");
  return ring;
}

uint32_t Keyring::add_new_key() {
  const uint32_t version = current_version();
  if (version == std::numeric_limits<uint32_t>::max()) {
    throw std::runtime_error("field key versions exhausted; drop old keys and renumber by hand");
  }
  std::map<uint32_t, SecretKey> next = field_keys_;
  SecretKey key;
  crypto_aead_xchacha20poly1305_ietf_keygen(key.data());
  next.emplace(version + 1, key);
  write_field_keys(dir_ / kFieldKeysFile, next);  // throws before we change anything in memory
  field_keys_ = std::move(next);
  return version + 1;
}

void Keyring::drop_keys_older_than(uint32_t version) {
  if (version > current_version()) {
    throw std::invalid_argument("drop_keys_older_than(v" + std::to_string(version) +
                                ") would drop the current key v" + std::to_string(current_version()));
  }
  std::map<uint32_t, SecretKey> next(field_keys_.lower_bound(version), field_keys_.end());
  if (next.size() == field_keys_.size()) return;  // nothing to drop, no need to touch the file
  write_field_keys(dir_ / kFieldKeysFile, next);
  field_keys_ = std::move(next);
}

}  // namespace jz::security
